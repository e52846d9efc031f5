/**
 * The Stamp's typed args, generated from the one declaration of each setting (the config/ sections' keys and docs,
 * config/index.ts CONFIG_DECLARATIONS) into config/stampArgs.generated.ts, as interfaces the SDK's component analyzer
 * accepts (@pulumi/pulumi provider/experimental/analyzer.js `analyzeType`: string, number, boolean, `T[]`,
 * `Record<string, T>` and named interfaces; it refuses literal unions, intersections, inline object types and
 * readonly arrays). Enums become documented strings; nested objects named interfaces; a union of object forms one
 * interface with every field of every form (the Stamp's validation decides which combinations are allowed). Each
 * property's doc comment (the schema's description: the analyzer keeps only the comment text, not tags) holds the
 * setting's description and default. `npm run schema` writes it, then schema.json; tests/stampArgs.spec.ts fails
 * when it is stale. A new section or key is picked up without editing this file.
 */
import * as path from "node:path";
import { z } from "zod";
import { CONFIG_DECLARATIONS, type ConfigDeclaration, keySchema } from "../config";

export const STAMP_ARGS_FILE = path.resolve(__dirname, "../config/stampArgs.generated.ts");

/** The JSON Schema zod gives a key's input form (z.toJSONSchema, io: "input"): the parts read here. */
interface Json {
    type?: string | string[];
    enum?: unknown[];
    const?: unknown;
    anyOf?: Json[];
    properties?: Record<string, Json>;
    required?: string[];
    additionalProperties?: Json | boolean;
    items?: Json | Json[];
    default?: unknown;
    title?: string;
    description?: string;
    minimum?: number;
    maximum?: number;
    minItems?: number;
    maxItems?: number;
    minLength?: number;
    maxLength?: number;
}

interface Field {
    readonly name: string;
    readonly type: string;
    readonly optional: boolean;
    readonly doc: string;
}
interface Interface {
    readonly name: string;
    readonly doc: string;
    readonly fields: readonly Field[];
}

/** Where a schema sits: for names (`base` + `segment`), docs (`where`) and errors. */
interface At {
    readonly base: string;
    readonly segment: string;
    readonly where: string;
    readonly top: string;
}

const pascal = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
/** `computeClusters` → `computeCluster`: the name of one entry of a map or list. */
const singular = (s: string): string => (s.endsWith("ies") ? `${s.slice(0, -3)}y` : s.replace(/s$/, ""));
const UNBOUNDED = Number.MAX_SAFE_INTEGER;

/** Doc text must survive a JSDoc comment unchanged: no comment end, no `@` that TypeScript would read as a tag. */
function checkedDoc(text: string, where: string): string {
    if (text.includes("*/") || /(^|\s)@/.test(text)) {
        throw new Error(
            `${where}: its description contains "*/" or a word starting with "@", which a doc comment cannot hold; reword it in config/`,
        );
    }
    return text;
}

/** The object forms of a schema: itself, or every branch of its (nested) anyOf. */
function branches(json: Json): Json[] {
    return json.anyOf !== undefined ? json.anyOf.flatMap(branches) : [json];
}

const isObject = (json: Json): boolean => json.type === "object";

/** What a field's schema says beyond its type, as sentences. */
function constraints(schemas: readonly Json[]): string[] {
    const out: string[] = [];
    const values = [
        ...new Set(schemas.flatMap((s) => [...(s.enum ?? []), ...(s.const !== undefined ? [s.const] : [])])),
    ];
    if (values.length > 0) out.push(`One of: ${values.map((v) => String(v)).join(", ")}.`);
    const s = schemas[0]!;
    const range = (min: number | undefined, max: number | undefined, unit: string): void => {
        const hi = max !== undefined && max < UNBOUNDED ? max : undefined;
        if (min !== undefined && hi !== undefined) out.push(`${min}-${hi}${unit}.`);
        else if (min !== undefined && min > 0) out.push(`At least ${min}${unit}.`);
        else if (hi !== undefined) out.push(`At most ${hi}${unit}.`);
    };
    range(s.minimum, s.maximum, "");
    range(s.minItems, s.maxItems, " entries");
    range(s.minLength, s.maxLength, " characters");
    return out;
}

const shown = (value: unknown): string => `Default: \`${JSON.stringify(value)}\`.`;

/** The generator's state: the named interfaces in order of first use. */
class Generator {
    readonly interfaces = new Map<string, Interface>();
    private readonly signatures = new Map<string, string>();

    /** The TypeScript type of a schema, declaring the named interfaces it needs. */
    typeOf(json: Json, at: At): string {
        const forms = branches(json);
        if (forms.length > 1 || json.anyOf !== undefined) {
            if (forms.every(isObject)) return this.object(json.title, forms, at, json.description);
            const types = [...new Set(forms.map((f) => this.typeOf({ ...f, anyOf: undefined }, at)))];
            if (types.length === 1) return types[0]!;
            throw new Error(
                `${at.where}: a union of ${types.join(", ")} has no typed form; declare one type in config/`,
            );
        }
        if (Array.isArray(json.type)) {
            return this.typeOf({ anyOf: json.type.map((type) => ({ ...json, type })) }, at);
        }
        switch (json.type) {
            case "string":
                return "string";
            case "integer":
            case "number":
                return "number";
            case "boolean":
                return "boolean";
            case "array": {
                if (json.items === undefined || Array.isArray(json.items)) {
                    throw new Error(`${at.where}: a list without one item schema has no typed form`);
                }
                const item = singular(at.segment);
                return `${this.typeOf(json.items, { ...at, segment: item, where: `${at.where}[]` })}[]`;
            }
            case "object":
                if (json.properties !== undefined) return this.object(json.title, [json], at, json.description);
                if (typeof json.additionalProperties === "object") {
                    const entry = { ...at, segment: singular(at.segment), where: `${at.where}.<name>` };
                    return `Record<string, ${this.typeOf(json.additionalProperties, entry)}>`;
                }
                break;
        }
        throw new Error(
            `${at.where}: its input schema (${JSON.stringify(json)}) has no typed form; give it a JSON Schema type in config/`,
        );
    }

    /** A named interface for one object form, or several merged (every field; required where every form needs it). */
    private object(title: string | undefined, forms: readonly Json[], at: At, description?: string): string {
        const name = title ?? `${at.base}${at.segment}Settings`;
        const base = name.replace(/Settings$/, "");
        const where = title !== undefined ? base : at.where;
        const names = [...new Set(forms.flatMap((f) => Object.keys(f.properties ?? {})))];
        const fields = names.map((field): Field => {
            const schemas = forms.flatMap((f) => (f.properties?.[field] !== undefined ? [f.properties[field]] : []));
            const optional = !forms.every((f) => f.required?.includes(field) === true);
            const fieldAt: At = { base, segment: pascal(field), where: `${where}.${field}`, top: at.top };
            const types = [...new Set(schemas.map((s) => this.typeOf(s, fieldAt)))];
            if (types.length > 1) throw new Error(`${fieldAt.where}: its forms give it types ${types.join(", ")}`);
            const first = schemas[0]!;
            const doc = [
                `\`${fieldAt.where}\`${first.description !== undefined ? `: ${first.description.replace(/\.$/, "")}` : ""}.`,
                ...constraints(schemas),
                ...(optional ? [] : ["Required."]),
                ...(first.default !== undefined ? [shown(first.default)] : []),
                ...(title === undefined ? [`See the \`${at.top}\` setting.`] : []),
            ].join(" ");
            return { name: field, type: types[0]!, optional, doc: checkedDoc(doc, fieldAt.where) };
        });
        const signature = JSON.stringify(fields);
        const known = this.signatures.get(name);
        if (known !== undefined && known !== signature) {
            throw new Error(
                `${at.where}: type ${name} is declared twice with different fields (rename one in config/)`,
            );
        }
        if (known === undefined) {
            this.signatures.set(name, signature);
            const doc =
                title !== undefined
                    ? checkedDoc(description ?? `One ${base} form.`, name)
                    : `\`${at.where}\` (see \`${at.top}\`).`;
            this.interfaces.set(name, { name, doc, fields });
        }
        return name;
    }
}

function docComment(text: string, indent: string): string {
    const lines = text.split("\n").map((l) => (l === "" ? `${indent} *` : `${indent} * ${l}`));
    return [`${indent}/**`, ...lines, `${indent} */`].join("\n");
}

function renderInterface(i: Interface): string {
    const fields = i.fields.map(
        (f) => `${docComment(f.doc, "    ")}\n    ${f.name}${f.optional ? "?" : ""}: ${f.type};`,
    );
    return `${docComment(i.doc, "")}\nexport interface ${i.name} {\n${fields.join("\n")}\n}\n`;
}

export const HEADER =
    "// Generated by `npm run schema` (scripts/stampArgs.ts) from config/ (each section's keys and docs): edit there.";

/** config/stampArgs.generated.ts as it should be, from every declared setting (or those given, for tests). */
export function renderStampArgs(
    declarations: readonly ConfigDeclaration[] = CONFIG_DECLARATIONS,
    schemaOf: (key: string) => z.ZodType | undefined = keySchema,
): string {
    const gen = new Generator();
    const fields = declarations.map((d): Field => {
        const schema = schemaOf(d.key);
        if (schema === undefined) throw new Error(`config key ${d.key} has no schema`);
        const json = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as Json;
        const at: At = { base: "", segment: pascal(d.key), where: d.key, top: d.key };
        const type = gen.typeOf(json, at);
        const doc = "default" in d ? `${d.description}\n\n${shown(d.default)}` : d.description;
        return { name: d.key, type, optional: "default" in d, doc: checkedDoc(doc, d.key) };
    });
    const args: Interface = {
        name: "StampArgs",
        doc: [
            "Arguments of the Stamp: every stack setting of aml-stamp, each with its description and default (a",
            "`Pulumi.<stack>.yaml` of this repository sets the same keys). Only `team` and `environment` are required;",
            "the Stamp applies every other default itself and validates the whole set as `pulumi up` does.",
        ].join("\n"),
        fields,
    };
    return [HEADER, "", renderInterface(args), ...[...gen.interfaces.values()].map(renderInterface)].join("\n");
}
