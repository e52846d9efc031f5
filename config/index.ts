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
import { didYouMean, suggest } from "../lib/suggest";

export { ConfigError, type ConfigProblem } from "./errors";

export const PROJECT = "aml-stamp";

/** Every section, in the order their problems are reported. */
const SECTIONS = [
    stampSection,
    computeSection,
    automationSection,
    accessSection,
    hardeningSection,
    identitySection,
    endpointSection,
] as const;

const KEYS = {
    ...stampSection.keys,
    ...computeSection.keys,
    ...automationSection.keys,
    ...accessSection.keys,
    ...hardeningSection.keys,
    ...identitySection.keys,
    ...endpointSection.keys,
};
const SCHEMA = z.object(KEYS);

/** The validated stack config. */
export type StackConfig = z.infer<typeof SCHEMA>;

/** The keys a stack may set in the `aml-stamp:` namespace. */
export const CONFIG_KEYS: readonly string[] = Object.keys(KEYS);

/** The schema of one key, for tools (new-team) that validate a single answer the same way the program does. */
export function keySchema(key: string): z.ZodType | undefined {
    return (KEYS as Record<string, z.ZodType>)[key];
}

function isStringSchema(schema: z.ZodType): boolean {
    let def = (schema as unknown as { _zod: { def: { type: string; innerType?: z.ZodType } } })._zod.def;
    while ((def.type === "optional" || def.type === "default" || def.type === "nullable") && def.innerType) {
        def = (def.innerType as unknown as { _zod: { def: { type: string; innerType?: z.ZodType } } })._zod.def;
    }
    return def.type === "string" || def.type === "enum" || def.type === "literal";
}

/**
 * Pulumi hands a program every config value as a string; structured values (objects, arrays, numbers, booleans)
 * arrive as JSON text. String-typed keys are kept as they are; the others are JSON-decoded.
 */
function decode(schema: z.ZodType, raw: string): unknown {
    if (isStringSchema(schema)) return raw;
    try {
        return JSON.parse(raw);
    } catch {
        return raw;
    }
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

type ZodDef = { type: string; innerType?: z.ZodType; in?: z.ZodType; shape?: Record<string, z.ZodType> } & {
    valueType?: z.ZodType;
    element?: z.ZodType;
};
const defOf = (schema: z.ZodType): ZodDef => (schema as unknown as { _zod: { def: ZodDef } })._zod.def;

/** The schema with its optional/default/nullable/pipe wrappers removed. */
function unwrap(schema: z.ZodType): z.ZodType {
    let s = schema;
    for (let def = defOf(s); ; def = defOf(s)) {
        const inner = def.innerType ?? (def.type === "pipe" ? def.in : undefined);
        if (inner === undefined) return s;
        s = inner;
    }
}

/**
 * The schema of a nested config field, by path (`["computeClusters", "cpu", "maxNodes"]`): object fields, record
 * values and array items. Undefined when the path leaves the schema. Tools (new-team `--set a.b=value`) use it to
 * decode a nested value the way the program reads it.
 */
export function schemaAt(path: readonly PropertyKey[]): z.ZodType | undefined {
    let node: z.ZodType | undefined = SCHEMA;
    for (const part of path) {
        if (node === undefined) return undefined;
        const def = defOf(unwrap(node));
        if (def.type === "object") node = def.shape?.[String(part)];
        else if (def.type === "record") node = def.valueType;
        else if (def.type === "array") node = def.element;
        else return undefined;
    }
    return node;
}

/** True when the field at `path` is read as text (a string, enum or literal), so a tool must not JSON-decode it. */
export function isTextField(path: readonly PropertyKey[]): boolean {
    const schema = schemaAt(path);
    return schema !== undefined && isStringSchema(schema);
}

/** The field names an object field accepts (empty when `path` is not an object). */
function fieldsAt(path: readonly PropertyKey[]): string[] {
    const schema = schemaAt(path);
    if (schema === undefined) return [];
    const def = defOf(unwrap(schema));
    return def.type === "object" ? Object.keys(def.shape ?? {}) : [];
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
        problems.push({
            key,
            value: valueAt(values, issue.path),
            message: missing
                ? `required; declare it in Pulumi.<stack>.yaml (see its description in Pulumi.yaml)`
                : innermostMessage(issue),
        });
    }
    return [...problems, ...out];
}

/**
 * Validates raw config (the `project:key` → string map Pulumi provides) into a `StackConfig`.
 * Throws a `ConfigError` listing every problem; returns only when the whole config is valid.
 */
export function parseConfig(raw: Readonly<Record<string, string>>): StackConfig {
    const problems: ConfigProblem[] = [];
    const values: Record<string, unknown> = {};
    const prefix = `${PROJECT}:`;
    for (const [fullKey, text] of Object.entries(raw)) {
        if (!fullKey.startsWith(prefix)) continue; // provider keys (azure-native:…) are the provider's business
        const key = fullKey.slice(prefix.length);
        const schema = keySchema(key);
        if (schema === undefined) {
            const hint = didYouMean(key, CONFIG_KEYS);
            problems.push({
                key: fullKey,
                value: text,
                message:
                    hint !== ""
                        ? `unknown key.${hint} (every key is declared in Pulumi.yaml)`
                        : `unknown key; the keys of this project are: ${CONFIG_KEYS.join(", ")} (declared in Pulumi.yaml)`,
            });
            continue;
        }
        values[key] = decode(schema, text);
    }
    const parsed = SCHEMA.safeParse(values);
    if (!parsed.success) {
        problems.push(...schemaProblems(parsed.error.issues, values));
    }
    if (problems.length === 0 && parsed.success) {
        for (const section of SECTIONS) {
            for (const p of section.check?.(parsed.data) ?? []) {
                problems.push({ ...p, key: `${PROJECT}:${p.key}` });
            }
        }
        // The platform's guardrails (platform/guardrails.yaml): a team stack may only narrow them.
        for (const p of guardrailProblems(parsed.data, loadGuardrails())) {
            problems.push({ ...p, key: `${PROJECT}:${p.key}` });
        }
    }
    if (problems.length > 0 || !parsed.success) throw new ConfigError(problems);
    return parsed.data;
}

/** Reads and validates the running stack's config. Call once, before declaring any resource. */
export function loadConfig(): StackConfig {
    const raw = pulumi.runtime.allConfig();
    refuseSecretValues(secretConfigKeys(raw), PROJECT); // config/secrets.ts: no secret is written out in clear text
    return parseConfig(raw);
}
