/**
 * schema.json is the Pulumi package schema `pulumi package add` consumers get: generated with the installed SDK
 * exactly as the plugin host generates it (scripts/schema.ts), once per test run (tests/sharedBuild.ts), and compared
 * with the committed file. A change to a served component's args interface that changes the schema, or that the
 * analyzer cannot infer, fails this test. Regenerate with `npm run schema`.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "fs";
import * as path from "path";
import { pluginComponents, providerName, SCHEMA_FILE } from "../scripts/schema";
import { ROOT } from "../offline/stackConfig";
import { sharedSchema } from "./sharedBuild";

interface Schema {
    name: string;
    version: string;
    resources: Record<string, { isComponent?: boolean; inputProperties: Record<string, unknown> }>;
}

interface Documented {
    description?: string;
    optional?: boolean;
}

describe("schema.json (the schema the plugin host infers)", function () {
    this.timeout(300_000);
    let generated: string;
    let failure: unknown;
    before(async () => {
        try {
            generated = await sharedSchema();
        } catch (err) {
            failure = err;
        }
    });

    it("the analyzer accepts every component plugin.ts exports", () => {
        assert.equal(failure, undefined, `the SDK's analyzer refused plugin.ts's components: ${String(failure)}`);
    });

    it("is current: the committed schema.json is what the installed SDK infers (else run `npm run schema`)", () => {
        assert.ok(generated, "no schema was generated");
        assert.equal(fs.readFileSync(SCHEMA_FILE, "utf8"), generated, "schema.json is stale: run `npm run schema`");
    });

    it("names the package and version as package.json does, one component resource per served class", () => {
        const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
            name: string;
            version: string;
        };
        const schema = JSON.parse(fs.readFileSync(SCHEMA_FILE, "utf8")) as Schema;
        assert.equal(schema.name, providerName(pkg.name).name);
        assert.equal(schema.version, pkg.version);
        const served = pluginComponents().map((c) => `${schema.name}:index:${c.name}`);
        assert.deepEqual(Object.keys(schema.resources).sort(), served.sort());
        for (const r of Object.values(schema.resources)) assert.equal(r.isComponent, true);
    });

    it("every served component registers the type token the host constructs it by: aml-stamp:index:<Class>", () => {
        // ComponentProvider.construct validates `<package>:index:<Class>` and instantiates the class of that name;
        // a component registering another type would give consumers URNs their SDK does not name.
        const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { name: string };
        for (const c of pluginComponents()) {
            const token = `${providerName(pkg.name).name}:index:${c.name}`;
            assert.ok(String(c).includes(JSON.stringify(token)), `${c.name} does not register ${token}`);
        }
    });

    it("types the Stamp: >= 15 documented input properties with their defaults, named types, no Any", () => {
        const text = fs.readFileSync(SCHEMA_FILE, "utf8");
        assert.doesNotMatch(text, /pulumi\.json#\/Any/);
        const schema = JSON.parse(text) as {
            resources: Record<string, { inputProperties: Record<string, Documented>; requiredInputs?: string[] }>;
            types: Record<string, { properties?: Record<string, Documented> }>;
        };
        const stamp = schema.resources["aml-stamp:index:Stamp"]!;
        const inputs = Object.entries(stamp.inputProperties);
        assert.ok(inputs.length >= 15, `${inputs.length} input properties`);
        assert.deepEqual(stamp.requiredInputs?.sort(), ["environment", "team"]);
        for (const [k, p] of inputs) {
            assert.ok(p.description !== undefined && p.description.length > 20, `${k} has a description`);
            if (p.optional === true) assert.match(p.description, /Default: `.+`\.$/, `${k} states its default`);
        }
        assert.ok(Object.keys(schema.types).length >= 10, "nested settings are named types");
        for (const [t, def] of Object.entries(schema.types)) {
            for (const [k, p] of Object.entries(def.properties ?? {})) {
                if (t.endsWith("Settings")) assert.ok(p.description, `${t}.${k} has a description`);
            }
        }
    });

    it("one class registers aml-stamp:index:Stamp: the Stamp this repository's stacks declare", () => {
        const sources = execFileSync("git", ["ls-files", "*.ts"], { cwd: ROOT, encoding: "utf8" })
            .split("\n")
            .filter((f) => f !== "" && !f.startsWith("tests/") && !f.includes("/tests/"));
        const registering = sources.filter((f) =>
            /super\(\s*"aml-stamp:index:Stamp"/.test(fs.readFileSync(path.join(ROOT, f), "utf8")),
        );
        assert.deepEqual(registering, ["components/stamp.ts"]);
        assert.deepEqual(
            pluginComponents().map((c) => c.name),
            ["Stamp"],
        );
    });

    it("derives the provider name from package.json name as the language host does", () => {
        assert.deepEqual(providerName("aml-stamp"), { name: "aml-stamp" });
        assert.deepEqual(providerName("@contoso/aml-stamp"), { name: "aml-stamp", namespace: "contoso" });
        assert.deepEqual(providerName("aml.stamp"), { name: "aml-stamp" });
    });
});
