/**
 * scripts/testBuild.js: the result files through which the tests wait for what npm test's type-check stage (or
 * mocha's global setup) makes for them. A maker that ends early must leave no test waiting.
 */
import assert from "node:assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ARTEFACTS, writeMissingResults, writeResult } from "../scripts/testBuild.js";

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
