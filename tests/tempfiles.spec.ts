/**
 * Tests leave no files behind: a full run of every spec that writes files (temporary project roots, fake
 * credentials, transpile caches), in a child mocha with its own empty temp folder (`TMPDIR`, which `os.tmpdir()`
 * reads on POSIX: nodejs.org/api/os.html#ostmpdir), must leave that folder empty and the work tree's git status
 * unchanged.
 */
import assert from "node:assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { spawnSync } from "child_process";
import { ROOT } from "../scripts/offline/stackConfig";

/** Every spec that writes files; this spec itself is left out (it would run itself again). */
const WRITING_SPECS = fs
    .readdirSync(path.join(ROOT, "tests"))
    .filter((f) => f.endsWith(".spec.ts") && f !== "tempfiles.spec.ts")
    .filter((f) => /mkdtemp|tmpdir\(|writeFileSync/.test(fs.readFileSync(path.join(ROOT, "tests", f), "utf8")))
    .sort();

function gitStatus(): string {
    const r = spawnSync("git", ["status", "--porcelain", "--untracked-files=all"], { cwd: ROOT, encoding: "utf8" });
    return r.status === 0 ? r.stdout : `(git status failed: ${r.stderr})`;
}

describe("tests leave no files behind", () => {
    it(`a run of the writing specs (${WRITING_SPECS.join(", ")}) leaves the temp folder as it was`, function () {
        this.timeout(600_000);
        assert.ok(WRITING_SPECS.includes("writeCredentials.spec.ts"), WRITING_SPECS.join(","));
        const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "aml-stamp-tmpcheck-"));
        try {
            const before = gitStatus();
            const r = spawnSync(
                process.execPath,
                [
                    path.join(ROOT, "node_modules", "mocha", "bin", "mocha.js"),
                    "--no-config",
                    "-r",
                    "./scripts/register.js",
                    "--extension",
                    "ts",
                    "--timeout",
                    "120000",
                    "--reporter",
                    "dot",
                    ...WRITING_SPECS.map((f) => `tests/${f}`),
                ],
                { cwd: ROOT, env: { ...process.env, TMPDIR: tmp }, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 },
            );
            assert.equal(r.status, 0, `${r.stdout.slice(-4000)}\n${r.stderr.slice(-4000)}`);
            assert.deepEqual(fs.readdirSync(tmp), [], "the writing specs left files in the temp folder");
            assert.equal(gitStatus(), before, "the writing specs changed the work tree");
        } finally {
            fs.rmSync(tmp, { recursive: true, force: true });
        }
    });
});
