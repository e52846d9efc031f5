/**
 * `npm run --silent ci:stacks [-- --changed-from SHA] [--root DIR]`: the stacks a CI job runs for, as a JSON array
 * (the matrix).
 *
 * Without `--changed-from`: every stack with a `Pulumi.<stack>.yaml`. With it: the stacks a push changes, from
 * `git diff --name-only SHA HEAD`: a changed stack file selects its stack; a change to anything that can change what
 * a stack deploys (program, config schema, dependencies, Pulumi.yaml defaults, policy pack) selects every stack;
 * changes only to files that never reach Azure (docs, tests, offline scripts, workflows) select none.
 * `--root DIR` lists the stack files of another checkout: the pull-request workflow runs the base branch's copy of
 * this script over the pull request's files, so the pull request's code never chooses what the credentialed preview
 * runs for. A file whose name is not a Pulumi stack name fails the listing (exit 2).
 */
import { execFileSync } from "node:child_process";
import * as path from "path";
import { listStacks, ROOT } from "../offline/stackConfig";
import { type Command, Exit, type Io, type Options, parseOptions, runMain, stackNameProblem } from "./cli";

/** The command line, declared once (scripts/cli.ts): parsing, `--help` and the sweep of tests/cli.spec.ts. */
export const CI_STACKS_COMMAND = {
    name: "npm run --silent ci:stacks --",
    synopsis: ["[--changed-from SHA] [--root DIR]"],
    summary: "The stacks a CI job runs for, as a JSON array (the matrix): every stack, or those a push changes.",
    options: {
        "changed-from": {
            type: "string",
            value: "SHA",
            description: "only the stacks `git diff --name-only SHA HEAD` changes (all zeros or unknown: every stack)",
        },
        root: {
            type: "string",
            value: "DIR",
            description:
                "list the stack files of another checkout (the pull request's, read by the base branch's code)",
        },
    },
} as const satisfies Command<Options>;

/**
 * Paths that never change a deployment. Anything else (including files added later in new folders) counts as
 * program code, so the safe direction is to deploy too much, never too little.
 */
const INERT = [
    /^docs\//,
    /^tests\//,
    /^scripts\//,
    /^\.github\//,
    /^\.ci\//,
    /^esc\//, // an example ESC definition; the live one is edited in Pulumi ESC, not deployed from here
    /\.md$/,
    /^\.(mocharc\.json|prettierrc\.json|prettierignore|gitignore)$/,
    /^eslint\.config\.mjs$/,
    // Packaging (docs/packaging.md): example programs, the licence, the plugin manifest, the build config and the
    // generated schema never change what this repository's stacks deploy.
    /^examples\//,
    /^LICENSE$/,
    /^PulumiPlugin\.yaml$/,
    /^tsconfig\.build\.json$/,
    /^schema\.json$/,
];

/** The stacks to run for `changedFiles` (repository-relative paths). Deleted stack files select nothing. */
export function stacksForChanges(changedFiles: readonly string[], allStacks: readonly string[]): string[] {
    const selected = new Set<string>();
    for (const file of changedFiles) {
        const stack = /^Pulumi\.(.+)\.yaml$/.exec(file)?.[1];
        if (stack !== undefined) {
            if (allStacks.includes(stack)) selected.add(stack);
            continue;
        }
        if (INERT.some((re) => re.test(file))) continue;
        return [...allStacks];
    }
    return allStacks.filter((s) => selected.has(s));
}

/** The CLI: exit 0 (the JSON array on stdout) or 2 (usage, or a stack file whose name is no stack name). */
export function main(argv: readonly string[], io: Io): number {
    const values = parseOptions(CI_STACKS_COMMAND, argv, io);
    if (values instanceof Exit) return values.code;
    const root = values.root === undefined ? ROOT : path.resolve(values.root);
    const all = listStacks(root);
    const invalid = all.flatMap((s) => {
        const problem = stackNameProblem(s);
        return problem === undefined ? [] : [`${path.join(root, `Pulumi.${s}.yaml`)}: ${problem}`];
    });
    if (invalid.length > 0) {
        io.err(`ci:stacks: ${invalid.join("\n")}\n`);
        return 2;
    }
    const base = values["changed-from"];
    // An all-zero SHA is what GitHub sends for the first push of a branch: treat it as "everything changed".
    if (base === undefined || base === "" || /^0+$/.test(base)) {
        io.out(`${JSON.stringify(all)}\n`);
        return 0;
    }
    let changed: string[];
    try {
        changed = execFileSync("git", ["diff", "--name-only", base, "HEAD"], {
            cwd: root,
            encoding: "utf8",
            stdio: ["ignore", "pipe", "pipe"],
        })
            .split("\n")
            .filter((l) => l !== "");
    } catch (err) {
        // Unknown base (force push, shallow clone): deploy every stack rather than miss one.
        io.err(`ci:stacks: cannot diff against ${base} (${(err as Error).message.split("\n")[0]}): every stack\n`);
        io.out(`${JSON.stringify(all)}\n`);
        return 0;
    }
    io.out(`${JSON.stringify(stacksForChanges(changed, all))}\n`);
    return 0;
}

if (require.main === module) runMain("ci:stacks", main);
