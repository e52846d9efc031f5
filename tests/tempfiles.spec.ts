/**
 * Tests leave no files behind: tests/tmpdirHook.ts (a mocha root hook, .mocharc.json) gives the run its own temp
 * folder and fails the run when anything is left in it, or when the work tree's git status changed. This spec checks
 * that the hook is active for `npm test` (a plain `mocha` run with the project config).
 */
import assert from "node:assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ROOT } from "../offline/stackConfig";

describe("tests leave no files behind (tests/tmpdirHook.ts)", () => {
    it("is registered in .mocharc.json after the TypeScript loader", () => {
        const rc = JSON.parse(fs.readFileSync(path.join(ROOT, ".mocharc.json"), "utf8")) as { require: string[] };
        assert.deepEqual(rc.require, ["./scripts/register.js", "./tests/tmpdirHook.ts"]);
    });

    it("gives the run its own temp folder, which os.tmpdir() and child processes use", function () {
        const dir = process.env["AML_STAMP_TEST_TMPDIR"];
        if (dir === undefined) this.skip(); // a single spec run with --no-config: no hook
        assert.equal(os.tmpdir(), dir);
        assert.ok(fs.statSync(dir).isDirectory());
    });
});
