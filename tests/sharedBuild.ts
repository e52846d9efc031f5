/**
 * What the tests compare, made once per test run from one program of the sources (scripts/testArtefacts.js): the
 * package build (what `npm run build` makes: tests/package.integration.spec.ts packs it, the release workflow's jobs
 * ship it) and the package schema (what `npm run schema` writes: tests/schema.integration.spec.ts compares it with
 * schema.json). Under `npm test` the type-check stage makes them (scripts/testBuild.js). mocha run alone: its global
 * setup (.mocharc.json `require`; mochajs.org "Global Fixtures": run once in the main process, also in parallel mode,
 * before the workers start) runs scripts/testArtefacts.js in the background; the workers inherit its folder through
 * $AML_STAMP_TEST_BUILD and wait for the result files. A spec run alone (mocha --no-config) starts it on first use.
 * Both are of the working tree, as CI's clean clone has it.
 */
import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ROOT } from "../offline/stackConfig";
import { type Artefact, BUILD_ENV, type BuildResult, writeMissingResults } from "../scripts/testBuild.js";

/** Runs scripts/testArtefacts.js into `dir`; a result it did not write is written as failed, with its output. */
function startArtefacts(dir: string): Promise<void> {
    return new Promise((resolve) => {
        const chunks: Buffer[] = [];
        const child = spawn(process.execPath, [path.join(ROOT, "scripts", "testArtefacts.js"), dir], {
            cwd: ROOT,
            stdio: ["ignore", "pipe", "pipe"],
        });
        child.stdout.on("data", (d: Buffer) => chunks.push(d));
        child.stderr.on("data", (d: Buffer) => chunks.push(d));
        const done = (why: string): void => {
            writeMissingResults(
                dir,
                `${Buffer.concat(chunks).toString("utf8")}scripts/testArtefacts.js ended (${why})`,
            );
            resolve();
        };
        child.on("error", (err) => done(err.message));
        child.on("close", (code) => done(`exit ${String(code)}`));
    });
}

let running: Promise<void> | undefined;
let globalDir: string | undefined;

/**
 * Mocha global fixtures (main process): the artefacts are started with the run and their folder is removed after it.
 * Under `npm test` the folder is given (scripts/testBuild.js): the type-check stage makes them from its own program.
 */
export function mochaGlobalSetup(): void {
    if (process.env[BUILD_ENV] !== undefined) return;
    globalDir = fs.mkdtempSync(path.join(os.tmpdir(), "aml-stamp-build-"));
    process.env[BUILD_ENV] = globalDir;
    running = startArtefacts(globalDir);
}
export async function mochaGlobalTeardown(): Promise<void> {
    await running;
    if (globalDir !== undefined) fs.rmSync(globalDir, { recursive: true, force: true });
}

let local: { dir: string; made: Promise<void> } | undefined;
process.on("exit", () => {
    if (local !== undefined) fs.rmSync(local.dir, { recursive: true, force: true });
});

/** An artefact's output, once its result file is written; an error with its output when it failed. */
async function artefact(name: Artefact): Promise<{ dir: string; output: string }> {
    let dir = process.env[BUILD_ENV];
    if (dir === undefined) {
        // Beside the run's temp folder, not in it (tests/tmpdirHook checks each spec leaves it empty); removed at exit.
        local ??= (() => {
            const run = process.env["AML_STAMP_TEST_TMPDIR"];
            const d = fs.mkdtempSync(
                path.join(run !== undefined ? path.dirname(run) : os.tmpdir(), "aml-stamp-build-"),
            );
            return { dir: d, made: startArtefacts(d) };
        })();
        await local.made;
        dir = local.dir;
    }
    const result = path.join(dir, `${name}.json`);
    while (!fs.existsSync(result)) await new Promise((r) => setTimeout(r, 100));
    const { code, output } = JSON.parse(fs.readFileSync(result, "utf8")) as BuildResult;
    if (code !== 0) throw new Error(`the tests' ${name} failed (exit ${String(code)}):\n${output}`);
    return { dir, output };
}

/** The run's build: the folder holding package.js and its declarations (read-only: copy it to change it). */
export async function sharedBuild(): Promise<string> {
    return path.join((await artefact("build")).dir, "dist");
}

/** The run's package schema: the text `npm run schema` writes to schema.json, inferred by the SDK's analyzer. */
export async function sharedSchema(): Promise<string> {
    return (await artefact("schema")).output;
}
