/**
 * docs/architecture.md stays true (issue 14): its file map names every source file of the project, each under its
 * directory, and names no file that does not exist. Policy rule files are covered by the `policies/<resource>/`
 * entry (policy/tests/layout.spec.ts keeps them one-to-one with the generated policies/rules.ts); specs are not listed.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { ROOT } from "../offline/stackConfig";

const DOC = path.join(ROOT, "docs", "architecture.md");
/** The names column of the file map: an entry's name(s) start at its indentation and end before column 29. */
const NAMES_WIDTH = 29;
const SOURCE = /\.(ts|js|mjs)$/;
const RULE_FILE = /^policy\/policies\/(?!kit\/)[^/]+\/[^/]+\.ts$/;
const SPEC = /\.spec\.ts$/;

/** Every path the file map names (`dir/` entries open a directory for the deeper-indented entries below them). */
export function mappedPaths(doc: string): Set<string> {
    const lines = doc.split("\n");
    // The file map is the first fence opened without a language (the others are mermaid diagrams).
    let start = -1;
    let open = false;
    for (const [i, l] of lines.entries()) {
        if (!l.startsWith("```")) continue;
        if (!open && l.trim() === "```") {
            start = i;
            break;
        }
        open = !open;
    }
    const end = lines.findIndex((l, i) => i > start && l.startsWith("```"));
    const out = new Set<string>();
    const dirs: string[] = [];
    for (const line of lines.slice(start + 1, end)) {
        const column = line.slice(0, NAMES_WIDTH);
        const names = column.trim();
        if (names === "") continue;
        const depth = (column.length - column.trimStart().length) / 2;
        dirs.length = depth;
        const prefix = dirs.join("");
        for (const name of names.split(/,\s*/)) {
            out.add(prefix + name);
            if (name.endsWith("/")) dirs[depth] = name;
        }
    }
    return out;
}

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
    const mapped = mappedPaths(fs.readFileSync(DOC, "utf8"));

    it("names every source file under its directory, one entry each", () => {
        const missing = trackedSources().filter((f) => !mapped.has(f));
        assert.deepEqual(missing, [], "add these to the file map of docs/architecture.md");
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
