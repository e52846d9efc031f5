/**
 * The stack config: read once, validated once, typed. This is the only module that touches Pulumi config.
 *
 * Each feature owns a section (a set of top-level keys in the `aml-stamp:` namespace with zod schemas); this module
 * merges them, decodes Pulumi's raw string values, reports every problem at once with the key, the value and what
 * is allowed, and reports keys in the namespace that no section declares. Defaults are not here: they are declared
 * once, in Pulumi.yaml `config:`, which the Pulumi CLI (and the offline runtime) applies before the program runs.
 */
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { ConfigError, type ConfigProblem } from "./errors";
import { refuseSecretValues, secretConfigKeys } from "./secrets";
import { stampSection } from "./stamp";
import { computeSection } from "./compute";
import { automationSection } from "./automation";
import { accessSection } from "./access";
import { hardeningSection } from "./hardening";
import { guardrailProblems, loadGuardrails } from "./guardrails";
import { identitySection } from "./identity";
import { endpointSection } from "./endpoints";
import { outboundSection } from "./outbound";
import { safeguardsSection } from "./safeguards";
import { dataSection } from "./data";
import { idProblems } from "./lists";
import { didYouMean, suggest } from "../lib/suggest";

export { ConfigError, type ConfigProblem } from "./errors";

export const PROJECT = "aml-stamp";

/** Every section, in the order their problems are reported: the one list of sections. */
const SECTIONS = [
    stampSection,
    computeSection,
    automationSection,
    accessSection,
    hardeningSection,
    identitySection,
    endpointSection,
    outboundSection,
    safeguardsSection,
    dataSection,
] as const;

type UnionToIntersection<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void ? I : never;
type Keys = UnionToIntersection<(typeof SECTIONS)[number]["keys"]>;

/** One stack setting as its section declares it: the schema with its description and top-level default. */
export interface ConfigDeclaration {
    readonly key: string;
    readonly description: string;
    /** Absent: the key is required. */
    readonly default?: unknown;
}

/**
 * Every section's keys in one shape, each schema carrying its description (zod `meta`) and its default (`prefault`:
 * a missing key reads as if the stack wrote the default, which is what the Pulumi CLI does with Pulumi.yaml's,
 * generated from the same declaration). A key two sections declare is a programming error, refused at load.
 */
function mergeKeys(): { keys: Keys; declarations: ConfigDeclaration[] } {
    const keys: Record<string, z.ZodType> = {};
    const declarations: ConfigDeclaration[] = [];
    for (const section of SECTIONS) {
        const docs = section.docs as Readonly<Record<string, { description: string; default?: unknown }>>;
        for (const [key, schema] of Object.entries(section.keys as Record<string, z.ZodType>)) {
            if (key in keys) throw new Error(`config key ${key} is declared by two sections`);
            const doc = docs[key]!;
            const described = schema.meta({ description: doc.description });
            keys[key] = "default" in doc ? described.prefault(doc.default) : described;
            declarations.push({ key, ...doc });
        }
    }
    return { keys: keys as unknown as Keys, declarations };
}
const MERGED = mergeKeys();
const KEYS = MERGED.keys;

/** Every stack setting, in section order: what `npm run docs:config` writes into Pulumi.yaml and docs/config.md. */
export const CONFIG_DECLARATIONS: readonly ConfigDeclaration[] = MERGED.declarations;
const SCHEMA = z.object(KEYS);

/** The validated stack config. */
export type StackConfig = z.infer<typeof SCHEMA>;

/** The keys a stack may set in the `aml-stamp:` namespace. */
export const CONFIG_KEYS: readonly string[] = Object.keys(KEYS);

/** The schema of one key, for tools (new-team) that validate a single answer the same way the program does. */
export function keySchema(key: string): z.ZodType | undefined {
    return (KEYS as Record<string, z.ZodType>)[key];
}

/**
 * What a key accepts as input, as JSON Schema: zod's public `z.toJSONSchema` (https://zod.dev/json-schema; `io:
 * "input"` describes what a stack file may write, so a transform is read as its input; a schema with no JSON Schema
 * form reads as `{}`). config/ reads the schemas only through it, never through zod's internals. Built on first use,
 * per key: a plan only asks for the keys its stack sets.
 */
type JsonSchema = {
    type?: string | string[];
    enum?: unknown[];
    const?: unknown;
    anyOf?: JsonSchema[];
    properties?: Record<string, JsonSchema>;
    additionalProperties?: JsonSchema | boolean;
    items?: JsonSchema | JsonSchema[];
};
const jsonSchemas = new Map<string, JsonSchema>();
function jsonSchemaOf(key: string): JsonSchema | undefined {
    const schema = keySchema(key);
    if (schema === undefined) return undefined;
    let json = jsonSchemas.get(key);
    if (json === undefined) {
        json = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as JsonSchema;
        jsonSchemas.set(key, json);
    }
    return json;
}

/** Read as text: a string, an enum of strings or a string literal (JSON Schema `type: "string"`). */
const isText = (schema: JsonSchema): boolean => schema.type === "string";

/**
 * Pulumi hands a program every config value as a string; structured values (objects, arrays, numbers, booleans)
 * arrive as JSON text. String-typed keys are kept as they are; the others are JSON-decoded.
 */
function decode(key: string, raw: string): unknown {
    let parsed: unknown;
    try {
        parsed = JSON.parse(raw);
    } catch {
        return raw; // not JSON: the text itself, whatever the key's kind
    }
    const schema = jsonSchemaOf(key);
    return schema !== undefined && isText(schema) ? raw : parsed;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
    let node: unknown = root;
    for (const part of path) {
        if (node === null || typeof node !== "object") return undefined;
        node = (node as Record<PropertyKey, unknown>)[part];
    }
    return node;
}

function keyName(path: readonly PropertyKey[]): string {
    const [head, ...rest] = path;
    let key = `${PROJECT}:${String(head)}`;
    for (const part of rest) key += typeof part === "number" ? `[${part}]` : `.${String(part)}`;
    return key;
}

/** zod reports a bad record key as "Invalid key in record" with the real reason nested: surface the reason. */
function innermostMessage(issue: z.core.$ZodIssue): string {
    const nested = (issue as { issues?: z.core.$ZodIssue[] }).issues;
    const first = nested?.[0];
    return first !== undefined ? innermostMessage(first) : issue.message;
}

/**
 * The input schema of a config field, by path (`["computeClusters", "cpu", "maxNodes"]`): object fields, record
 * values and array items. Undefined when the path leaves the schema (including into a union, whose branches differ).
 */
function schemaAt(path: readonly PropertyKey[]): JsonSchema | undefined {
    const [head, ...rest] = path;
    let node = head === undefined ? undefined : jsonSchemaOf(String(head));
    for (const part of rest) {
        if (node === undefined) return undefined;
        if (node.properties !== undefined) node = node.properties[String(part)];
        else if (typeof node.additionalProperties === "object") node = node.additionalProperties;
        else if (node.items !== undefined && !Array.isArray(node.items)) node = node.items;
        else return undefined;
    }
    return node;
}

/**
 * True when the field at `path` is read as text (a string, enum or literal), so a tool must not JSON-decode it:
 * new-team `--set a.b=value` decodes a nested value the way the program reads it.
 */
export function isTextField(path: readonly PropertyKey[]): boolean {
    const schema = schemaAt(path);
    return schema !== undefined && isText(schema);
}

/** The field names an object field accepts (empty when `path` is not an object). */
function fieldsAt(path: readonly PropertyKey[]): string[] {
    return Object.keys(schemaAt(path)?.properties ?? {});
}

/** What a field takes, read from its JSON Schema: the fallback where a schema states no message of its own. */
function describeSchema(schema: JsonSchema | undefined): string {
    if (schema === undefined) return "a value of the documented shape (see the key's description in Pulumi.yaml)";
    if (schema.enum !== undefined) return `one of ${schema.enum.map((v) => String(v)).join(", ")}`;
    if (schema.const !== undefined) return JSON.stringify(schema.const);
    if (schema.anyOf !== undefined) return schema.anyOf.map(describeSchema).join(", or ");
    switch (schema.type) {
        case "string":
            return "text";
        case "boolean":
            return "true or false";
        case "integer":
            return "a whole number";
        case "number":
            return "a number";
        case "array":
            return `a list of ${Array.isArray(schema.items) || schema.items === undefined ? "values" : describeSchema(schema.items)}`;
        case "object": {
            const fields = Object.keys(schema.properties ?? {});
            return fields.length > 0 ? `an object with ${fields.join(", ")}` : "an object keyed by name";
        }
        default:
            return "a value of the documented shape (see the key's description in Pulumi.yaml)";
    }
}

/** zod's own wording ("Invalid input: expected string, received undefined"), which names neither rule nor key. */
const ZOD_DEFAULT = /^(Invalid (input|string|option|key|element|value|union|type)|Too (small|big)|Unrecognized key)/;

/** The message of an issue, with zod's default wording replaced by what the field takes. */
function issueMessage(issue: z.core.$ZodIssue): string {
    const message = innermostMessage(issue);
    if (!ZOD_DEFAULT.test(message)) return message;
    const bound =
        issue.code === "too_small"
            ? ` (at least ${String(issue.minimum)}${issue.origin === "array" ? " entries" : ""})`
            : issue.code === "too_big"
              ? ` (at most ${String(issue.maximum)}${issue.origin === "array" ? " entries" : ""})`
              : "";
    return `must be ${describeSchema(schemaAt(issue.path))}${bound}`;
}

/**
 * zod's issues as problems a person can act on. A misspelled field (`maxNode`) is reported once, with the field it
 * probably meant, instead of zod's raw "Unrecognized key" plus a second "required" for the real field.
 */
function schemaProblems(issues: readonly z.core.$ZodIssue[], values: Record<string, unknown>): ConfigProblem[] {
    const absorbed = new Set<string>();
    const out: ConfigProblem[] = [];
    const missingAt = (path: readonly PropertyKey[]): boolean =>
        issues.some(
            (i) =>
                i.code === "invalid_type" &&
                i.path.length === path.length &&
                i.path.every((p, n) => p === path[n]) &&
                valueAt(values, i.path) === undefined,
        );
    for (const issue of issues) {
        if (issue.code !== "unrecognized_keys") continue;
        const fields = fieldsAt(issue.path);
        for (const unknown of issue.keys) {
            const [best] = suggest(unknown, fields, 1);
            const path = [...issue.path, unknown];
            if (best !== undefined && missingAt([...issue.path, best])) absorbed.add(keyName([...issue.path, best]));
            out.push({
                key: keyName(path),
                value: valueAt(values, path),
                message:
                    best !== undefined
                        ? `unknown field. Did you mean "${best}"? (${keyName(issue.path)} takes: ${fields.join(", ")})`
                        : `unknown field; ${keyName(issue.path)} takes: ${fields.join(", ")}`,
            });
        }
    }
    const problems: ConfigProblem[] = [];
    for (const issue of issues) {
        if (issue.code === "unrecognized_keys") continue;
        const key = keyName(issue.path);
        if (absorbed.has(key)) continue;
        const missing = issue.path.length === 1 && values[String(issue.path[0])] === undefined;
        const missingField =
            !missing &&
            issue.code === "invalid_type" &&
            valueAt(values, issue.path) === undefined &&
            issue.path.length > 1;
        const field = String(issue.path[issue.path.length - 1]);
        problems.push({
            key,
            value: valueAt(values, issue.path),
            message: missing
                ? `required; declare it in Pulumi.<stack>.yaml (see its description in Pulumi.yaml)`
                : missingField
                  ? `required: ${keyName(issue.path.slice(0, -1))} needs ${field}, which ${issueMessage(issue)}`
                  : issueMessage(issue),
        });
    }
    return [...problems, ...out];
}

/**
 * A key left without a value in the stack file (`aml-stamp:team:`) is a YAML null, which the Pulumi CLI hands the
 * program as the text "null": it keeps the value as a config object and marshals it as JSON (pulumi/pulumi
 * sdk/go/common/resource/config/object.go: `unmarshalObject` turns a nil into an empty object, `MarshalString`
 * marshals it with `MarshalJSON`, i.e. `null`; value.go `UnmarshalYAML`). Taken as text, a team would be "null"
 * (rg-null-dev), so "null" is refused for every key, with what the key takes.
 */
function emptyKeyProblem(fullKey: string, key: string): ConfigProblem {
    const probe = keySchema(key)?.safeParse(undefined);
    const first = probe !== undefined && !probe.success ? probe.error.issues[0] : undefined;
    const takes = first !== undefined ? issueMessage({ ...first, path: [key] }) : "a value";
    return {
        key: fullKey,
        value: null,
        message: `is empty: the key has no value in the stack file (YAML reads that as null, and the Pulumi CLI passes the text "null"). Give it a value (it ${takes}), or remove the line to use the Pulumi.yaml default`,
    };
}

/**
 * Pulumi's raw config (the `project:key` → string map it provides) as values by key without the namespace: each known
 * key decoded as the program reads it, an unknown key kept as its text, a key left empty (the text "null") as null.
 * Nothing is checked here: {@link validateConfig} reports every problem at once.
 */
export function decodeConfig(raw: Readonly<Record<string, string>>): Record<string, unknown> {
    const values: Record<string, unknown> = {};
    const prefix = `${PROJECT}:`;
    for (const [fullKey, text] of Object.entries(raw)) {
        if (!fullKey.startsWith(prefix)) continue; // provider keys (azure-native:…) are the provider's business
        const key = fullKey.slice(prefix.length);
        values[key] = text === "null" ? null : keySchema(key) === undefined ? text : decode(key, text);
    }
    return values;
}

/**
 * Validates config values by key (decoded stack config, or the Stamp's args) into a `StackConfig`, applying each
 * key's declared default. Throws a `ConfigError` listing every problem; returns only when the whole config is valid.
 */
export function validateConfig(input: Readonly<Record<string, unknown>>): StackConfig {
    const problems: ConfigProblem[] = [];
    const values: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(input)) {
        const fullKey = `${PROJECT}:${key}`;
        if (keySchema(key) === undefined) {
            const hint = didYouMean(key, CONFIG_KEYS);
            problems.push({
                key: fullKey,
                value,
                message:
                    hint !== ""
                        ? `unknown key.${hint} (every key is declared in Pulumi.yaml)`
                        : `unknown key; the keys of this project are: ${CONFIG_KEYS.join(", ")} (declared in Pulumi.yaml)`,
            });
            continue;
        }
        if (value === null) {
            problems.push(emptyKeyProblem(fullKey, key));
            continue;
        }
        values[key] = value;
    }
    const parsed = SCHEMA.safeParse(values);
    if (!parsed.success) {
        // A key already reported (empty, unknown) is not reported again as missing.
        const reported = new Set(problems.map((p) => p.key));
        problems.push(...schemaProblems(parsed.error.issues, values).filter((p) => !reported.has(p.key)));
    }
    if (problems.length === 0 && parsed.success) {
        for (const section of SECTIONS) {
            for (const p of section.check?.(parsed.data) ?? []) {
                problems.push({ ...p, key: `${PROJECT}:${p.key}` });
            }
        }
        // Every id, whatever key holds it (config/lists.ts); a problem a section already reported is not repeated.
        const reported = new Set(problems.map((p) => p.key));
        for (const p of idProblems(parsed.data)) {
            if (!reported.has(`${PROJECT}:${p.key}`)) problems.push({ ...p, key: `${PROJECT}:${p.key}` });
        }
        // The platform's guardrails (platform/guardrails.yaml): a team stack may only narrow them.
        for (const p of guardrailProblems(parsed.data, loadGuardrails())) {
            problems.push({ ...p, key: `${PROJECT}:${p.key}` });
        }
    }
    if (problems.length > 0 || !parsed.success) throw new ConfigError(problems);
    return parsed.data;
}

/** Validates raw config (the `project:key` → string map Pulumi provides): {@link decodeConfig}, then {@link validateConfig}. */
export function parseConfig(raw: Readonly<Record<string, string>>): StackConfig {
    return validateConfig(decodeConfig(raw));
}

/** Reads and validates the running stack's config. Call once, before declaring any resource. */
export function loadConfig(): StackConfig {
    const raw = pulumi.runtime.allConfig();
    refuseSecretValues(secretConfigKeys(raw), PROJECT); // config/secrets.ts: no secret is written out in clear text
    return parseConfig(raw);
}
