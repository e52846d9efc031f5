/**
 * Each stack setting is declared once, in its config section (schema + docs); Pulumi.yaml's `config:` block and
 * docs/config.md are generated from that declaration by `npm run docs:config` (scripts/configDocs.ts).
 */
import assert from "node:assert/strict";
import YAML from "yaml";
import { CONFIG_DECLARATIONS, CONFIG_KEYS, keySchema, parseConfig } from "../config";
import { generated, renderConfigBlock, withConfigBlock } from "../scripts/configDocs";
import { readProject } from "../offline/stackConfig";

describe("config is declared once: Pulumi.yaml config: and docs/config.md are generated from config/", () => {
    it("both files are current (run `npm run docs:config` after changing a key)", () => {
        assert.deepEqual(generated().stale, []);
    });

    it("declares every key once, each with a description, and every default is a valid value of its key", () => {
        assert.deepEqual(
            CONFIG_DECLARATIONS.map((d) => d.key),
            [...CONFIG_KEYS],
        );
        for (const d of CONFIG_DECLARATIONS) {
            assert.ok(d.description.length > 20, `${d.key} has a description`);
            if ("default" in d) assert.ok(keySchema(d.key)!.safeParse(d.default).success, `${d.key}'s default`);
        }
    });

    it("Pulumi.yaml declares exactly what config/ declares (type, default, description)", () => {
        const project = readProject().declared;
        const generatedBlock = (YAML.parse(renderConfigBlock()) as { config: Record<string, { default?: unknown }> })
            .config;
        assert.deepEqual(
            project.map((p) => p.key),
            CONFIG_DECLARATIONS.map((d) => d.key),
        );
        for (const p of project) assert.deepEqual(p.default, generatedBlock[p.key]?.default, p.key);
    });

    it("a key a stack leaves out reads as its declared default, as the Pulumi CLI applies Pulumi.yaml's", () => {
        const fromDefaults = parseConfig({ "aml-stamp:team": "ml", "aml-stamp:environment": "dev" });
        const written: Record<string, string> = {};
        for (const p of readProject().declared) {
            if (p.default !== undefined) {
                written[`aml-stamp:${p.key}`] = typeof p.default === "string" ? p.default : JSON.stringify(p.default);
            }
        }
        const fromCli = parseConfig({ ...written, "aml-stamp:team": "ml", "aml-stamp:environment": "dev" });
        assert.deepEqual(fromDefaults, fromCli);
    });

    it("replaces only the config: block of Pulumi.yaml, keeping every other line", () => {
        const text =
            "name: x\n# a comment the user wrote\nruntime: nodejs\n# about config\nconfig:\n  old:\n    type: string\n";
        const next = withConfigBlock(text, "config:\n  new:\n    type: string\n");
        assert.equal(
            next,
            "name: x\n# a comment the user wrote\nruntime: nodejs\n# about config\nconfig:\n  new:\n    type: string\n",
        );
        assert.throws(() => withConfigBlock("config:\n  a: 1\nmain: x\n", "config: {}\n"), /last top-level key/);
        assert.throws(() => withConfigBlock("name: x\n", "config: {}\n"), /no top-level config: key/);
    });
});
