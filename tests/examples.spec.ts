/**
 * examples/yaml and examples/python use the package through `pulumi package add`, which cannot run here (no Pulumi
 * CLI, no network). Checked as far as this machine allows: the YAML program is parsed and every aml-stamp resource's
 * type and property names (nested ones too) are checked against the committed schema.json; the Python program is
 * compiled with `python3 -m py_compile` (skipped, saying so, without python3) and its keyword arguments are checked
 * against the schema's property names in snake_case. (The TypeScript example runs for real: tests/package.spec.ts.)
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse } from "yaml";
import { evaluate, type Evaluation } from "../offline/evaluate";
import { ROOT } from "../offline/stackConfig";
import { ConfigError } from "../config";

interface PropertyDefinition {
    type?: string;
    $ref?: string;
    items?: PropertyDefinition;
    additionalProperties?: PropertyDefinition;
}
interface ObjectSpec {
    properties: Record<string, PropertyDefinition>;
    required?: string[];
}
interface Schema {
    name: string;
    resources: Record<string, { inputProperties: Record<string, PropertyDefinition>; requiredInputs: string[] }>;
    types: Record<string, ObjectSpec & { type: string; enum?: Array<{ value: unknown }> }>;
}

const schema = JSON.parse(fs.readFileSync(path.join(ROOT, "schema.json"), "utf8")) as Schema;
const EXAMPLES = path.join(ROOT, "examples");

/** A Pulumi YAML expression (`${...}` interpolation or an `fn::` call): its type is only known to the engine. */
function isExpression(v: unknown): boolean {
    if (typeof v === "string") return v.includes("${");
    return v !== null && typeof v === "object" && Object.keys(v).some((k) => k.startsWith("fn::"));
}

/** Problems of `value` against a property definition of the schema, each naming its path. */
export function checkValue(value: unknown, def: PropertyDefinition, where: string): string[] {
    if (isExpression(value)) return [];
    if (def.$ref !== undefined) {
        if (def.$ref.startsWith("pulumi.json#")) return [];
        const type = schema.types[def.$ref.replace(/^#\/types\//, "")];
        if (type === undefined) return [`${where}: schema has no type ${def.$ref}`];
        if (type.enum !== undefined) {
            const allowed = type.enum.map((e) => e.value);
            return allowed.includes(value) ? [] : [`${where} = ${JSON.stringify(value)}: one of ${allowed.join(", ")}`];
        }
        return checkObject(value, type, where);
    }
    switch (def.type) {
        case "string":
            return typeof value === "string" ? [] : [`${where}: a string`];
        case "integer":
        case "number":
            return typeof value === "number" ? [] : [`${where}: a number`];
        case "boolean":
            return typeof value === "boolean" ? [] : [`${where}: a boolean`];
        case "array":
            return Array.isArray(value)
                ? value.flatMap((v, i) => checkValue(v, def.items ?? {}, `${where}[${i}]`))
                : [`${where}: a list`];
        case "object":
            if (value === null || typeof value !== "object" || Array.isArray(value)) return [`${where}: a map`];
            return Object.entries(value).flatMap(([k, v]) =>
                def.additionalProperties ? checkValue(v, def.additionalProperties, `${where}.${k}`) : [],
            );
        default:
            return [`${where}: schema type ${JSON.stringify(def)} not understood by this check`];
    }
}

function checkObject(value: unknown, spec: ObjectSpec, where: string): string[] {
    if (value === null || typeof value !== "object" || Array.isArray(value)) return [`${where}: an object`];
    const obj = value as Record<string, unknown>;
    const problems = Object.entries(obj).flatMap(([k, v]) => {
        const def = spec.properties[k];
        return def === undefined
            ? [`${where}.${k}: not a property (known: ${Object.keys(spec.properties).join(", ")})`]
            : checkValue(v, def, `${where}.${k}`);
    });
    for (const r of spec.required ?? []) if (!(r in obj)) problems.push(`${where}.${r}: required`);
    return problems;
}

const snake = (s: string): string => s.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

describe("examples/yaml (Pulumi YAML through `pulumi package add`; not run here)", () => {
    const program = parse(fs.readFileSync(path.join(EXAMPLES, "yaml", "Pulumi.yaml"), "utf8")) as {
        runtime: string;
        packages?: Record<string, unknown>;
        resources: Record<string, { type: string; properties?: Record<string, unknown> }>;
    };
    const ours = Object.entries(program.resources).filter(([, r]) => r.type.startsWith(`${schema.name}:`));

    it("is a YAML program that declares the aml-stamp package", () => {
        assert.equal(program.runtime, "yaml");
        assert.ok(program.packages?.[schema.name], "packages: aml-stamp (what `pulumi package add` records)");
        assert.ok(ours.length > 0, "uses at least one aml-stamp component");
    });

    it("uses only resource types of the schema, with known property names and value types", () => {
        const problems: string[] = [];
        for (const [name, r] of ours) {
            // YAML accepts `aml-stamp:Stamp` for `aml-stamp:index:Stamp` (the index module may be omitted).
            const token = r.type.split(":").length === 2 ? r.type.replace(":", ":index:") : r.type;
            const res = schema.resources[token];
            if (res === undefined) {
                problems.push(`${name}: type ${r.type} is not in schema.json`);
                continue;
            }
            problems.push(
                ...checkObject(
                    r.properties ?? {},
                    { properties: res.inputProperties, required: res.requiredInputs },
                    name,
                ),
            );
        }
        assert.deepEqual(problems, []);
    });

    it("the checker rejects an unknown property (it is not a no-op)", () => {
        const [token, res] = Object.entries(schema.resources)[0]!;
        const problems = checkObject(
            { notAProperty: 1 },
            { properties: res.inputProperties, required: res.requiredInputs },
            token,
        );
        assert.ok(
            problems.some((p) => p.includes("notAProperty: not a property")),
            problems.join("\n"),
        );
    });
});

/** Evaluates, under the stacks' mocks, a program that declares plugin.ts's Stamp with `properties`. */
async function evaluatePluginStamp(properties: unknown): Promise<Evaluation> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aml-stamp-plugin-"));
    const program = path.join(dir, "index.ts");
    fs.writeFileSync(
        program,
        [
            `const { Stamp } = require(${JSON.stringify(path.join(ROOT, "plugin.ts"))});`,
            `const stamp = new Stamp("stamp", ${JSON.stringify(properties)});`,
            "exports.workspaceName = stamp.workspaceName;",
            "",
        ].join("\n"),
    );
    try {
        return await evaluate({ program });
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

describe("plugin.ts Stamp with the YAML example's properties (what the plugin host would construct)", function () {
    this.timeout(120_000);
    const program = parse(fs.readFileSync(path.join(EXAMPLES, "yaml", "Pulumi.yaml"), "utf8")) as {
        resources: Record<string, { type: string; properties: Record<string, unknown> }>;
    };
    const props = program.resources["stamp"]!.properties;

    it("declares the stamp under its plugin face, validated by config/ with Pulumi.yaml's defaults", async () => {
        const e = await evaluatePluginStamp(props);
        const stamps = e.resources.filter((r) => r.type === "aml-stamp:index:Stamp");
        assert.equal(stamps.length, 2, "the plugin face and the Stamp it declares");
        assert.equal(stamps[1]!.parent, stamps[0]!.urn);
        const ws = e.resources.find((r) => r.type === "azure-native:machinelearningservices:Workspace");
        assert.equal(ws?.inputs["location"], "westeurope");
        const clusters = e.resources.filter((r) => r.type === "azure-native:machinelearningservices:Compute");
        assert.equal(clusters.length, 1, "the example's one cluster");
        assert.equal(e.outputs["workspaceName"]?.secret, false);
    });

    it("refuses an invalid value with the config error of a stack file (key, value, what is allowed)", async () => {
        let err: unknown;
        try {
            await evaluatePluginStamp({ ...props, config: { location: "West Europe" } });
        } catch (e) {
            err = e;
        }
        // A ConfigError of the freshly loaded config/ (evaluate() reloads the project's modules): compare by name.
        assert.equal((err as Error).name, new ConfigError([]).name, String(err));
        assert.match((err as Error).message, /aml-stamp:location = "West Europe": not an Azure region name/);
    });
});

describe("examples/python (Python through `pulumi package add`; not run here)", () => {
    const file = path.join(EXAMPLES, "python", "__main__.py");

    it("compiles with python3 -m py_compile", function () {
        const probe = spawnSync("python3", ["--version"], { encoding: "utf8" });
        if (probe.error !== undefined || probe.status !== 0) {
            console.log("      (skipped: python3 is not installed on this machine, examples/python not compiled)");
            this.skip();
        }
        const out = fs.mkdtempSync(path.join(os.tmpdir(), "aml-stamp-py-"));
        try {
            const r = spawnSync(
                "python3",
                [
                    "-c",
                    "import py_compile,sys; py_compile.compile(sys.argv[1], cfile=sys.argv[2], doraise=True)",
                    file,
                    path.join(out, "main.pyc"),
                ],
                { encoding: "utf8" },
            );
            assert.equal(r.status, 0, r.stderr);
        } finally {
            fs.rmSync(out, { recursive: true, force: true });
        }
    });

    it("passes only keyword arguments the generated SDK has (the schema's input properties in snake_case)", () => {
        const source = fs.readFileSync(file, "utf8");
        const known = new Set<string>();
        for (const r of Object.values(schema.resources))
            for (const k of Object.keys(r.inputProperties)) known.add(snake(k));
        for (const t of Object.values(schema.types))
            for (const k of Object.keys(t.properties ?? {})) known.add(snake(k));
        // Keyword arguments of calls into the SDK module (`aml_stamp.X(...)`), one per line as the example writes them.
        const used = [...source.matchAll(/^\s+([a-z_][a-z0-9_]*)=/gm)].map((m) => m[1]!);
        assert.ok(used.length > 0, "the example passes arguments");
        assert.deepEqual(
            used.filter((k) => !known.has(k) && k !== "opts"),
            [],
        );
    });
});
