import assert from "node:assert/strict";
import * as fs from "node:fs";
import { ALL_RULES } from "../policies";
import type { Rule } from "../policies/kit";
import * as LIST from "../policies/rules";
import { renderRuleList, RULE_FILES_NOTE, ruleFiles, RULE_FOLDERS, RULES_FILE } from "../../scripts/policyDocs";

/**
 * The pack's policy names are its public contract (stacks' pack config and CI address policies by name): each is its
 * rule file's path (fileFor), and rules.ts, generated from the files (scripts/policyDocs.ts renderRuleList), lists
 * them in report order, so a rename shows in that committed file and needs a migration of every stack's policy config.
 */
const PREFIX: Readonly<Record<string, string>> = RULE_FOLDERS;
const PRODUCTION_NAMES = ["hardened-in-production-resources", "hardened-in-production", "first-preview-linked-inputs"];

const camel = (kebab: string): string => kebab.replace(/-(\w)/g, (_, c: string) => c.toUpperCase());

/** The file a rule lives in: <folder>/<camelCase of the name without "builtin-" and the folder's prefix>. */
function fileFor(folder: string, name: string): string {
    const builtin = name.startsWith("builtin-");
    const rest = builtin ? name.slice("builtin-".length) : name;
    const prefix = PREFIX[folder]!;
    const base = camel(rest.startsWith(prefix) ? rest.slice(prefix.length) : rest);
    return `${folder}/${builtin ? `builtin${base[0]!.toUpperCase()}${base.slice(1)}` : base}.ts`;
}

describe("policy layout: rules by resource, named after their policy, listed once", () => {
    it("rules.ts is the list the rule files generate (run `npm run docs:policy` after adding or renaming one)", () => {
        assert.equal(fs.readFileSync(RULES_FILE, "utf8"), renderRuleList(), RULE_FILES_NOTE);
        const listed = (Object.values(LIST) as Rule[]).map((r) => r.name);
        assert.deepEqual(
            ALL_RULES.map((r) => r.name),
            [...listed, ...PRODUCTION_NAMES],
        );
    });

    it("lists each rule once in rules.ts under its policy name in camelCase", () => {
        for (const [key, rule] of Object.entries(LIST)) assert.equal(key, camel((rule as Rule).name));
        const listed = Object.values(LIST) as Rule[];
        assert.equal(new Set(listed).size, listed.length);
        assert.deepEqual(ALL_RULES.slice(0, listed.length), listed);
    });

    it("keeps every rule file in its resource folder, named after the policy, and in the list", () => {
        // By name: a test run may load the rule modules afresh (require cache cleared), so objects can differ.
        const listed = new Set((Object.values(LIST) as Rule[]).map((r) => r.name));
        const files = ruleFiles();
        assert.deepEqual([...new Set(files.map((f) => f.file.split("/")[0]))], Object.keys(PREFIX).sort());
        assert.equal(files.length, listed.size, "every rule file is listed in rules.ts, and nothing else is");
        for (const { file, rule } of files) {
            assert.ok(listed.has(rule.name), `${file} is not in policy/policies/rules.ts`);
            assert.equal(file, fileFor(file.split("/")[0]!, rule.name), `${rule.name} lives in ${file}`);
        }
    });
});
