/**
 * The shared shape of the pack's policies. Each policy file declares one rule with `resourcePolicy` or `stackPolicy`:
 * the rule's check is a plain function over resource inputs, wrapped into the CrossGuard policy object
 * (@pulumi/policy) that `pulumi preview --policy-pack policy` runs, and called directly by the offline plan
 * (scripts/offline/policies.ts). One implementation, two runners.
 *
 * Level → enforcement: Baseline rows are mandatory; Hardened rows advisory (the `hardened-in-production` policy
 * re-runs them as mandatory on production stacks); opt-in and optional rows advisory.
 */
import type {
    EnforcementLevel,
    PolicyConfigSchema,
    ResourceValidationPolicy,
    StackValidationPolicy,
} from "@pulumi/policy";

export type Level = "baseline" | "hardened" | "hardened-optional" | "opt-in";

/** Resource inputs as the engine sends them (TypeScript arg names). */
export type Props = Record<string, unknown>;
export type Report = (message: string) => void;
export type PolicyConfig = Record<string, unknown>;

/** A resource as a stack policy sees it. */
export interface StackResource {
    readonly type: string;
    readonly name: string;
    readonly urn: string;
    readonly props: Props;
}

interface Common {
    /** Security baseline row(s), e.g. "ST-01". */
    readonly id: string;
    /** CrossGuard policy name (kebab-case, unique in the pack). */
    readonly name: string;
    readonly level: Level;
    readonly description: string;
    /** Where the rule comes from (security-baseline.md "Source" column). */
    readonly source: string;
    readonly configSchema?: PolicyConfigSchema;
}

export interface ResourceRule extends Common {
    readonly kind: "resource";
    /** Pulumi type tokens the rule applies to. */
    readonly types: readonly string[];
    readonly check: (props: Props, report: Report, config: PolicyConfig) => void;
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

export function resourcePolicy(def: Omit<ResourceRule, "kind" | "policy">): ResourceRule {
    return {
        ...def,
        kind: "resource",
        policy: {
            name: def.name,
            description: describe(def),
            enforcementLevel: enforcementOf(def.level),
            ...(def.configSchema !== undefined ? { configSchema: def.configSchema } : {}),
            validateResource: (args, reportViolation) => {
                if (!def.types.includes(args.type)) return;
                def.check(
                    args.props,
                    (m) => reportViolation(`[${def.id}] ${m}`),
                    withDefaults(def.configSchema, args.getConfig()),
                );
            },
        },
    };
}

export function stackPolicy(def: Omit<StackRule, "kind" | "policy">): StackRule {
    return {
        ...def,
        kind: "stack",
        policy: {
            name: def.name,
            description: describe(def),
            enforcementLevel: enforcementOf(def.level),
            ...(def.configSchema !== undefined ? { configSchema: def.configSchema } : {}),
            validateStack: (args, reportViolation) => {
                const resources = args.resources.map((r) => ({
                    type: r.type,
                    name: r.name,
                    urn: r.urn,
                    props: r.props,
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

/** The value at a dotted path of the inputs (undefined when any step is missing). */
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
export function computeType(props: Props): string | undefined {
    const t = get(props, "properties.computeType");
    return typeof t === "string" ? t : undefined;
}
