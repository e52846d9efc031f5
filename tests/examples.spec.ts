/**
 * examples/yaml and examples/python use the package through `pulumi package add`, which cannot run here (no Pulumi
 * CLI, no network). Checked as far as this machine allows: the YAML program is parsed and every aml-stamp resource's
 * type, property names and value types (nested ones too) and every output reference are checked against the
 * committed schema.json, and the plugin's Stamp is constructed with its properties under the offline mocks; the
 * Python program is compiled with `python3 -m py_compile` (skipped, saying so, without python3) and each call's
 * keyword arguments are checked against the class `pulumi package gen-sdk` generates for it (the schema's resource
 * or type, properties in snake_case). (The TypeScript example runs for real: tests/package.integration.spec.ts.)
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
import { didYouMean } from "../lib/suggest";

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
    resources: Record<
        string,
        {
            inputProperties: Record<string, PropertyDefinition>;
            requiredInputs: string[];
            properties: Record<string, PropertyDefinition>;
        }
    >;
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
            ? [`${where}.${k}: not a property.${didYouMean(k, Object.keys(spec.properties))}`]
            : checkValue(v, def, `${where}.${k}`);
    });
    for (const r of spec.required ?? []) if (!(r in obj)) problems.push(`${where}.${r}: required`);
    return problems;
}

const snake = (s: string): string => s.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const typeName = (ref: string): string => ref.replace(/^#\/types\/[^:]+:index:/, "");

/**
 * Problems of an output reference (`stamp.workspace.name`, `stamp.computes["cpu"].name`) against the resource's
 * output properties and the types they name.
 */
function checkReference(reference: string, resources: Record<string, string>): string[] {
    const [head, ...rest] = reference.replace(/\[("[^"]*"|\d+)\]/g, ".[]").split(".");
    const token = resources[head!];
    if (token === undefined) return [`\${${reference}}: ${head} is not an aml-stamp resource of the program`];
    let props: Record<string, PropertyDefinition> | undefined = schema.resources[token]!.properties;
    let def: PropertyDefinition | undefined;
    for (const part of rest) {
        if (part === "[]") {
            def = def?.additionalProperties ?? def?.items;
        } else {
            def = props?.[part];
            if (def === undefined)
                return [`\${${reference}}: no output ${part}.${didYouMean(part, Object.keys(props ?? {}))}`];
        }
        props = def?.$ref !== undefined ? schema.types[def.$ref.replace(/^#\/types\//, "")]?.properties : undefined;
    }
    return [];
}

describe("examples/yaml (Pulumi YAML through `pulumi package add`; not run here)", () => {
    const program = parse(fs.readFileSync(path.join(EXAMPLES, "yaml", "Pulumi.yaml"), "utf8")) as {
        runtime: string;
        packages?: Record<string, unknown>;
        resources: Record<string, { type: string; properties?: Record<string, unknown> }>;
        outputs?: Record<string, unknown>;
    };
    const ours = Object.entries(program.resources).filter(([, r]) => r.type.startsWith(`${schema.name}:`));
    // YAML accepts `aml-stamp:Stamp` for `aml-stamp:index:Stamp` (the index module may be omitted).
    const tokenOf = (type: string): string => (type.split(":").length === 2 ? type.replace(":", ":index:") : type);

    it("is a YAML program that declares the aml-stamp package", () => {
        assert.equal(program.runtime, "yaml");
        assert.ok(program.packages?.[schema.name], "packages: aml-stamp (what `pulumi package add` records)");
        assert.ok(ours.length > 0, "uses at least one aml-stamp component");
    });

    it("uses only resource types of the schema, with known typed property names and value types", () => {
        const problems: string[] = [];
        for (const [name, r] of ours) {
            const res = schema.resources[tokenOf(r.type)];
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
        // Typed: nested settings are checked field by field, not passed as one untyped map.
        assert.ok(Object.keys(ours[0]![1].properties ?? {}).length > 2, "sets typed settings beyond team, environment");
    });

    it("refers only to outputs the schema declares", () => {
        const resources = Object.fromEntries(ours.map(([name, r]) => [name, tokenOf(r.type)]));
        const refs = [...JSON.stringify(program.outputs ?? {}).matchAll(/\$\{([^}]+)\}/g)].map((m) => m[1]!);
        assert.ok(refs.length > 0, "the example exports outputs");
        assert.deepEqual(
            refs.flatMap((r) => checkReference(r.replace(/\\"/g, '"'), resources)),
            [],
        );
        assert.match(checkReference("stamp.workspace.nmae", resources)[0]!, /no output nmae\. Did you mean "name"\?/);
    });

    it("the checker reports a misspelled property by its name, nested ones too (it is not a no-op)", () => {
        const res = schema.resources[`${schema.name}:index:Stamp`]!;
        const spec = { properties: res.inputProperties, required: res.requiredInputs };
        const top = checkObject({ team: "t", environment: "e", locaton: "westeurope" }, spec, "stamp");
        assert.deepEqual(top, ['stamp.locaton: not a property. Did you mean "location"?']);
        const nested = checkObject(
            { team: "t", environment: "e", computeClusters: { cpu: { vmSize: "Standard_DS3_v2", maxNode: 2 } } },
            spec,
            "stamp",
        );
        assert.ok(
            nested.includes('stamp.computeClusters.cpu.maxNode: not a property. Did you mean "maxNodes"?'),
            nested.join("\n"),
        );
        assert.ok(nested.includes("stamp.computeClusters.cpu.maxNodes: required"), nested.join("\n"));
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
            "exports.workspaceName = stamp.workspace.name;",
            "exports.clientConfig = stamp.clientConfig;",
            "",
        ].join("\n"),
    );
    try {
        return await evaluate({ program });
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

async function rejection(p: Promise<unknown>): Promise<Error> {
    try {
        await p;
    } catch (e) {
        return e as Error;
    }
    assert.fail("no error");
}

describe("plugin.ts serves the one Stamp, with the YAML example's properties (what the plugin host constructs)", function () {
    this.timeout(120_000);
    const program = parse(fs.readFileSync(path.join(EXAMPLES, "yaml", "Pulumi.yaml"), "utf8")) as {
        resources: Record<string, { type: string; properties: Record<string, unknown> }>;
    };
    const props = program.resources["stamp"]!.properties;

    it("declares one Stamp from the typed properties, validated and defaulted by config/", async () => {
        const e = await evaluatePluginStamp(props);
        const stamps = e.resources.filter((r) => r.type === "aml-stamp:index:Stamp");
        assert.equal(stamps.length, 1, "one Stamp: no plugin face around it");
        const ws = e.resources.find((r) => r.type === "azure-native:machinelearningservices:Workspace");
        assert.equal(ws?.inputs["location"], "westeurope");
        const clusters = e.resources.filter((r) => r.type === "azure-native:machinelearningservices:Compute");
        assert.equal(clusters.length, 1, "the example's one cluster");
        assert.equal(e.outputs["workspaceName"]?.secret, false);
        assert.deepEqual(Object.keys(e.outputs["clientConfig"]?.value as object).sort(), [
            "resource_group",
            "subscription_id",
            "workspace_name",
        ]);
    });

    it("refuses an invalid value with the config error of a stack file (key, value, what is allowed)", async () => {
        const err = await rejection(evaluatePluginStamp({ ...props, location: "West Europe" }));
        // A ConfigError of the freshly loaded config/ (evaluate() reloads the project's modules): compare by name.
        assert.equal(err.name, new ConfigError([]).name, String(err));
        assert.match(err.message, /aml-stamp:location = "West Europe": not an Azure region name/);
    });

    it("reports a misspelled property that reaches it (a JavaScript caller) by its name, with the one it meant", async () => {
        const err = await rejection(
            evaluatePluginStamp({ ...props, computeClusters: { cpu: { vmSize: "Standard_DS3_v2", maxNode: 4 } } }),
        );
        assert.match(
            err.message,
            /aml-stamp:computeClusters\.cpu\.maxNode = 4: unknown field\. Did you mean "maxNodes"\?/,
        );
    });
});

/** The top-level calls `aml_stamp.<Class>(...)` of a Python source, each with its own keyword arguments. */
function pythonCalls(source: string): Array<{ cls: string; kwargs: string[] }> {
    const calls: Array<{ cls: string; kwargs: string[] }> = [];
    for (const m of source.matchAll(/aml_stamp\.(\w+)\(/g)) {
        let depth = 0;
        let i = m.index + m[0].length;
        const start = i;
        for (; i < source.length; i++) {
            const c = source[i]!;
            if (c === "(" || c === "[" || c === "{") depth++;
            else if (c === ")" || c === "]" || c === "}") {
                if (depth === 0) break;
                depth--;
            }
        }
        // Keyword arguments at this call's own depth: blank out nested brackets first.
        let own = source.slice(start, i);
        let previous = "";
        while (own !== previous) {
            previous = own;
            own = own.replace(/\([^()[\]{}]*\)|\[[^()[\]{}]*\]|\{[^()[\]{}]*\}/g, "");
        }
        calls.push({
            cls: m[1]!,
            kwargs: [...own.matchAll(/(?:^|[(,\s])([a-z_][a-z0-9_]*)=(?!=)/g)].map((k) => k[1]!),
        });
    }
    return calls;
}

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

    it("calls only generated classes, each with its own keyword arguments (snake_case), required ones given", () => {
        // gen-sdk's Python names: a resource by its type name, an input type `<Type>Args`, properties in snake_case.
        const classes = new Map<string, { properties: string[]; required: string[] }>();
        for (const [token, r] of Object.entries(schema.resources)) {
            classes.set(token.split(":")[2]!, {
                properties: Object.keys(r.inputProperties),
                required: r.requiredInputs,
            });
        }
        for (const [token, t] of Object.entries(schema.types)) {
            if (t.properties !== undefined) {
                classes.set(`${typeName(`#/types/${token}`)}Args`, {
                    properties: Object.keys(t.properties),
                    required: t.required ?? [],
                });
            }
        }
        const calls = pythonCalls(fs.readFileSync(file, "utf8"));
        assert.deepEqual(
            calls.map((c) => c.cls),
            ["Stamp", "ComputeClusterSettingsArgs", "AutomationSettingsArgs"],
        );
        const problems: string[] = [];
        for (const call of calls) {
            const cls = classes.get(call.cls);
            if (cls === undefined) {
                problems.push(`aml_stamp.${call.cls}: no such class in the generated SDK`);
                continue;
            }
            const known = cls.properties.map(snake);
            for (const k of call.kwargs.filter((k) => k !== "opts" && !known.includes(k)))
                problems.push(`${call.cls}(${k}=): not a keyword argument.${didYouMean(k, known)}`);
            for (const r of cls.required.map(snake).filter((r) => !call.kwargs.includes(r)))
                problems.push(`${call.cls}: ${r}= is required`);
        }
        assert.deepEqual(problems, []);
        // The checker is not a no-op: a misspelled keyword is reported by its name.
        const bad = pythonCalls('aml_stamp.Stamp("x", team="t", environment="e", locaton="w")')[0]!;
        assert.deepEqual(
            bad.kwargs.filter((k) => !classes.get("Stamp")!.properties.map(snake).includes(k)),
            ["locaton"],
        );
    });
});
