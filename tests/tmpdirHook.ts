/**
 * Mocha root hooks (.mocharc.json `require`): tests leave no files behind. Before any spec loads, the run gets its
 * own empty temp folder: `TMPDIR`, which `os.tmpdir()` reads on every call on POSIX (nodejs.org/api/os.html#ostmpdir)
 * and which child processes inherit. After the whole run, the folder must be empty (it is then removed) and the work
 * tree's `git status` unchanged; otherwise the run fails naming what was left. tests/tempfiles.spec.ts checks that
 * the hook is in place. Under `mocha --parallel` each worker process loads this module and root hooks run once per
 * spec file (mochajs.org, "Root Hook Plugins": "before all" and "after all" run once per file in parallel mode), so
 * each file gets the folder fresh and the check names the file that left something.
 */
import * as fs from "fs";
import * as path from "path";
import { spawnSync } from "child_process";
import { scratchParent } from "../scripts/testBuild.js";

const ROOT = path.resolve(__dirname, "..");
// $TMPDIR when set (npm test sets it), else a memory filesystem when there is one (scripts/testBuild.js).
const outer = scratchParent();
/** The run's temp folder; `AML_STAMP_TEST_TMPDIR` tells specs which folder the hook watches. */
export const RUN_TMPDIR = fs.mkdtempSync(path.join(outer, "aml-stamp-test-run-"));
process.env["TMPDIR"] = RUN_TMPDIR;
process.env["AML_STAMP_TEST_TMPDIR"] = RUN_TMPDIR;
// A run that ends before afterAll (a spec that fails to load, an unknown reporter) still removes its folder.
process.on("exit", () => fs.rmSync(RUN_TMPDIR, { recursive: true, force: true }));

function gitStatus(): string {
    const r = spawnSync("git", ["status", "--porcelain", "--untracked-files=all"], { cwd: ROOT, encoding: "utf8" });
    return r.status === 0 ? r.stdout : "";
}

let statusBefore = "";

export const mochaHooks = {
    beforeAll(): void {
        fs.mkdirSync(RUN_TMPDIR, { recursive: true });
        process.env["TMPDIR"] = RUN_TMPDIR;
        statusBefore = gitStatus();
    },
    afterAll(this: Mocha.Context): void {
        process.env["TMPDIR"] = outer;
        const left = fs.readdirSync(RUN_TMPDIR);
        fs.rmSync(RUN_TMPDIR, { recursive: true, force: true });
        // Under --parallel the root suite holds one spec file: name it.
        const specs = [...new Set(this.test?.parent?.suites.map((s) => s.file) ?? [])];
        const files = specs.length === 1 ? path.relative(ROOT, specs[0]!) : "the whole run";
        if (left.length > 0) {
            throw new Error(
                `tests left files in the temp folder (remove them in an after hook): ${left.join(", ")} (${files})`,
            );
        }
        const statusAfter = gitStatus();
        if (statusAfter !== statusBefore) {
            throw new Error(
                `tests changed the work tree (${files}):\nbefore:\n${statusBefore}\nafter:\n${statusAfter}`,
            );
        }
    },
};
