/**
 * `npm run platform:gh-variables -- [--stack NAME] [--from OUTPUTS.json] [--offline]`: prints the exact
 * `gh variable set …` lines that connect the repository's workflows to a deployed platform stack
 * (lib/platform.ts GITHUB_VARIABLES). By default it reads `pulumi stack output --json` of the platform stack (run from
 * platform/, needs the Pulumi CLI and a login to the platform's backend); `--from` reads a saved copy of that JSON;
 * `--offline` prints the lines of the offline plan (placeholder ids: for review only, never to run).
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import { ghVariableSetLines } from "../lib/platform";
import { evaluate } from "../offline/evaluate";
import { PLATFORM_ROOT } from "../offline/stackConfig";
import { Exit, parseOptions } from "./cli";

const USAGE = "usage: npm run platform:gh-variables -- [--stack NAME] [--from OUTPUTS.json | --offline]\n";

/** The `gh variable set` lines from the platform stack's outputs (`pulumi stack output --json`). */
export function linesFromOutputs(outputs: Record<string, unknown>): string[] {
    const repository = outputs["repository"];
    const variables = outputs["githubVariables"];
    if (typeof repository !== "string" || variables === null || typeof variables !== "object") {
        throw new Error("not the platform stack's outputs: repository and githubVariables are missing");
    }
    return ghVariableSetLines(repository, variables as Record<string, unknown>);
}

async function main(): Promise<number> {
    const values = parseOptions(
        {
            stack: { type: "string", default: "example" },
            from: { type: "string" },
            offline: { type: "boolean", default: false },
        } as const,
        USAGE,
    );
    if (values instanceof Exit) return values.code;
    let outputs: Record<string, unknown>;
    if (values.offline) {
        const e = await evaluate({ root: PLATFORM_ROOT, stack: values.stack });
        outputs = Object.fromEntries(Object.entries(e.outputs).map(([k, v]) => [k, v.value]));
        process.stdout.write("# offline plan: placeholder ids, for review only\n");
    } else if (values.from !== undefined) {
        outputs = JSON.parse(fs.readFileSync(values.from, "utf8")) as Record<string, unknown>;
    } else {
        let text: string;
        try {
            text = execFileSync("pulumi", ["stack", "output", "--json", "--stack", values.stack], {
                cwd: PLATFORM_ROOT,
                encoding: "utf8",
                stdio: ["ignore", "pipe", "inherit"],
            });
        } catch (err) {
            process.stderr.write(
                `could not read the platform stack "${values.stack}" (pulumi stack output in platform/): ${(err as Error).message}\n` +
                    "install the Pulumi CLI and log in to the platform's backend, or pass --from OUTPUTS.json\n",
            );
            return 1;
        }
        outputs = JSON.parse(text) as Record<string, unknown>;
    }
    process.stdout.write(`${linesFromOutputs(outputs).join("\n")}\n`);
    return 0;
}

if (require.main === module) {
    main().then(
        (code) => process.exit(code),
        (err: unknown) => {
            process.stderr.write(`platform:gh-variables failed: ${err instanceof Error ? err.message : String(err)}\n`);
            process.exit(1);
        },
    );
}
