/**
 * scripts/testBuild.js: the result files through which the tests wait for what npm test's type-check stage (or
 * mocha's global setup) makes for them. A maker that ends early must leave no test waiting.
 */
import assert from "node:assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ARTEFACTS, SCRATCH_MIN_FREE, scratchParent, writeMissingResults, writeResult } from "../scripts/testBuild.js";

describe("scripts/testBuild.js (the tests' shared artefacts)", () => {
    let dir: string;
    beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "aml-stamp-artefacts-"))));
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
    const read = (name: string): unknown => JSON.parse(fs.readFileSync(path.join(dir, `${name}.json`), "utf8"));

    it("writes each result whole, as its own file, with no temporary file left", () => {
        writeResult(dir, "schema", { code: 0, output: "{}\n" });
        assert.deepEqual(read("schema"), { code: 0, output: "{}\n" });
        assert.deepEqual(fs.readdirSync(dir), ["schema.json"]);
    });

    it("a maker that ended early: every result it did not write fails, saying why; the written ones are kept", () => {
        writeResult(dir, "build", { code: 0, output: "" });
        writeMissingResults(dir, "typecheck-and-lint ended (SIGKILL)");
        assert.deepEqual(read("build"), { code: 0, output: "" });
        assert.deepEqual(read("schema"), {
            code: null,
            output: "typecheck-and-lint ended (SIGKILL) before making the schema\n",
        });
        assert.deepEqual(fs.readdirSync(dir).sort(), ARTEFACTS.map((a) => `${a}.json`).sort());
    });
});

describe("scripts/testBuild.js scratchParent (where a test run's scratch files go)", () => {
    const TMPFS = 0x01021994;
    const statfs =
        (type: number, free: number) =>
        (p: string): { type: number; bavail: number; bsize: number } => {
            assert.equal(p, "/dev/shm");
            return { type, bavail: free / 4096, bsize: 4096 };
        };
    const writable = (): void => undefined;
    const readOnly = (): never => {
        throw Object.assign(new Error("EACCES: permission denied, access '/dev/shm'"), { code: "EACCES" });
    };
    const noShm = (): never => {
        throw Object.assign(new Error("ENOENT: no such file or directory, statfs '/dev/shm'"), { code: "ENOENT" });
    };

    it("$TMPDIR when it is set, whatever else there is", () => {
        assert.equal(
            scratchParent({ TMPDIR: "/var/scratch" }, "linux", statfs(TMPFS, SCRATCH_MIN_FREE), writable),
            "/var/scratch",
        );
    });

    it("Linux's /dev/shm when it is a tmpfs with room to spare and $TMPDIR is unset or empty", () => {
        assert.equal(scratchParent({}, "linux", statfs(TMPFS, SCRATCH_MIN_FREE), writable), "/dev/shm");
        assert.equal(scratchParent({ TMPDIR: "" }, "linux", statfs(TMPFS, 8 * SCRATCH_MIN_FREE), writable), "/dev/shm");
    });

    it("the system's temp folder otherwise: too small, not a tmpfs, missing, or not Linux", () => {
        const dflt = os.tmpdir();
        assert.equal(scratchParent({}, "linux", statfs(TMPFS, SCRATCH_MIN_FREE / 2), writable), dflt); // a container's small shm
        assert.equal(scratchParent({}, "linux", statfs(0xef53, 8 * SCRATCH_MIN_FREE), writable), dflt); // ext4
        assert.equal(scratchParent({}, "linux", noShm, writable), dflt);
        assert.equal(scratchParent({}, "linux", statfs(TMPFS, 8 * SCRATCH_MIN_FREE), readOnly), dflt);
        assert.equal(scratchParent({}, "darwin", statfs(TMPFS, 8 * SCRATCH_MIN_FREE), writable), dflt);
    });
});
