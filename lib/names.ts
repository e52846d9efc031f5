/**
 * Azure resource names for a stamped team environment.
 *
 * Every rule here is Microsoft's, from "Naming rules and restrictions for Azure resources"
 * (MicrosoftDocs/azure-docs, articles/azure-resource-manager/management/resource-name-rules.md) and, for the
 * Azure ML workspace and computes, the Azure ML docs (how-to-manage-workspace.md, how-to-create-compute-instance.md,
 * how-to-create-attach-compute-cluster.md). The table is summarised in docs/naming.md.
 *
 * Pure functions: no Pulumi resources, no randomness. The global-uniqueness suffix is passed in (it comes from a
 * `random.RandomString` kept in state, so names stay stable across previews).
 */

/** A rule Azure applies to one resource type's name. */
export interface NameRule {
    /** Human description of the resource type, used in error messages. */
    readonly kind: string;
    readonly minLength: number;
    readonly maxLength: number;
    /** Whole-name pattern (characters, first and last character). */
    readonly pattern: RegExp;
    /** Plain-language statement of `pattern`, for error messages and docs. */
    readonly allowed: string;
    /** Extra checks that a single regular expression states badly. */
    readonly extra?: (name: string) => string | undefined;
    /** Where the name must be unique. */
    readonly uniqueIn: "global" | "resource group" | "region" | "subscription" | "workspace";
}

const noDoubleHyphen = (name: string): string | undefined =>
    name.includes("--") ? "must not contain consecutive hyphens" : undefined;

/**
 * Compute names (instances and clusters): "letters, digits and hyphens; starts with a letter; 3 to 24 characters"
 * and "if a hyphen is used, it must be followed by at least one letter later in the name"
 * (how-to-create-compute-instance.md, "Name" row; the same text for clusters).
 */
const hyphenFollowedByLetter = (name: string): string | undefined => {
    const lastHyphen = name.lastIndexOf("-");
    if (lastHyphen === -1) return undefined;
    return /[a-zA-Z]/.test(name.slice(lastHyphen + 1))
        ? undefined
        : "a hyphen must be followed by a letter later in the name";
};

export const RULES = {
    resourceGroup: {
        kind: "resource group",
        minLength: 1,
        maxLength: 90,
        pattern: /^[-\w._()]*[-\w_()]$/,
        allowed: "alphanumerics, underscores, parentheses, hyphens and periods; not ending in a period",
        uniqueIn: "subscription",
    },
    storageAccount: {
        kind: "storage account",
        minLength: 3,
        maxLength: 24,
        pattern: /^[a-z0-9]+$/,
        allowed: "lowercase letters and digits only",
        uniqueIn: "global",
    },
    keyVault: {
        kind: "key vault",
        minLength: 3,
        maxLength: 24,
        pattern: /^[a-zA-Z][a-zA-Z0-9-]*[a-zA-Z0-9]$/,
        allowed: "letters, digits and hyphens; starts with a letter, ends with a letter or digit",
        extra: noDoubleHyphen,
        uniqueIn: "global",
    },
    containerRegistry: {
        kind: "container registry",
        minLength: 5,
        maxLength: 50,
        pattern: /^[a-zA-Z0-9]+$/,
        allowed: "letters and digits only",
        uniqueIn: "global",
    },
    logAnalytics: {
        kind: "Log Analytics workspace",
        minLength: 4,
        maxLength: 63,
        pattern: /^[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]$/,
        allowed: "letters, digits and hyphens; starts and ends with a letter or digit",
        uniqueIn: "resource group",
    },
    appInsights: {
        kind: "Application Insights component",
        minLength: 1,
        maxLength: 260,
        pattern: /^[^%&\\?/]*[^%&\\?/. ]$/,
        allowed: "anything but % & \\ ? /; not ending in a space or period",
        uniqueIn: "resource group",
    },
    mlWorkspace: {
        kind: "Azure ML workspace",
        minLength: 3,
        maxLength: 33,
        // resource-name-rules.md (2023-11-20 copy): "Alphanumerics and hyphens". The AML docs also allow
        // underscores; we accept only what both sources allow.
        pattern: /^[a-zA-Z0-9][a-zA-Z0-9-]*$/,
        allowed: "letters, digits and hyphens; starts with a letter or digit",
        uniqueIn: "resource group",
    },
    compute: {
        kind: "Azure ML compute",
        minLength: 3,
        maxLength: 24,
        pattern: /^[a-zA-Z][a-zA-Z0-9-]*$/,
        allowed: "letters, digits and hyphens; starts with a letter; a hyphen must be followed by a letter later on",
        extra: hyphenFollowedByLetter,
        uniqueIn: "region",
    },
    userAssignedIdentity: {
        // resource-name-rules.md, Microsoft.ManagedIdentity: "userAssignedIdentities | resource group | 3-128 |
        // Alphanumerics, hyphens, and underscores. Start with letter or number."
        kind: "user-assigned managed identity",
        minLength: 3,
        maxLength: 128,
        pattern: /^[a-zA-Z0-9][a-zA-Z0-9_-]*$/,
        allowed: "letters, digits, hyphens and underscores; starts with a letter or digit",
        uniqueIn: "resource group",
    },
    onlineEndpoint: {
        // Not re-verified against a source: the rule as remembered from azure-ai-docs
        // how-to-deploy-online-endpoints.md (starts with a letter, letters/digits/hyphens, 3-32 characters, unique in
        // the region). The stamp's names are conservative within it.
        kind: "Azure ML online endpoint",
        minLength: 3,
        maxLength: 32,
        pattern: /^[a-zA-Z][a-zA-Z0-9-]*[a-zA-Z0-9]$/,
        allowed: "letters, digits and hyphens; starts with a letter, ends with a letter or digit",
        uniqueIn: "region",
    },
} as const satisfies Record<string, NameRule>;

export type NameKind = keyof typeof RULES;

/** Every way `name` breaks the rule for `kind` (empty when it is valid). */
export function nameProblems(kind: NameKind, name: string): string[] {
    const rule: NameRule = RULES[kind];
    const problems: string[] = [];
    if (name.length < rule.minLength || name.length > rule.maxLength) {
        problems.push(`must be ${rule.minLength}-${rule.maxLength} characters (has ${name.length})`);
    }
    if (!rule.pattern.test(name)) problems.push(`may contain ${rule.allowed}`);
    const extra = rule.extra?.(name);
    if (extra !== undefined) problems.push(extra);
    return problems;
}

/** Throws when `name` breaks the rule for `kind`: a bug in this module, never user input (config is checked first). */
export function assertName(kind: NameKind, name: string): string {
    const problems = nameProblems(kind, name);
    if (problems.length > 0) {
        throw new Error(`generated ${RULES[kind].kind} name "${name}" is invalid: ${problems.join("; ")}`);
    }
    return name;
}

/** Team names: lowercase letters, digits and single hyphens, 2-16 characters, starting with a letter. */
export const TEAM_PATTERN = /^[a-z](?:[a-z0-9]|-(?=[a-z0-9])){1,15}$/;
/** Environment names: lowercase letters and digits, 2-8 characters, starting with a letter. */
export const ENVIRONMENT_PATTERN = /^[a-z][a-z0-9]{1,7}$/;
/** The random suffix that makes global names unique: lowercase letters and digits. */
export const SUFFIX_LENGTH = 6;

/** What identifies one stamp: the team, its environment and the stable random suffix. */
export interface StampId {
    readonly team: string;
    readonly environment: string;
    readonly suffix: string;
}

const alnum = (s: string): string => s.replace(/[^a-z0-9]/gi, "").toLowerCase();

/** Cuts `base` to `max` characters without leaving a trailing hyphen. */
function fit(base: string, max: number): string {
    return base.slice(0, Math.max(0, max)).replace(/-+$/, "");
}

/** `rg-<team>-<env>`: unique per subscription; no suffix so that operators can find it by name. */
export function resourceGroupName(id: Pick<StampId, "team" | "environment">): string {
    return assertName("resourceGroup", `rg-${id.team}-${id.environment}`);
}

/** `st<team><env><suffix>`, globally unique, at most 24 lowercase alphanumerics. */
export function storageAccountName(id: StampId): string {
    const room = RULES.storageAccount.maxLength - 2 - id.suffix.length;
    return assertName("storageAccount", `st${alnum(id.team + id.environment).slice(0, room)}${alnum(id.suffix)}`);
}

/** `kv-<team>-<env>-<suffix>`, globally unique, at most 24 characters, no double hyphens. */
export function keyVaultName(id: StampId): string {
    const room = RULES.keyVault.maxLength - 3 - 1 - id.suffix.length;
    return assertName("keyVault", `kv-${fit(`${id.team}-${id.environment}`, room)}-${alnum(id.suffix)}`);
}

/** `cr<team><env><suffix>`, globally unique, letters and digits only. */
export function containerRegistryName(id: StampId): string {
    const room = RULES.containerRegistry.maxLength - 2 - id.suffix.length;
    return assertName("containerRegistry", `cr${alnum(id.team + id.environment).slice(0, room)}${alnum(id.suffix)}`);
}

/** `log-<team>-<env>`. */
export function logAnalyticsName(id: Pick<StampId, "team" | "environment">): string {
    return assertName("logAnalytics", `log-${id.team}-${id.environment}`);
}

/** `appi-<team>-<env>`. */
export function appInsightsName(id: Pick<StampId, "team" | "environment">): string {
    return assertName("appInsights", `appi-${id.team}-${id.environment}`);
}

/**
 * `mlw-<team>-<env>-<suffix>`. The suffix matters here too: a deleted workspace stays soft-deleted for 14 days and
 * blocks its name (how-to-manage-workspace.md, "soft delete"), which bites throw-away stacks.
 */
export function mlWorkspaceName(id: StampId): string {
    const room = RULES.mlWorkspace.maxLength - 4 - 1 - id.suffix.length;
    return assertName("mlWorkspace", `mlw-${fit(`${id.team}-${id.environment}`, room)}-${alnum(id.suffix)}`);
}

/**
 * `id-<team>-<env>-<purpose>`: a user-assigned managed identity the stack creates for one resource (the workspace,
 * a compute or an endpoint, by its config key). Unique in the resource group, so no suffix.
 */
export function userAssignedIdentityName(id: Pick<StampId, "team" | "environment">, purpose: string): string {
    return assertName("userAssignedIdentity", `id-${id.team}-${id.environment}-${purpose}`);
}

/**
 * `<key>-<team>-<env>` cut to 32 characters: an online endpoint's name is unique in the Azure region, so it carries
 * the team and environment like computes do.
 */
export function onlineEndpointName(key: string, id: Pick<StampId, "team" | "environment">): string {
    return assertName("onlineEndpoint", fit(`${key}-${id.team}-${id.environment}`, RULES.onlineEndpoint.maxLength));
}
