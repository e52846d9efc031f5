/**
 * Tests leave no files behind: tests/tmpdirHook.ts (a mocha root hook, .mocharc.json) gives the run its own temp
 * folder and fails the run when anything is left in it, or when the work tree's git status changed. This spec checks
 * that the hook is active for `npm test` (a plain `mocha` run with the project config).
 */
import assert from "node:assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { spawnSync } from "child_process";
import { ROOT } from "../offline/stackConfig";

describe("tests leave no files behind (tests/tmpdirHook.ts)", () => {
    it("is registered in .mocharc.json after the TypeScript loader", () => {
        const rc = JSON.parse(fs.readFileSync(path.join(ROOT, ".mocharc.json"), "utf8")) as { require: string[] };
        assert.deepEqual(rc.require, [
            "./scripts/register.js",
            "./tests/warmTranspile.ts",
            "./tests/tmpdirHook.ts",
            "./tests/sharedBuild.ts",
        ]);
    });

    it("gives the run its own temp folder, which os.tmpdir() and child processes use", function () {
        const dir = process.env["AML_STAMP_TEST_TMPDIR"];
        if (dir === undefined) this.skip(); // a single spec run with --no-config: no hook
        assert.equal(os.tmpdir(), dir);
        assert.ok(fs.statSync(dir).isDirectory());
    });
});

describe("a run that ends before its hooks (a spec that fails to load, an unknown reporter)", () => {
    it("still removes its temp folder when the process exits (failed before: the folder was left in /tmp)", () => {
        const outer = fs.mkdtempSync(path.join(os.tmpdir(), "tmpdir-hook-"));
        try {
            // The process itself is under test: it loads the hook and exits without running mocha's afterAll.
            const r = spawnSync(
                process.execPath,
                ["-r", "./scripts/register.js", "-e", 'require("./tests/tmpdirHook.ts"); process.exit(1)'],
                { cwd: ROOT, env: { ...process.env, TMPDIR: outer }, encoding: "utf8" },
            );
            assert.equal(r.status, 1, r.stderr);
            assert.deepEqual(fs.readdirSync(outer), []);
        } finally {
            fs.rmSync(outer, { recursive: true, force: true });
        }
    });
});
