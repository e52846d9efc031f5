/**
 * The package build (`npm run build`: the program of tsconfig.build.json with declarations), run once per test run
 * and shared by the specs that need a dist/ (tests/package.integration.spec.ts packs it, the release workflow's jobs
 * ship it). Under `npm test` the type-check stage makes it (scripts/testBuild.js). mocha run alone: its global setup
 * (.mocharc.json `require`; mochajs.org "Global Fixtures": run once in the main process, also in parallel mode,
 * before the workers start) starts `npm run build` in the background; the workers inherit its folder through
 * $AML_STAMP_TEST_BUILD and wait for its result file. A spec run alone (mocha --no-config) builds on first use, in
 * the process. The build is of the working tree, as CI's clean clone has it.
 */
import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ROOT } from "../offline/stackConfig";
import { BUILD_ENV, type BuildResult, writeBuildResult } from "../scripts/testBuild.js";
const NPM = process.platform === "win32" ? "npm.cmd" : "npm";

/** Runs `npm run build -- <dir>/dist` and writes `<dir>/result.json` (exit code and output) when it ends. */
function startBuild(dir: string): Promise<void> {
    return new Promise((resolve) => {
        const chunks: Buffer[] = [];
        const child = spawn(NPM, ["run", "--silent", "build", "--", path.join(dir, "dist")], {
            cwd: ROOT,
            stdio: ["ignore", "pipe", "pipe"],
        });
        child.stdout.on("data", (d: Buffer) => chunks.push(d));
        child.stderr.on("data", (d: Buffer) => chunks.push(d));
        const done = (code: number | null, error?: Error): void => {
            writeBuildResult(dir, {
                code,
                output: Buffer.concat(chunks).toString("utf8") + (error ? error.message : ""),
            });
            resolve();
        };
        child.on("error", (err) => done(null, err));
        child.on("close", (code) => done(code));
    });
}

let running: Promise<void> | undefined;
let globalDir: string | undefined;

/**
 * Mocha global fixtures (main process): the build starts with the run and its folder is removed after it. Under
 * `npm test` the folder is given (scripts/testBuild.js): the type-check stage builds into it from its own program.
 */
export function mochaGlobalSetup(): void {
    if (process.env[BUILD_ENV] !== undefined) return;
    globalDir = fs.mkdtempSync(path.join(os.tmpdir(), "aml-stamp-build-"));
    process.env[BUILD_ENV] = globalDir;
    running = startBuild(globalDir);
}
export async function mochaGlobalTeardown(): Promise<void> {
    await running;
    if (globalDir !== undefined) fs.rmSync(globalDir, { recursive: true, force: true });
}

let local: { dir: string; built: Promise<void> } | undefined;
process.on("exit", () => {
    if (local !== undefined) fs.rmSync(local.dir, { recursive: true, force: true });
});

/** The run's build: the folder holding package.js and its declarations (read-only: copy it to change it). */
export async function sharedBuild(): Promise<string> {
    let dir = process.env[BUILD_ENV];
    if (dir === undefined) {
        // Beside the run's temp folder, not in it (tests/tmpdirHook checks each spec leaves it empty); removed at exit.
        local ??= (() => {
            const run = process.env["AML_STAMP_TEST_TMPDIR"];
            const d = fs.mkdtempSync(
                path.join(run !== undefined ? path.dirname(run) : os.tmpdir(), "aml-stamp-build-"),
            );
            return { dir: d, built: startBuild(d) };
        })();
        await local.built;
        dir = local.dir;
    }
    const result = path.join(dir, "result.json");
    while (!fs.existsSync(result)) await new Promise((r) => setTimeout(r, 100));
    const { code, output } = JSON.parse(fs.readFileSync(result, "utf8")) as BuildResult;
    if (code !== 0) throw new Error(`npm run build failed (exit ${String(code)}):\n${output}`);
    return path.join(dir, "dist");
}
