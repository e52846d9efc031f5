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

export { ConfigError, type ConfigProblem } from "./errors";

export const PROJECT = "aml-stamp";

/** Every section, in the order their problems are reported. */
const SECTIONS = [stampSection, computeSection, automationSection, accessSection, hardeningSection] as const;

const KEYS = {
    ...stampSection.keys,
    ...computeSection.keys,
    ...automationSection.keys,
    ...accessSection.keys,
    ...hardeningSection.keys,
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
            problems.push({
                key: fullKey,
                value: text,
                message: `unknown key; the keys of this project are: ${CONFIG_KEYS.join(", ")} (declared in Pulumi.yaml)`,
            });
            continue;
        }
        values[key] = decode(schema, text);
    }
    const parsed = SCHEMA.safeParse(values);
    if (!parsed.success) {
        for (const issue of parsed.error.issues) {
            const missing = issue.path.length === 1 && values[String(issue.path[0])] === undefined;
            problems.push({
                key: keyName(issue.path),
                value: valueAt(values, issue.path),
                message: missing
                    ? `required; declare it in Pulumi.<stack>.yaml (see its description in Pulumi.yaml)`
                    : innermostMessage(issue),
            });
        }
    }
    if (problems.length === 0 && parsed.success) {
        for (const section of SECTIONS) {
            for (const p of section.check?.(parsed.data) ?? []) {
                problems.push({ ...p, key: `${PROJECT}:${p.key}` });
            }
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
