/**
 * Reads a stack's config the way the Pulumi CLI hands it to the program: Pulumi.yaml `config:` defaults first, then
 * `Pulumi.<stack>.yaml`. Values become the `project:key` → string map of `pulumi.runtime.allConfig()` (structured
 * values as JSON). Secure values (`secure: v1:…`) cannot be decrypted offline: they are replaced by a placeholder
 * and reported as secret keys.
 */
import * as fs from "fs";
import * as path from "path";
import { parseDocument } from "yaml";
import { isGuid } from "../lib/guid";
import { didYouMean } from "../lib/suggest";

export const ROOT = path.resolve(__dirname, "..");
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

/** Where the project's stacks keep their state (`projectBackend`). */
export interface ProjectBackend {
    /** Pulumi.yaml `backend.url`, when it sets one. */
    readonly url: string | undefined;
    /** True for Pulumi Cloud (an http(s) URL: api.pulumi.com or a self-hosted Pulumi Cloud). */
    readonly cloud: boolean;
}

/**
 * The state backend of the project's stacks, as the repository records it: Pulumi.yaml `backend.url`, the project
 * file's own setting (pulumi.com/docs/reference/pulumi-yaml, `backend`; "To explicitly use the Pulumi Cloud backend,
 * use URL https://api.pulumi.com"), or, when it sets none, the Azure Blob (DIY) backend the platform project creates
 * (docs/state-backends.md). azblob://, s3://, gs:// and file:// URLs are DIY backends. The CLI lets
 * PULUMI_BACKEND_URL override `backend.url` (pulumi/pulumi pkg/workspace `GetCurrentCloudURL`: "if PULUMI_BACKEND_URL
 * is set, the corresponding value is returned instead irrespective of the backend for current project"), so CI's
 * PULUMI_BACKEND_URL variable must name the same backend (docs/shared-settings.md).
 */
export function projectBackend(root: string = ROOT): ProjectBackend {
    const doc = readYamlFile(path.join(root, "Pulumi.yaml"), root) as { backend?: { url?: unknown } } | null;
    const url = typeof doc?.backend?.url === "string" && doc.backend.url !== "" ? doc.backend.url : undefined;
    return { url, cloud: url !== undefined && /^https?:\/\//.test(url) };
}

/**
 * Why this project's stacks cannot import ESC environments, or undefined on Pulumi Cloud: the CLI opens a stack's
 * `environment:` only through a backend that implements environments, and fails on any other ("backend %v does not
 * support environments", pulumi/pulumi pkg/cmd/pulumi/config/io.go `openStackEnv`; only the Pulumi Cloud backend,
 * pkg/backend/httpstate, implements `OpenYAMLEnvironment`).
 */
export function escRefusal(root: string = ROOT): string | undefined {
    const backend = projectBackend(root);
    if (backend.cloud) return undefined;
    const which =
        backend.url !== undefined
            ? `Pulumi.yaml backend.url ${backend.url}`
            : "the platform's Azure Blob backend (Pulumi.yaml sets no backend.url)";
    return (
        `this project's state backend is ${which}, a DIY backend, and a DIY backend does not support environments ` +
        '(pulumi/pulumi pkg/cmd/pulumi/config/io.go openStackEnv: the CLI fails with "backend … does not support ' +
        'environments"). ESC environments need Pulumi Cloud (Pulumi.yaml backend.url: https://api.pulumi.com); ' +
        "keep shared settings in the Pulumi.yaml defaults (docs/shared-settings.md)"
    );
}

export interface RawStackConfig {
    /** `project:key` → value as Pulumi passes it to the program. */
    readonly config: Record<string, string>;
    /** Keys whose value is secret (placeholders offline). */
    readonly secretKeys: string[];
}

/** Placeholder for a secure value the offline plan cannot decrypt. */
export const SECRET_PLACEHOLDER = "offline-placeholder-for-secret";

/**
 * A stack or project file that is missing or not valid YAML: the message names the file (and, for syntax errors,
 * the line and column and the YAML parser's own message).
 */
export class StackFileError extends Error {
    constructor(
        readonly file: string,
        message: string,
    ) {
        super(message);
        this.name = "StackFileError";
    }
}

/**
 * Parses a YAML file; a syntax error becomes a `StackFileError` naming the file, line and column (1-based, as the
 * `yaml` package reports them in `linePos`) with the parser's message, instead of a stack trace without a file name.
 */
export function readYamlFile(file: string, root: string = ROOT): unknown {
    const text = fs.readFileSync(file, "utf8");
    const key = `${file}\0${text}`;
    let value = parsed.get(key);
    if (value === undefined) {
        value = { parsed: parseYaml(text, path.relative(root, file) || file) };
        if (parsed.size >= PARSED_MAX) parsed.delete(parsed.keys().next().value as string);
        parsed.set(key, value);
    }
    // A copy: callers may change what they get, the cache stays as the file says.
    return structuredClone(value.parsed);
}

/**
 * Parsed files by path and content: one offline plan reads Pulumi.yaml and the stack file several times (the
 * caller's config, the program's config, the policy config, the ESC note). Keyed by content, so an edited file is
 * parsed again; the oldest entries go first beyond PARSED_MAX (a test run writes many small stack files).
 */
const parsed = new Map<string, { parsed: unknown }>();
const PARSED_MAX = 32;

function parseYaml(text: string, shown: string): unknown {
    const doc = parseDocument(text, { prettyErrors: true });
    const problem = doc.errors[0];
    if (problem !== undefined) {
        const at = problem.linePos?.[0];
        const where = at !== undefined ? `${shown}:${at.line}:${at.col}` : shown;
        throw new StackFileError(shown, `${where}: invalid YAML: ${problem.message}`);
    }
    return doc.toJS() as unknown;
}

/** The stack file's document (`config:`, `environment:`), or a `StackFileError` when missing or not a mapping. */
export function readStackDoc(
    stack: string,
    root: string = ROOT,
): { config?: Record<string, unknown>; environment?: unknown } {
    const file = stackFile(stack, root);
    const shown = path.basename(file);
    if (!fs.existsSync(file)) {
        const stacks = listStacks(root);
        throw new StackFileError(
            shown,
            `no stack file ${shown} for stack "${stack}" in ${root}. Stacks with a file: ` +
                `${stacks.length > 0 ? stacks.join(", ") : "(none)"}. Create one with \`npm run new-team -- --team NAME --env ENV\`.`,
        );
    }
    const doc = readYamlFile(file, root);
    if (doc === null || doc === undefined) return {};
    if (typeof doc !== "object" || Array.isArray(doc)) {
        throw new StackFileError(
            shown,
            `${shown}: expected a YAML mapping with a \`config:\` key, got ${JSON.stringify(doc)}`,
        );
    }
    const d = doc as { config?: unknown; environment?: unknown };
    if (d.config !== undefined && d.config !== null && (typeof d.config !== "object" || Array.isArray(d.config))) {
        throw new StackFileError(
            shown,
            `${shown}: \`config:\` must be a mapping of keys to values, got ${JSON.stringify(d.config)}`,
        );
    }
    return d as { config?: Record<string, unknown>; environment?: unknown };
}

export function readProject(root: string = ROOT): ProjectFile {
    const doc = readYamlFile(path.join(root, "Pulumi.yaml"), root) as {
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
    stackDoc?: { config?: Record<string, unknown>; environment?: unknown },
): RawStackConfig {
    const project = readProject(root);
    const config: Record<string, string> = {};
    const secretKeys: string[] = [];
    for (const d of project.declared) {
        if (d.hasDefault) config[fullKey(project.name, d.key)] = encode(d.default);
    }
    const doc = stackDoc ?? readStackDoc(stack, root);
    if (doc.environment !== undefined && doc.environment !== null) {
        const refusal = escRefusal(root);
        if (refusal !== undefined) {
            const shown = path.basename(stackFile(stack, root));
            throw new StackFileError(shown, `${shown}: environment ${JSON.stringify(doc.environment)}: ${refusal}`);
        }
    }
    for (const [key, value] of Object.entries(doc?.config ?? {})) {
        const k = fullKey(project.name, key);
        const r = unsecure(value);
        const [namespace = "", name = ""] = k.split(":");
        if (namespace !== project.name) {
            const shown = path.basename(stackFile(stack, root));
            if (!r.secret && providerSecretKeys(namespace).includes(name)) {
                throw new StackFileError(
                    shown,
                    `${shown}: ${k} holds a credential in plain text. Remove it from the file and set it encrypted: ` +
                        `pulumi config set --secret ${k} <value> (or let the provider use az login, a managed identity or OIDC)`,
                );
            }
            const problem = providerKeyProblem(k, value, root, r.secret);
            if (problem !== undefined) {
                const shownValue =
                    r.secret || providerKeys(namespace) === undefined ? "" : ` = ${JSON.stringify(value)}`;
                throw new StackFileError(shown, `${shown}: ${k}${shownValue}: ${problem}`);
            }
        }
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

/** One config key a provider SDK declares (`@pulumi/<namespace>/config/vars.d.ts`). */
export interface ProviderKey {
    readonly key: string;
    readonly type: "string" | "boolean" | "string[]";
    readonly description: string;
    /** The value is a GUID: a subscription, tenant or client id, or a key whose description says GUID/UUID. */
    readonly guid: boolean;
}

const providerKeyCache = new Map<string, ProviderKey[] | undefined>();

/**
 * The config keys of the installed provider SDK `@pulumi/<namespace>`, read from its generated `config/vars.d.ts`
 * (one `export declare const <key>: <type>` per config variable of the provider's schema, with its description), or
 * undefined when no installed SDK declares config for the namespace. Subscription, tenant and client ids are GUIDs
 * (lib/guid.ts), as is every key whose description says "GUID/UUID" (`partnerId`).
 */
export function providerKeys(namespace: string): ProviderKey[] | undefined {
    if (providerKeyCache.has(namespace)) return providerKeyCache.get(namespace);
    let source: string | undefined;
    try {
        source = fs.readFileSync(require.resolve(`@pulumi/${namespace}/config/vars.d.ts`), "utf8");
    } catch {
        source = undefined;
    }
    const keys = source === undefined ? undefined : ([] as ProviderKey[]);
    for (const m of source?.matchAll(/\/\*\*((?:(?!\*\/)[\s\S])*)\*\/\s*export declare const (\w+): ([^;]+);/g) ?? []) {
        const description = m[1]!.replace(/\s*\*\s?/g, " ").trim();
        const t = m[3]!.replace(/\s*\|\s*undefined/, "").trim();
        const type = t === "boolean" ? "boolean" : t === "string[]" ? "string[]" : "string";
        const guid = /\b(Subscription|Tenant|Client) IDs?\b|GUID\/UUID/.test(description);
        keys!.push({ key: m[2]!, type, description, guid });
    }
    providerKeyCache.set(namespace, keys);
    return keys;
}

/**
 * The config namespaces something reads, sorted: the project's own, the engine's (`pulumi:`, not checked here) and
 * each provider the program depends on (package.json `@pulumi/*`) whose SDK declares config (`providerKeys`).
 */
export function configNamespaces(root: string = ROOT): string[] {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
        dependencies?: Record<string, string>;
    };
    const providers = Object.keys(pkg.dependencies ?? {})
        .filter((d) => d.startsWith("@pulumi/"))
        .map((d) => d.slice("@pulumi/".length))
        .filter((ns) => providerKeys(ns) !== undefined);
    return [...new Set([readProject(root).name, "pulumi", ...providers])].sort();
}

/**
 * What is wrong with a config key outside the project's namespace and its value, or undefined: a namespace nothing
 * reads (with the namespace meant), a key the provider does not declare (with the key meant), or a value that is not
 * of the key's declared type (GUIDs are GUIDs). A `secure:` value (`secure` true) is checked by key only. Credential
 * keys are `providerSecretKeys`' business. `pulumi:` keys are the engine's and pass.
 */
export function providerKeyProblem(
    fullKey: string,
    value: unknown,
    root: string = ROOT,
    secure = false,
): string | undefined {
    const at = fullKey.indexOf(":");
    const namespace = fullKey.slice(0, at);
    const name = fullKey.slice(at + 1);
    const namespaces = configNamespaces(root);
    if (namespace === "pulumi" || namespace === readProject(root).name) return undefined;
    const keys = providerKeys(namespace);
    if (keys === undefined || !namespaces.includes(namespace)) {
        return (
            `unknown config namespace "${namespace}".${didYouMean(namespace, namespaces)} Nothing reads it: this ` +
            `project reads its own keys, the engine's pulumi: keys and the config of the providers it installs ` +
            `(${namespaces.filter((n) => n !== "pulumi" && n !== readProject(root).name).join(", ")})`
        );
    }
    const declared = keys.find((k) => k.key === name);
    if (declared === undefined) {
        const hint = didYouMean(
            name,
            keys.map((k) => k.key),
        );
        return `not a config key of the ${namespace} provider.${hint} Its keys: ${keys.map((k) => k.key).join(", ")} (@pulumi/${namespace} config/vars.d.ts)`;
    }
    if (secure) return undefined;
    const isBool = typeof value === "boolean" || value === "true" || value === "false";
    if (declared.type === "boolean") return isBool ? undefined : "must be true or false";
    if (declared.type === "string[]") {
        const ok = Array.isArray(value) && value.every((v) => typeof v === "string" && (!declared.guid || isGuid(v)));
        return ok ? undefined : `must be a list of ${declared.guid ? "GUIDs" : "strings"}`;
    }
    if (typeof value !== "string") return "must be a string";
    if (declared.guid && !isGuid(value))
        return `must be a GUID (8-4-4-4-12 hexadecimal digits): ${declared.description}`;
    return undefined;
}

/**
 * Provider config keys that hold a credential, e.g. `azure-native:clientSecret`, read from the installed provider SDK
 * rather than kept as a hand list: the generated `Provider` class of each package wraps every config property its
 * schema marks `secret: true` in `pulumi.secret(...)` (@pulumi/azure-native `provider.js`, @pulumi/azuread
 * `provider.js`: clientCertificatePassword, clientId, clientSecret). Keys the schemas do not mark secret but that
 * are credentials by name are added: a declared key ending in Secret, Password, Token or Certificate (`oidcToken`,
 * `oidcRequestToken`: bearer tokens; azuread `clientCertificate`: "Base64 encoded PKCS#12 certificate bundle"),
 * never a path, URL or switch (`clientCertificatePath`, `oidcRequestUrl`). A namespace without an installed
 * `@pulumi/<namespace>` provider SDK yields none.
 */
export function providerSecretKeys(namespace: string): string[] {
    const keys = new Set<string>();
    let source: string;
    try {
        source = fs.readFileSync(require.resolve(`@pulumi/${namespace}/provider`), "utf8");
    } catch {
        return [];
    }
    for (const k of providerKeys(namespace) ?? [])
        if (/(Secret|Password|Token|Certificate)$/.test(k.key)) keys.add(k.key);
    for (const m of source.matchAll(/resourceInputs\["(\w+)"\]\s*=\s*args\?\.\w+\s*\?\s*pulumi\.secret\(/g)) {
        keys.add(m[1]!);
    }
    return [...keys].sort();
}

/** ESC environments a stack document imports (`environment: [a, b]` or `environment: {imports: [a, b]}`). */
export function environmentsOf(doc: { environment?: unknown }): string[] {
    const env = doc.environment;
    if (Array.isArray(env)) return env.map(String);
    if (env !== null && typeof env === "object" && Array.isArray((env as { imports?: unknown }).imports)) {
        return (env as { imports: unknown[] }).imports.map(String);
    }
    return [];
}

/**
 * What the ESC environments a stack imports can still change, for the offline plan (which cannot open them). The
 * Pulumi CLI merges an environment's `pulumiConfig` into the stack config per key: a key the stack file does not set
 * is taken from the environment (in place of the Pulumi.yaml default, which only applies to keys neither sets); a key
 * both set is merged with JSON merge patch semantics, the stack winning: objects merge key by key, recursively,
 * anything else is the stack's value (pulumi/pulumi `pkg/workspace/config.go` `mergeConfig`, "Uses JSON merge patch
 * semantics … Prefers stack values over env values", and `sdk/go/common/resource/config/object.go` `object.Merge`).
 * Empty when the stack imports no environment.
 */
export function escNote(
    doc: { config?: Record<string, unknown>; environment?: unknown },
    root: string = ROOT,
): string[] {
    const environments = environmentsOf(doc);
    if (environments.length === 0) return [];
    const project = readProject(root);
    const set = new Set(Object.keys(doc.config ?? {}).map((k) => fullKey(project.name, k)));
    const declared = project.declared.map((d) => ({ ...d, full: fullKey(project.name, d.key) }));
    const unset = declared.filter((d) => !set.has(d.full)).map((d) => d.full);
    const objects = declared.filter((d) => d.type === "object" && set.has(d.full)).map((d) => d.full);
    return [
        `ESC: this stack imports ${environments.join(", ")}, not resolved offline: this plan uses the Pulumi.yaml ` +
            "defaults in its place. Under the Pulumi CLI the environment can still",
        `  - set any key this stack file leaves out (replacing its default): ${unset.length > 0 ? unset.join(", ") : "(none)"}`,
        `  - add keys inside the objects this stack file sets (objects deep-merge, the stack file wins per key): ` +
            `${objects.length > 0 ? objects.join(", ") : "(none)"}`,
        "  (pulumi/pulumi pkg/workspace/config.go mergeConfig; docs/shared-settings.md)",
    ];
}
