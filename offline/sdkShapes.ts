/**
 * What a provider returns for a resource type, read from the installed SDK itself (never a hand list): the output
 * property names the generated class declares, the Azure REST API version (azure-native) and the outputs the SDK
 * asks the engine to mark secret. The mocks (offline/mocks.ts) and the stack-policy read audit
 * (tests/policyShapes.spec.ts) use it.
 *
 * How the generated JavaScript states a class's outputs (pulumi-language-nodejs codegen, as installed):
 * - azure-native v3: `if (!opts.id) { …inputs…; resourceInputs["x"] = undefined /*out*\/ } else { …every output key
 *   = undefined /*out*\/… }`: the `else` branch (the `get` path) lists every property the provider returns. Inputs
 *   that only form the request URL (`resourceGroupName`, `scope`, `resourceUri`, `accountName`, …) are absent from it.
 * - Terraform-bridged providers (@pulumi/azuread v6, @pulumi/random v4): `if (opts.id) { const state = argsOrState;
 *   resourceInputs["x"] = state?.x; … } else { …args… }`: the first branch lists every state (= output) key.
 * - `const secretOpts = { additionalSecretOutputs: [...] }` is merged into the options; the engine marks those
 *   outputs secret (pulumi/pulumi pkg/resource/deploy/step_executor.go, `newState.AdditionalSecretOutputs` →
 *   `resource.MakeSecret`). The mock monitor does not (it ignores the option), so offline/evaluate.ts does.
 * - azure-native's class comment says "Uses Azure REST API version X."; the provider returns that as
 *   `azureApiVersion` (declared as an output of every v3 class).
 *
 * Each type is read once, lazily, and cached: the plan loads only the SDK files of the types it declares.
 */
import * as fs from "fs";

export interface SdkShape {
    /** The Pulumi type token. */
    readonly type: string;
    /** Every output property the SDK class declares (what the provider returns; `id` and `urn` are not in it). */
    readonly outputs: ReadonlySet<string>;
    /** Outputs the SDK marks secret through `additionalSecretOutputs`. */
    readonly secretOutputs: readonly string[];
    /** azure-native: the REST API version the class uses (returned as `azureApiVersion`). */
    readonly apiVersion?: string;
}

const cache = new Map<string, SdkShape | null>();

/** The SDK module of a type token: `azure-native:storage:StorageAccount` → `@pulumi/azure-native/storage/storageAccount`. */
export function sdkModuleOf(type: string): string | undefined {
    const [pkg, mod, cls] = type.split(":");
    if (pkg === undefined || mod === undefined || cls === undefined || cls === "") return undefined;
    if (!["azure-native", "azuread", "random"].includes(pkg)) return undefined;
    const lower = cls[0]!.toLowerCase() + cls.slice(1);
    if (pkg === "azure-native") return `@pulumi/azure-native/${mod}/${lower}`;
    // Bridged providers: `azuread:index/applicationPassword:ApplicationPassword`.
    const [group, file] = mod.split("/");
    if (file === undefined) return undefined;
    return group === "index" ? `@pulumi/${pkg}/${file}` : `@pulumi/${pkg}/${group}/${file}`;
}

function keysIn(text: string, pattern: RegExp): Set<string> {
    const out = new Set<string>();
    for (const m of text.matchAll(pattern)) out.add(m[1]!);
    return out;
}

/** Parses one generated class file. Throws when the file does not have the shape this module relies on. */
export function parseSdkClass(type: string, source: string, file = "<source>"): SdkShape {
    if (!source.includes(`__pulumiType = '${type}'`)) {
        throw new Error(`sdkShapes: ${file} does not declare __pulumiType '${type}'`);
    }
    let branch: string | undefined;
    const notId = source.indexOf("if (!opts.id) {");
    const isId = source.indexOf("if (opts.id) {");
    if (notId >= 0) {
        const start = source.indexOf("else {", notId);
        const end = source.indexOf("opts = pulumi.mergeOptions", start);
        if (start >= 0 && end > start) branch = source.slice(start, end);
    } else if (isId >= 0) {
        const end = source.indexOf("else {", isId);
        if (end > isId) branch = source.slice(isId, end);
    }
    if (branch === undefined) throw new Error(`sdkShapes: no output branch found in ${file} (${type})`);
    const outputs = keysIn(branch, /resourceInputs\["(\w+)"\]\s*=/g);
    const secretMatch = /additionalSecretOutputs:\s*\[([^\]]*)\]/.exec(source);
    const secretOutputs =
        secretMatch === null ? [] : [...keysIn(secretMatch[1]!, /"(\w+)"/g)].filter((k) => outputs.has(k));
    const api = /Uses Azure REST API version ([0-9A-Za-z-]+)\./.exec(source);
    return { type, outputs, secretOutputs, ...(api !== null ? { apiVersion: api[1]! } : {}) };
}

/** The SDK shape of a type, or undefined when no installed SDK declares it (components, unknown packages). */
export function sdkShape(type: string): SdkShape | undefined {
    const cached = cache.get(type);
    if (cached !== undefined) return cached ?? undefined;
    const mod = sdkModuleOf(type);
    let shape: SdkShape | null = null;
    if (mod !== undefined) {
        let file: string | undefined;
        try {
            file = require.resolve(mod);
        } catch {
            file = undefined;
        }
        if (file !== undefined) shape = parseSdkClass(type, fs.readFileSync(file, "utf8"), file);
    }
    cache.set(type, shape);
    return shape ?? undefined;
}
