/**
 * scripts/register.js: the TypeScript loader of the plan, the scripts and these tests. Stack traces must keep
 * pointing at .ts lines (the transpiled code drops type-only lines, so JS and TS line numbers differ).
 */
import assert from "node:assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { spawnSync } from "child_process";

interface Shape {
    readonly a: number;
    readonly b: string;
}

function stackHere(_shape: Shape): string {
    return new Error("here").stack ?? "";
}

describe("scripts/register.js", () => {
    it("maps stack traces to the .ts source line", () => {
        const stack = stackHere({ a: 1, b: "x" });
        // `return new Error("here").stack` is on line 17 of this file.
        assert.match(stack, /register\.spec\.ts:17:\d+/);
    });

    it("transpiles into the cache directory and reuses it", () => {
        const cache = fs.mkdtempSync(path.join(os.tmpdir(), "aml-stamp-tscache-"));
        try {
            const run = (): string => {
                const r = spawnSync(
                    process.execPath,
                    ["-r", "./scripts/register.js", "-e", 'console.log(require("./lib/uuid").deterministicUuid("a"))'],
                    {
                        cwd: path.join(__dirname, ".."),
                        env: { ...process.env, AML_STAMP_TS_CACHE: cache },
                        encoding: "utf8",
                    },
                );
                assert.equal(r.status, 0, r.stderr);
                return r.stdout;
            };
            const first = run();
            const entries = fs.readdirSync(cache, { recursive: true }).filter((f) => String(f).endsWith(".js"));
            assert.ok(entries.length > 0, "the first run fills the cache");
            assert.equal(run(), first);
        } finally {
            fs.rmSync(cache, { recursive: true, force: true });
        }
    });
});
