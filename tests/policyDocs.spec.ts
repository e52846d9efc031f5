import assert from "node:assert/strict";
import * as fs from "node:fs";
import { BEGIN, END, POLICY_DOC, renderRules, withGenerated } from "../scripts/policyDocs";
import { ALL_RULES } from "../policy/policies";

describe("docs/policy.md is generated from the rules' metadata", () => {
    it("is current (run `npm run docs:policy` after changing a rule)", () => {
        const doc = fs.readFileSync(POLICY_DOC, "utf8");
        assert.equal(doc, withGenerated(doc, renderRules()), "docs/policy.md is stale: run npm run docs:policy");
    });

    it("has one row per rule and one per config key", () => {
        const section = renderRules();
        for (const r of ALL_RULES) assert.ok(section.includes(`| \`${r.name}\` | ${r.id} |`), r.name);
        const keys = ALL_RULES.flatMap((r) => Object.keys(r.configSchema?.properties ?? {}));
        assert.equal(section.split("\n").filter((l) => /^\| `[^`]+` \| `[^`]+` \|/.test(l)).length, keys.length);
    });

    it("refuses a page without the markers, naming the file", () => {
        assert.throws(() => withGenerated("# no markers", "x", "docs/x.md"), /docs\/x\.md: the markers/);
        assert.equal(withGenerated(`a${BEGIN}old${END}b`, "new"), "anewb");
    });
});
