/**
 * `npm run platform:gh-variables -- [--stack NAME] [--from OUTPUTS.json] [--offline]`: prints the exact
 * `gh variable set …` lines that connect the repository's workflows to a deployed platform stack
 * (platform/github.ts GITHUB_VARIABLES). By default it reads `pulumi stack output --json` of the platform stack (run from
 * platform/, needs the Pulumi CLI and a login to the platform's backend); `--from` reads a saved copy of that JSON;
 * `--offline` prints the lines of the offline plan (placeholder ids: for review only, never to run).
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import { ghVariableSetLines } from "../platform/github";
import { evaluate } from "../offline/evaluate";
import { PLATFORM_ROOT } from "../offline/stackConfig";
import {
    type Command,
    Exit,
    type Io,
    type Options,
    parseOptions,
    pulumiCliMissing,
    qualifiedStackNameProblem,
    runMain,
    stackNameProblem,
    usageError,
} from "./cli";
import { missingPlatformStack } from "./plan";

/** The command line, declared once (scripts/cli.ts): parsing, `--help` and the sweep of tests/cli.spec.ts. */
export const GH_VARIABLES_COMMAND = {
    name: "npm run platform:gh-variables --",
    synopsis: ["[--stack NAME] [--from OUTPUTS.json | --offline]"],
    summary:
        "Prints the `gh variable set` lines that connect the workflows to a deployed platform stack (its outputs).",
    options: {
        stack: {
            type: "string",
            value: "NAME",
            default: "example",
            check: qualifiedStackNameProblem,
            description: "the platform stack ([org/[project/]]name with Pulumi Cloud)",
        },
        from: {
            type: "string",
            value: "OUTPUTS.json",
            description: "a saved `pulumi stack output --json` of the platform stack instead of the Pulumi CLI",
        },
        offline: {
            type: "boolean",
            default: false,
            description: "the lines of the offline plan (placeholder ids: for review only, never to run)",
        },
    },
    conflicts: [["from", "offline"]],
} as const satisfies Command<Options>;

/** The `gh variable set` lines from the platform stack's outputs (`pulumi stack output --json`). */
export function linesFromOutputs(outputs: Record<string, unknown>): string[] {
    const repository = outputs["repository"];
    const variables = outputs["githubVariables"];
    if (typeof repository !== "string" || variables === null || typeof variables !== "object") {
        throw new Error("not the platform stack's outputs: repository and githubVariables are missing");
    }
    return ghVariableSetLines(repository, variables as Record<string, unknown>);
}

/** Why the platform stack's outputs cannot be read: the Pulumi CLI missing (ENOENT) said as such, else the error. */
export function pulumiOutputProblem(stack: string, err: unknown): string {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") {
        return pulumiCliMissing(
            "platform:gh-variables reads the platform stack's outputs with it (`pulumi stack output --json` in platform/)",
            "or pass --from OUTPUTS.json (a saved copy of those outputs) or --offline (placeholder ids, for review only)",
        );
    }
    return (
        `could not read the platform stack "${stack}" (pulumi stack output in platform/): ${(err as Error).message}\n` +
        "log in to the platform's backend (`pulumi login`) and check the stack name, or pass --from OUTPUTS.json"
    );
}

/** The CLI: exit 0, 1 (outputs not readable) or 2 (usage). */
export async function main(argv: readonly string[], io: Io): Promise<number> {
    const values = parseOptions(GH_VARIABLES_COMMAND, argv, io);
    if (values instanceof Exit) return values.code;
    let outputs: Record<string, unknown>;
    if (values.offline) {
        const problem = stackNameProblem(values.stack);
        if (problem !== undefined)
            return usageError(GH_VARIABLES_COMMAND, io, `--stack ${values.stack}: ${problem}`).code;
        const missing = missingPlatformStack(values.stack);
        if (missing !== undefined) {
            io.err(`${missing}\n`);
            return 1;
        }
        const e = await evaluate({ root: PLATFORM_ROOT, stack: values.stack });
        outputs = Object.fromEntries(Object.entries(e.outputs).map(([k, v]) => [k, v.value]));
        io.out("# offline plan: placeholder ids, for review only\n");
    } else {
        let text: string;
        const source = values.from ?? `pulumi stack output --json --stack ${values.stack}`;
        if (values.from !== undefined) {
            try {
                text = fs.readFileSync(values.from, "utf8");
            } catch (err) {
                io.err(`--from ${values.from}: cannot read the file (${(err as Error).message})\n`);
                return 1;
            }
        } else {
            try {
                text = execFileSync("pulumi", ["stack", "output", "--json", "--stack", values.stack], {
                    cwd: PLATFORM_ROOT,
                    encoding: "utf8",
                    stdio: ["ignore", "pipe", "inherit"],
                });
            } catch (err) {
                io.err(`${pulumiOutputProblem(values.stack, err)}\n`);
                return 1;
            }
        }
        try {
            outputs = JSON.parse(text) as Record<string, unknown>;
            io.out(`${linesFromOutputs(outputs).join("\n")}\n`);
            return 0;
        } catch (err) {
            io.err(`${source}: ${(err as Error).message}\n`);
            return 1;
        }
    }
    io.out(`${linesFromOutputs(outputs).join("\n")}\n`);
    return 0;
}

if (require.main === module) runMain("platform:gh-variables", main);
