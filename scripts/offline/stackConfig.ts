/**
 * Reads a stack's config the way the Pulumi CLI hands it to the program: Pulumi.yaml `config:` defaults first, then
 * `Pulumi.<stack>.yaml`. Values become the `project:key` → string map of `pulumi.runtime.allConfig()` (structured
 * values as JSON). Secure values (`secure: v1:…`) cannot be decrypted offline: they are replaced by a placeholder
 * and reported as secret keys.
 */
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";

export const ROOT = path.resolve(__dirname, "..", "..");
/** The platform project (platform/Pulumi.yaml, platform/Pulumi.<stack>.yaml). */
export const PLATFORM_ROOT = path.join(ROOT, "platform");

export interface DeclaredKey {
    readonly key: string;
    readonly type?: string;
    readonly description?: string;
    readonly default?: unknown;
    readonly hasDefault: boolean;
}

export interface ProjectFile {
    readonly name: string;
    readonly declared: readonly DeclaredKey[];
}

export interface RawStackConfig {
    /** `project:key` → value as Pulumi passes it to the program. */
    readonly config: Record<string, string>;
    /** Keys whose value is secret (placeholders offline). */
    readonly secretKeys: string[];
}

/** Placeholder for a secure value the offline plan cannot decrypt. */
export const SECRET_PLACEHOLDER = "offline-placeholder-for-secret";

export function readProject(root: string = ROOT): ProjectFile {
    const doc = parse(fs.readFileSync(path.join(root, "Pulumi.yaml"), "utf8")) as {
        name: string;
        config?: Record<string, unknown>;
    };
    const declared: DeclaredKey[] = [];
    for (const [key, decl] of Object.entries(doc.config ?? {})) {
        if (decl !== null && typeof decl === "object" && "type" in decl) {
            const d = decl as { type: string; description?: string; default?: unknown };
            declared.push({
                key,
                type: d.type,
                description: d.description,
                default: d.default,
                hasDefault: "default" in d,
            });
        } else {
            declared.push({ key, default: decl, hasDefault: true });
        }
    }
    return { name: doc.name, declared };
}

function encode(value: unknown): string {
    return typeof value === "string" ? value : JSON.stringify(value);
}

function fullKey(project: string, key: string): string {
    return key.includes(":") ? key : `${project}:${key}`;
}

/** The stack file for `stack`, relative to the project root. */
export function stackFile(stack: string, root: string = ROOT): string {
    return path.join(root, `Pulumi.${stack}.yaml`);
}

/** Stacks that have a committed `Pulumi.<stack>.yaml`, sorted. */
export function listStacks(root: string = ROOT): string[] {
    return fs
        .readdirSync(root)
        .map((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1])
        .filter((s): s is string => s !== undefined)
        .sort();
}

function isSecure(value: unknown): boolean {
    return value !== null && typeof value === "object" && Object.keys(value).length === 1 && "secure" in value;
}

/** Replaces `{secure: …}` leaves (anywhere in a structured value) by the placeholder; reports whether any was found. */
function unsecure(value: unknown): { value: unknown; secret: boolean } {
    if (isSecure(value)) return { value: SECRET_PLACEHOLDER, secret: true };
    if (Array.isArray(value)) {
        const items = value.map(unsecure);
        return { value: items.map((i) => i.value), secret: items.some((i) => i.secret) };
    }
    if (value !== null && typeof value === "object") {
        let secret = false;
        const out: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(value)) {
            const r = unsecure(v);
            out[k] = r.value;
            secret = secret || r.secret;
        }
        return { value: out, secret };
    }
    return { value, secret: false };
}

/**
 * The merged raw config of a stack. `overrides` (keys with or without the project prefix, values as JSON-able
 * values) are applied last; an override of `undefined` removes the key (to test a missing value).
 */
export function readStackConfig(
    stack: string,
    overrides: Record<string, unknown> = {},
    root: string = ROOT,
    stackDoc?: { config?: Record<string, unknown> },
): RawStackConfig {
    const project = readProject(root);
    const config: Record<string, string> = {};
    const secretKeys: string[] = [];
    for (const d of project.declared) {
        if (d.hasDefault) config[fullKey(project.name, d.key)] = encode(d.default);
    }
    const doc =
        stackDoc ??
        ((fs.existsSync(stackFile(stack, root)) ? parse(fs.readFileSync(stackFile(stack, root), "utf8")) : {}) as {
            config?: Record<string, unknown>;
        });
    for (const [key, value] of Object.entries(doc?.config ?? {})) {
        const k = fullKey(project.name, key);
        const r = unsecure(value);
        config[k] = encode(r.value);
        if (r.secret) secretKeys.push(k);
    }
    for (const [key, value] of Object.entries(overrides)) {
        const k = fullKey(project.name, key);
        if (value === undefined) delete config[k];
        else config[k] = encode(value);
    }
    return { config, secretKeys };
}
