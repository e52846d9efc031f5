/**
 * The shared shape of the pack's policies. Each policy file declares one rule with `resourcePolicy` or `stackPolicy`:
 * the rule's check is a plain function (a resource rule's over one resource's inputs, a stack rule's over every
 * resource's outputs), wrapped into the CrossGuard policy object
 * (@pulumi/policy) that `pulumi preview --policy-pack policy` runs, and called directly by the offline plan
 * (offline/policies.ts). One implementation, two runners.
 *
 * Level → enforcement: Baseline rows are mandatory; Hardened rows advisory (the `hardened-in-production` policy
 * re-runs them as mandatory on production stacks); opt-in and optional rows advisory.
 */
import { type ComputeKindKey, type ComputeKindOf, kindOfComputeType } from "../../../lib/computeKinds";
import type * as pulumi from "@pulumi/pulumi";
import type {
    EnforcementLevel,
    PolicyConfigSchema,
    ResourceValidationPolicy,
    StackValidationPolicy,
} from "@pulumi/policy";

export type Level = "baseline" | "hardened" | "hardened-optional" | "opt-in";

/** A resource's properties as the engine sends them (TypeScript names): inputs to resource rules, outputs to stack rules. */
export type Props = Record<string, unknown>;
export type Report = (message: string) => void;
export type PolicyConfig = Record<string, unknown>;

/**
 * A resource as a stack policy sees it. The engine hands stack policies each resource's OUTPUTS, never its inputs
 * (pulumi/pulumi pkg/resource/deploy/step_generator.go `AnalyzeResources`: "AnalyzeStack is called on the final
 * outputs of each resource"), and azure-native v3 outputs hold only the Azure response plus `azureApiVersion`:
 * inputs that only form the request URL (`resourceUri`, `scope`, `resourceGroupName`, `accountName`, …) are absent.
 * How one resource refers to another is in `propertyDependencies` (per input property, the resources its value came
 * from) and `dependencies`, which the engine also passes. docs/policy.md.
 */
export interface StackResource {
    readonly type: string;
    readonly name: string;
    readonly urn: string;
    /** The resource's outputs. */
    readonly props: Props;
    /** URN of the parent resource, if it is in the stack. */
    readonly parent?: string;
    /** URNs of the resources this one depends on. */
    readonly dependencies: readonly string[];
    /** Per input property name, the URNs of the resources its value came from. */
    readonly propertyDependencies: Readonly<Record<string, readonly string[]>>;
}

/** True when input `property` of `r` was computed from resource `target` (the engine's propertyDependencies). */
export function dependsVia(r: StackResource, property: string, target: StackResource): boolean {
    return (r.propertyDependencies[property] ?? []).includes(target.urn);
}

interface Common {
    /** Security baseline row(s), e.g. "ST-01". */
    readonly id: string;
    /** CrossGuard policy name (kebab-case, unique in the pack). */
    readonly name: string;
    readonly level: Level;
    readonly description: string;
    /** Where the rule comes from (docs/security-baseline.md "Source" column). */
    readonly source: string;
    readonly configSchema?: PolicyConfigSchema;
}

export interface ResourceRule extends Common {
    readonly kind: "resource";
    /** Pulumi type tokens the rule applies to. */
    readonly types: readonly string[];
    /**
     * Input properties that hold another resource's id (`scope`, `workspaceResourceId`, ...): unknown in the first
     * preview of a new stack when that resource is new too. While one is unknown, `check` leaves the resource to
     * `decide`'s stack half (first-preview-linked-inputs, production/hardenedInProduction.ts), which knows the
     * linked resource's type from `propertyDependencies`. Once known (`pulumi up` analyzes each resource after its
     * dependencies exist), `check` decides itself.
     */
    readonly linked?: readonly string[];
    /** The rule's own check, without the deferral of `linked` (what the stack half runs over a linkedView). */
    readonly decide?: ResourceRule["check"];
    /**
     * `resource` is the resource's type and name (the CrossGuard wrapper always passes it; rules that cover several
     * types, e.g. the production escalation, need it; direct calls in tests may leave it out).
     */
    readonly check: (
        props: Props,
        report: Report,
        config: PolicyConfig,
        resource?: { readonly type: string; readonly name: string },
    ) => void;
    readonly policy: ResourceValidationPolicy;
}

export interface StackRule extends Common {
    readonly kind: "stack";
    readonly check: (
        resources: readonly StackResource[],
        report: (message: string, urn?: string) => void,
        config: PolicyConfig,
    ) => void;
    readonly policy: StackValidationPolicy;
}

export type Rule = ResourceRule | StackRule;

export function enforcementOf(level: Level): EnforcementLevel {
    return level === "baseline" ? "mandatory" : "advisory";
}

/** A config schema with one boolean switch, off unless the pack config turns it on (`exempt`, `platformStack`). */
export function switchSchema(key: string, description: string): PolicyConfigSchema {
    return { properties: { [key]: { type: "boolean", default: false, description } } };
}

/**
 * The `platformStack` switch of the rules the platform stack may pass more widely (set only by the platform's own
 * pack config, offline/policies.ts platformPolicyConfig): its schema, and whether a policy's config turns it on.
 */
export const platformStackSwitch = (description: string): PolicyConfigSchema =>
    switchSchema("platformStack", description);
export const isPlatformStack = (config: PolicyConfig): boolean => config["platformStack"] === true;

/** The policy's config with the schema's defaults filled in (the engine does the same; tests and offline rely on it). */
export function withDefaults(schema: PolicyConfigSchema | undefined, given: object | undefined): PolicyConfig {
    const out: PolicyConfig = {};
    for (const [key, prop] of Object.entries(schema?.properties ?? {})) {
        const dflt = (prop as { default?: unknown }).default;
        if (dflt !== undefined) out[key] = dflt;
    }
    return { ...out, ...(given ?? {}) };
}

function describe(def: Common): string {
    return `[${def.id}] ${def.description} (source: ${def.source})`;
}

/** What every CrossGuard policy of the pack states about itself, from the rule's metadata. */
function policyMeta(def: Common) {
    return {
        name: def.name,
        description: describe(def),
        enforcementLevel: enforcementOf(def.level),
        ...(def.configSchema !== undefined ? { configSchema: def.configSchema } : {}),
    };
}

export function resourcePolicy(def: Omit<ResourceRule, "kind" | "policy" | "decide">): ResourceRule {
    const linked = def.linked ?? [];
    const decide = def.check;
    const check: ResourceRule["check"] =
        linked.length === 0
            ? decide
            : (props, ...rest) => {
                  if (!linkedUnknown(props, linked)) decide(props, ...rest);
              };
    return {
        ...def,
        check,
        ...(linked.length > 0 ? { decide } : {}),
        kind: "resource",
        policy: {
            ...policyMeta(def),
            validateResource: (args, reportViolation) => {
                if (!def.types.includes(args.type)) return;
                check(
                    args.props,
                    (m) => reportViolation(`[${def.id}] ${m}`),
                    withDefaults(def.configSchema, args.getConfig()),
                    { type: args.type, name: args.name },
                );
            },
        },
    };
}

/**
 * A Pulumi SDK resource class (e.g. `StorageAccount` from @pulumi/azure-native/storage). Resource policies see a
 * resource's INPUTS (the engine's `AnalyzeResource` takes the goal state's inputs; offline/policies.ts does
 * the same), so a typed rule reads the class's constructor args, unwrapped: `InputsOf<typeof StorageAccount>`.
 * CrossGuard's `validateResourceOfType` types `props` as the class's OUTPUTS instead (@pulumi/policy policy.d.ts
 * `ResolvedResource`), which is not what a resource policy is given; this helper is its input-typed equivalent and
 * matches on the same type token (@pulumi/policy policy.js `isType`: `resourceClass.__pulumiType`).
 */
export type SdkClass = abstract new (name: string, args: never, opts?: never) => pulumi.CustomResource;
/** What a resource policy sees of a resource of class `C`: its constructor args with every Input unwrapped. */
export type InputsOf<C extends SdkClass> = pulumi.Unwrap<NonNullable<ConstructorParameters<C>[1]>>;
/** A resource rule's check over one resource's typed inputs. */
export type TypedCheck<P> = (
    props: P,
    report: Report,
    config: PolicyConfig,
    resource?: { readonly type: string; readonly name: string },
) => void;

/**
 * The Pulumi type token of an SDK class: its static `__pulumiType` (set by every generated class, e.g.
 * azure-native storage/storageAccount.js; not declared in the .d.ts, hence the read through `unknown`).
 */
export function typeToken(cls: SdkClass): string {
    const token = (cls as unknown as { __pulumiType?: unknown }).__pulumiType;
    if (typeof token !== "string") throw new Error(`${cls.name} is not a Pulumi SDK resource class (no __pulumiType)`);
    return token;
}

/** A resource rule over one SDK class, its check typed against the class's inputs (see SdkClass). */
export function resourceRule<C extends SdkClass>(
    cls: C,
    def: Omit<ResourceRule, "kind" | "policy" | "types" | "check" | "decide"> & {
        readonly check: TypedCheck<InputsOf<C>>;
    },
): ResourceRule {
    return resourcePolicy({ ...def, types: [typeToken(cls)], check: def.check as ResourceRule["check"] });
}

/**
 * The settings a rule states, by dotted input path, each with what it must be: checked in order, one finding per
 * setting that fails (`<path> must be <wants>; found <value>`, expectAt).
 */
export type Settings = Readonly<Record<string, Expectation>>;

/** The check of a rule that is only settings (see Settings). */
export function checkSettings(settings: Settings): (props: object, report: Report) => void {
    return (props, report) => {
        for (const [path, expected] of Object.entries(settings)) expectAt(props, path, expected, report);
    };
}

/** A resource rule over one SDK class whose whole check is settings that must meet expectations (expectAt). */
export function settingsRule<C extends SdkClass>(
    cls: C,
    def: Omit<ResourceRule, "kind" | "policy" | "types" | "check" | "decide"> & { readonly settings: Settings },
): ResourceRule {
    const { settings, ...meta } = def;
    return resourceRule(cls, { ...meta, check: checkSettings(settings) });
}

export function stackPolicy(def: Omit<StackRule, "kind" | "policy">): StackRule {
    return {
        ...def,
        kind: "stack",
        policy: {
            ...policyMeta(def),
            validateStack: (args, reportViolation) => {
                const resources = args.resources.map((r): StackResource => ({
                    type: r.type,
                    name: r.name,
                    urn: r.urn,
                    props: r.props,
                    ...(r.parent !== undefined ? { parent: r.parent.urn } : {}),
                    dependencies: r.dependencies.map((d) => d.urn),
                    propertyDependencies: Object.fromEntries(
                        Object.entries(r.propertyDependencies).map(([k, rs]) => [k, rs.map((d) => d.urn)]),
                    ),
                }));
                def.check(
                    resources,
                    (m, urn) => reportViolation(`[${def.id}] ${m}`, urn),
                    withDefaults(def.configSchema, args.getConfig()),
                );
            },
        },
    };
}

/**
 * True when `props` has `key` at all (without reading it). Stack rules that scan every resource for a property only
 * some types return (`tags`, `identity`) test for it first, so they read only what a resource returns.
 */
export function has(props: object, key: string): boolean {
    return Object.prototype.hasOwnProperty.call(props, key);
}

/** The value at a dotted path of the props (undefined when any step is missing). */
export function get(props: unknown, dotted: string): unknown {
    let node: unknown = props;
    for (const part of dotted.split(".")) {
        if (node === null || typeof node !== "object") return undefined;
        node = (node as Record<string, unknown>)[part];
    }
    return node;
}

/** Azure Policy compares strings case-insensitively. */
export function sameText(a: unknown, b: string): boolean {
    return typeof a === "string" && a.toLowerCase() === b.toLowerCase();
}

export function show(value: unknown): string {
    return value === undefined ? "missing" : JSON.stringify(value);
}

/** What a setting must be, with the words a finding uses ("<path> must be <wants>; found <value>"). */
export interface Expectation {
    readonly test: (value: unknown) => boolean;
    readonly wants: string;
}

/** The expectations single-setting rules state (Azure Policy compares strings case-insensitively). */
export const MUST = {
    /** Exactly `value`: a missing setting fails (Azure Policy flags a property left out). */
    be: (value: boolean): Expectation => ({ test: (v) => v === value, wants: `${value}, set explicitly` }),
    /** Anything but `value`: a missing setting passes. */
    notBe: (value: boolean): Expectation => ({ test: (v) => v !== value, wants: `not ${value}` }),
    /** The text `value`, any case. */
    text: (value: string): Expectation => ({ test: (v) => sameText(v, value), wants: value }),
    /** A non-empty string. */
    set: { test: (v: unknown) => typeof v === "string" && v !== "", wants: "set" } as Expectation,
    /** True as Azure Policy reads it (`equals "true"`): the boolean or the text, any case. */
    true: { test: (v: unknown) => v === true || sameText(v, "true"), wants: "true" } as Expectation,
    /** Any string (`wants` says what it should be, e.g. "an https URL"); its form is checked elsewhere. */
    string: (wants: string): Expectation => ({ test: (v) => typeof v === "string", wants }),
    /** One of `values`, exactly (`why` follows them in a finding). */
    oneOf: (values: readonly string[], why = ""): Expectation => ({
        test: (v) => values.some((t) => t === v),
        wants: `${values.join(" or ")}${why}`,
    }),
} as const;

/** Reports `<path> must be …; found …` when the setting at the dotted `path` of `props` does not meet `expected`. */
export function expectAt(props: object, path: string, expected: Expectation, report: Report): void {
    const value = get(props, path);
    if (!expected.test(value)) report(`${path} must be ${expected.wants}; found ${show(value)}`);
}

export const T = {
    compute: "azure-native:machinelearningservices:Compute",
    workspace: "azure-native:machinelearningservices:Workspace",
    vault: "azure-native:keyvault:Vault",
    storage: "azure-native:storage:StorageAccount",
    blobService: "azure-native:storage:BlobServiceProperties",
    registry: "azure-native:containerregistry:Registry",
    insights: "azure-native:applicationinsights:Component",
    privateEndpoint: "azure-native:network:PrivateEndpoint",
    privateDnsZoneGroup: "azure-native:network:PrivateDnsZoneGroup",
    diagnostics: "azure-native:monitor:DiagnosticSetting",
    roleAssignment: "azure-native:authorization:RoleAssignment",
    roleDefinition: "azure-native:authorization:RoleDefinition",
    password: "azuread:index/applicationPassword:ApplicationPassword",
    federated: "azuread:index/applicationFederatedIdentityCredential:ApplicationFederatedIdentityCredential",
    servicePrincipal: "azuread:index/servicePrincipal:ServicePrincipal",
    group: "azuread:index/group:Group",
    userAssignedIdentity: "azure-native:managedidentity:UserAssignedIdentity",
    conditionalAccess: "azuread:index/conditionalAccessPolicy:ConditionalAccessPolicy",
} as const;

/** `properties.computeType` of an azure-native Compute. */
export function computeType(props: object): string | undefined {
    const t = get(props, "properties.computeType");
    return typeof t === "string" ? t : undefined;
}

/**
 * The stamp's compute kind of an azure-native Compute (lib/computeKinds.ts, by `properties.computeType`): where that
 * kind keeps each setting the compute rules check. Undefined for a compute type the stamp never declares.
 */
export function computeKind(props: object): ComputeKindOf<ComputeKindKey> | undefined {
    return kindOfComputeType(computeType(props));
}

/** For a compute of kind `key` only: the kind's `setting` path and the value there. */
export function kindSetting(
    props: object,
    key: ComputeKindKey,
    setting: "idleCostPath",
): { readonly path: string; readonly value: unknown } | undefined {
    const kind = computeKind(props);
    if (kind?.key !== key) return undefined;
    return { path: kind[setting], value: get(props, kind[setting]) };
}

/*
 * Unknown values. In a preview the engine sends a value it does not know yet (an id or output of a resource still
 * to be created) as a sentinel string (pulumi/pulumi sdk/go/common/resource/plugin/rpc.go `UnknownStringValue` and
 * its siblings, `marshalUnknownProperty`); @pulumi/policy wraps every props object in `unknownCheckingProxy`, which
 * throws `UnknownValueError` on reading one, and the analyzer turns that into an advisory "can't run … during
 * preview" for the whole policy (@pulumi/policy 1.21 proxy.js, server.js). Rules that must decide in a preview look
 * before they read: `isUnknown`/`peek` see the raw value without tripping the proxy.
 */

/** The sentinels of @pulumi/policy proxy.js (`unknownStringValue` …, tests/ check they are the installed ones). */
export const UNKNOWN_SENTINELS: ReadonlySet<string> = new Set([
    "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7", // boolean
    "3eeb2bf0-c639-47a8-9e75-3b44932eb421", // number
    "04da6b54-80e4-46f7-96ec-b56ff0331ba9", // string (the only one the Node.js SDK and azure-native produce)
    "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2", // array
    "030794c1-ac77-496b-92df-f27374a8bd58", // asset
    "e48ece36-62e2-4504-bad9-02848725956a", // archive
    "dd056dcd-154b-4c76-9bd3-c8f88648b5ff", // object
]);

/**
 * @pulumi/policy's own proxy and its error (proxy.js; marked @internal, so its .d.ts declares neither and they are
 * required from the file): the offline runner wraps props in the same proxy the analyzer uses, and the production
 * escalation tells an unknown read of one inner rule from a real error.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const POLICY_PROXY = require("@pulumi/policy/proxy") as {
    unknownCheckingProxy<T extends object>(props: T): T;
    UnknownValueError: new (...args: never[]) => Error;
};
export const unknownCheckingProxy = <T extends object>(props: T): T => POLICY_PROXY.unknownCheckingProxy(props);
/** True for the error @pulumi/policy's proxy throws when a policy reads an unknown value. */
export function isUnknownValueError(err: unknown): err is Error {
    return err instanceof POLICY_PROXY.UnknownValueError;
}

/**
 * The value of own property `key`, read through its property descriptor: @pulumi/policy's proxy has only a `get`
 * trap, so this sees the raw value (the sentinel itself when unknown) without throwing, and nested objects come back
 * unproxied.
 */
function own(value: object, key: string): unknown {
    return (Object.getOwnPropertyDescriptor(value, key) as { value?: unknown } | undefined)?.value;
}

/** A plain copy of `value` read through descriptors: no unknown read ever throws, proxies are gone. */
export function raw<T>(value: T): T {
    if (value === null || typeof value !== "object") return value;
    if (Array.isArray(value)) return value.map((_, i) => raw(own(value, String(i)))) as T;
    return Object.fromEntries(Object.keys(value).map((k) => [k, raw(own(value, k))])) as T;
}

/** True for a value the engine does not know yet. */
export function isUnknown(value: unknown): boolean {
    return typeof value === "string" && UNKNOWN_SENTINELS.has(value);
}

/** True when `value` is unknown or holds an unknown at any depth. */
export function containsUnknown(value: unknown): boolean {
    const v = raw(value);
    if (isUnknown(v)) return true;
    if (Array.isArray(v)) return v.some(containsUnknown);
    if (v !== null && typeof v === "object") return Object.values(v).some(containsUnknown);
    return false;
}

/** The raw value of `props[key]`: the sentinel itself when unknown (no throw). */
export function peek(props: object, key: string): unknown {
    return raw(own(props, key));
}

/** True when any of the `linked` properties holds an unknown (the linked resource is not created yet). */
export function linkedUnknown(props: object, linked: readonly string[]): boolean {
    return linked.some((key) => containsUnknown(peek(props, key)));
}

/**
 * The ARM resource type of the resources whose id a stamp's resource takes as an input (a role assignment's scope,
 * Application Insights' workspace, a private endpoint's target, a diagnostic setting's resource and destination):
 * what a first preview still knows of an id it cannot know yet. From the ARM ids the provider returns (Azure REST API
 * specs; the same types offline/mocks.ts builds ids with). A type not listed cannot be placed, and says so.
 */
export const ARM_TYPES: Readonly<Record<string, string>> = {
    "azure-native:resources:ResourceGroup": "Microsoft.Resources/resourceGroups",
    "azure-native:storage:StorageAccount": "Microsoft.Storage/storageAccounts",
    "azure-native:keyvault:Vault": "Microsoft.KeyVault/vaults",
    "azure-native:keyvault:Key": "Microsoft.KeyVault/vaults/keys",
    "azure-native:operationalinsights:Workspace": "Microsoft.OperationalInsights/workspaces",
    "azure-native:applicationinsights:Component": "Microsoft.Insights/components",
    "azure-native:containerregistry:Registry": "Microsoft.ContainerRegistry/registries",
    "azure-native:machinelearningservices:Workspace": "Microsoft.MachineLearningServices/workspaces",
    "azure-native:managedidentity:UserAssignedIdentity": "Microsoft.ManagedIdentity/userAssignedIdentities",
    "azure-native:network:PrivateEndpoint": "Microsoft.Network/privateEndpoints",
    "azure-native:machinelearningservices:Compute": "Microsoft.MachineLearningServices/workspaces/computes",
    "azure-native:machinelearningservices:OnlineEndpoint":
        "Microsoft.MachineLearningServices/workspaces/onlineEndpoints",
    "azure-native:storage:BlobContainer": "Microsoft.Storage/storageAccounts/blobServices/containers",
};

/** The segment a placeholder id holds where the real id's value is not known yet. */
export const UNKNOWN_SEGMENT = "(unknown-until-created)";

/**
 * An ARM id of the right shape for a resource of Pulumi `type` whose id is not known yet, or undefined when the type
 * is not in ARM_TYPES: `/subscriptions/…/resourceGroups/…` for a resource group, `…/providers/<type>/…` for a
 * resource in one.
 */
export function placeholderId(type: string): string | undefined {
    const arm = ARM_TYPES[type];
    if (arm === undefined) return undefined;
    const group = `/subscriptions/${UNKNOWN_SEGMENT}/resourceGroups/${UNKNOWN_SEGMENT}`;
    if (arm === "Microsoft.Resources/resourceGroups") return group;
    // A child type names each level: Microsoft.X/parents/children → …/providers/Microsoft.X/parents/…/children/….
    const [namespace, ...levels] = arm.split("/");
    return `${group}/providers/${namespace}${levels.map((t) => `/${t}/${UNKNOWN_SEGMENT}`).join("")}`;
}

function replaceUnknowns(value: unknown, by: unknown): unknown {
    const v = raw(value);
    if (isUnknown(v)) return by;
    if (Array.isArray(v)) return v.map((x) => replaceUnknowns(x, by)).filter((x) => x !== undefined);
    if (v !== null && typeof v === "object") {
        return Object.fromEntries(
            Object.entries(v)
                .map(([k, x]) => [k, replaceUnknowns(x, by)] as const)
                .filter(([, x]) => x !== undefined),
        );
    }
    return v;
}

/**
 * What a stack policy knows of a new resource's INPUTS in a first preview, from its outputs and propertyDependencies:
 * a create's preview outputs echo the inputs and leave every other output unknown (pulumi-azure-native
 * provider/pkg/convert/previewOutputs.go `PreviewOutputs`). So an unknown without a property dependency is a setting
 * the program left out (absent here), and an unknown in a `linked` property whose value came from exactly one
 * resource of a type in ARM_TYPES is that resource's id (a placeholderId). Returns the reason instead when a linked
 * property cannot be placed (no source, several, or a type ARM_TYPES lacks).
 */
export function linkedView(
    r: StackResource,
    linked: readonly string[],
    byUrn: ReadonlyMap<string, StackResource>,
): Props | string {
    const out: Props = {};
    const props = raw(r.props);
    const keys = new Set([
        ...Object.keys(props),
        ...linked.filter((k) => (r.propertyDependencies[k] ?? []).length > 0),
    ]);
    for (const key of keys) {
        const value = props[key];
        if (!linked.includes(key) || (value !== undefined && !containsUnknown(value))) {
            const kept = replaceUnknowns(value, undefined);
            if (kept !== undefined) out[key] = kept;
            continue;
        }
        const sources = (r.propertyDependencies[key] ?? []).map((u) => byUrn.get(u));
        if (sources.length === 0) {
            // Unknown and from no resource: an output the program's inputs left out (PreviewOutputs).
            const kept = replaceUnknowns(value, undefined);
            if (kept !== undefined) out[key] = kept;
            continue;
        }
        const source = sources.length === 1 ? sources[0] : undefined;
        const id = source === undefined ? undefined : placeholderId(source.type);
        if (id === undefined) {
            // Several sources (sources.length > 1): the value mixes ids, whose form no single type tells.
            const from = sources.map((s) => s?.type ?? "a resource outside this stack").join(", ");
            return `${key} is unknown until created and comes from ${from}, whose id this rule cannot place`;
        }
        out[key] = value === undefined ? id : replaceUnknowns(value, id);
    }
    return out;
}
