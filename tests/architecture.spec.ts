/**
 * docs/architecture.md stays true: its file map (generated from docs/files.yaml) names every source file of the
 * project, each under its directory, and names no file that does not exist. Policy rule files are covered by the `policies/<resource>/`
 * entry (policy/tests/layout.spec.ts keeps them one-to-one with the generated policies/rules.ts); specs are not listed.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { ROOT } from "../offline/stackConfig";
import { FILE_LIST, listedPaths, parseFileList, renderFileMap, withFileMap } from "../scripts/fileMapDocs";

const DOC = path.join(ROOT, "docs", "architecture.md");
const SOURCE = /\.(ts|js|mjs)$/;
const RULE_FILE = /^policy\/policies\/(?!kit\/)[^/]+\/[^/]+\.ts$/;
const SPEC = /\.spec\.ts$/;

function trackedSources(): string[] {
    const files = execFileSync("git", ["ls-files"], { cwd: ROOT, encoding: "utf8" }).split("\n");
    return files.filter(
        (f) =>
            SOURCE.test(f) &&
            !SPEC.test(f) &&
            !RULE_FILE.test(f) &&
            !f.startsWith("examples/") &&
            (!f.includes("/") || /^(config|lib|components|offline|policy|scripts|bench|platform|tests)\//.test(f)) &&
            !f.startsWith("tests/fixtures/"),
    );
}

describe("docs/architecture.md", () => {
    const entries = parseFileList(fs.readFileSync(FILE_LIST, "utf8"));
    const mapped = listedPaths(entries);

    it("its file map is the one docs/files.yaml generates (run `npm run docs:files`)", () => {
        const doc = fs.readFileSync(DOC, "utf8");
        assert.equal(
            doc,
            withFileMap(doc, renderFileMap(entries)),
            "docs/architecture.md is stale: run npm run docs:files",
        );
    });

    it("refuses a list entry of the wrong shape and a page without the markers, naming the file", () => {
        assert.throws(
            () => parseFileList("- a.ts: x\n- b.ts: 1\n", "docs/x.yaml"),
            /docs\/x\.yaml: the file\[1\] must be/,
        );
        assert.throws(() => withFileMap("# no markers", "x", "docs/x.md"), /docs\/x\.md: the markers/);
    });

    it("names every source file under its directory, one entry each", () => {
        const missing = trackedSources().filter((f) => !mapped.has(f));
        assert.deepEqual(missing, [], "add these to docs/files.yaml, then run npm run docs:files");
    });

    it("names only files and directories that exist", () => {
        const gone = [...mapped].filter(
            (p) => !p.includes("<") && !p.includes("*") && !fs.existsSync(path.join(ROOT, p)),
        );
        assert.deepEqual(gone, []);
    });

    it("covers the policy rules by policies/<resource>/ and has the four recipes", () => {
        assert.ok(mapped.has("policy/policies/<resource>/"));
        const doc = fs.readFileSync(DOC, "utf8");
        for (const recipe of [
            "Adding a compute kind",
            "Adding an identity kind",
            "Adding a policy rule",
            "Adding a stack output",
        ]) {
            assert.ok(doc.includes(`### ${recipe}`), recipe);
        }
    });
});

describe("code comments", () => {
    it("cite no issue numbers: history belongs in CHANGELOG.md", () => {
        const files = execFileSync("git", ["ls-files", "*.ts", "*.js", "*.mjs"], { cwd: ROOT, encoding: "utf8" })
            .split("\n")
            .filter((f) => f !== "" && !f.startsWith("tests/fixtures/"));
        const issueRef = /\bissues? #?\d+|\(#\d+\)/i;
        // An upstream issue is a citation: "pulumi/pulumi-azure-native issue #3225", "github.com/o/r/issues/1".
        const upstream = /[\w.-]+\/[\w.-]+(?: issues?)? #\d+|github\.com\//i;
        const found = files.flatMap((f) =>
            fs
                .readFileSync(path.join(ROOT, f), "utf8")
                .split("\n")
                .flatMap((line, i) =>
                    issueRef.test(line) && !upstream.test(line) ? [`${f}:${i + 1}: ${line.trim()}`] : [],
                ),
        );
        assert.deepEqual(found, []);
    });
});
