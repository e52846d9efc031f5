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
import { parseArgs } from "node:util";
import { listStacks, ROOT } from "../offline/stackConfig";

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

/**
 * Pulumi's stack name rule: 1-100 of letters, digits, `_`, `.` and `-` (pulumi/pulumi v3.248.0
 * sdk/go/common/tokens/stack_name.go `ParseStackName`).
 */
export function stackNameProblem(stack: string): string | undefined {
    if (stack.length === 0 || stack.length > 100) return "a stack name has 1-100 characters";
    const bad = /[^A-Za-z0-9_.-]/.exec(stack);
    return bad === null
        ? undefined
        : `a stack name may only contain letters, digits, hyphens, underscores and periods, not ${JSON.stringify(bad[0])}`;
}

function main(argv: readonly string[]): number {
    const { values } = parseArgs({
        args: [...argv],
        options: { "changed-from": { type: "string" }, root: { type: "string" } },
        strict: true,
    });
    const root = values.root === undefined ? ROOT : path.resolve(values.root);
    const all = listStacks(root);
    const invalid = all.flatMap((s) => {
        const problem = stackNameProblem(s);
        return problem === undefined ? [] : [`${path.join(root, `Pulumi.${s}.yaml`)}: ${problem}`];
    });
    if (invalid.length > 0) {
        process.stderr.write(`ci:stacks: ${invalid.join("\n")}\n`);
        return 2;
    }
    const base = values["changed-from"];
    // An all-zero SHA is what GitHub sends for the first push of a branch: treat it as "everything changed".
    if (base === undefined || base === "" || /^0+$/.test(base)) {
        process.stdout.write(`${JSON.stringify(all)}\n`);
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
        process.stderr.write(
            `ci:stacks: cannot diff against ${base} (${(err as Error).message.split("\n")[0]}): every stack\n`,
        );
        process.stdout.write(`${JSON.stringify(all)}\n`);
        return 0;
    }
    process.stdout.write(`${JSON.stringify(stacksForChanges(changed, all))}\n`);
    return 0;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
