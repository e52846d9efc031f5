/**
 * The platform guardrails (platform/guardrails.yaml): read and validated here, offline, from the one platform-owned
 * file; a team stack may only narrow them. `guardrailProblems` reports, per key of the team's config, every place a
 * stack goes beyond a limit, naming the file and the limit. The policy pack config is built from the same guardrails
 * (offline/policies.ts), never from a team's stack file.
 */
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { z } from "zod";
import { durationSeconds, IDLE_SHUTDOWN_MAX_SECONDS, VM_SIZE_PATTERN, vmSizeAllowed } from "../lib/compute";
import { AZURE_REGIONS } from "../lib/regions";
import { COMPUTE_KINDS, COMPUTE_KIND_LIST, type ComputeKindKey, type ComputeKindOf } from "../lib/computeKinds";
import { GUID_PATTERN } from "../lib/guid";
import { ConfigError, type ConfigProblem } from "./errors";
import type { SectionProblem } from "./section";
import { wholeNumber } from "./numbers";
import { FIREWALL_SKUS, FQDN_PATTERN, outboundRuleProblem } from "../lib/outbound";
import { expandOutbound, type OutboundEntry } from "./outbound";
import { dataOutboundRules, type DataOutboundConfig } from "./data";

/** The guardrails file, relative to the repository root. */
export const GUARDRAILS_RELATIVE = "platform/guardrails.yaml";
/** The guardrails file of this checkout. */
export const GUARDRAILS_FILE = path.resolve(__dirname, "..", GUARDRAILS_RELATIVE);
/**
 * Environment variable naming another guardrails file: CI sets it to the copy from the base branch (`main`), so a
 * pull request cannot loosen the limits it is checked against by editing platform/guardrails.yaml itself.
 */
export const GUARDRAILS_ENV = "AMLSTAMP_GUARDRAILS";

/** The guardrails file in use: `$AMLSTAMP_GUARDRAILS` when set, else this checkout's platform/guardrails.yaml. */
export function guardrailsFile(): string {
    const fromEnv = process.env[GUARDRAILS_ENV];
    return fromEnv !== undefined && fromEnv !== "" ? path.resolve(fromEnv) : GUARDRAILS_FILE;
}

/** The header of a guardrails error: it is the platform's file, not the stack's config (config/errors.ts). */
const TITLE = (file: string): string => `Invalid platform guardrails in ${file}`;

/** Key Vault soft-delete retention: "a configurable period of 7 to 90 calendar days" (learn.microsoft.com, key-vault/general/soft-delete-overview). */
const KEY_VAULT_RETENTION = "Azure Key Vault soft-delete retention is 7-90 days";
const ROTATION = "docs/rotation.md: automation.rotationDays is 7-120";

/** ARM id of a Log Analytics workspace (Microsoft.OperationalInsights/workspaces). */
export const LOG_ANALYTICS_WORKSPACE_ID = new RegExp(
    String.raw`^/subscriptions/${GUID_PATTERN}/resourceGroups/[-\w._()]+/providers/Microsoft\.OperationalInsights/workspaces/[-\w]+$`,
    "i",
);
/** ARM id of an Azure Monitor Private Link Scope (Microsoft.Insights/privateLinkScopes). */
export const PRIVATE_LINK_SCOPE_ID = new RegExp(
    String.raw`^/subscriptions/${GUID_PATTERN}/resourceGroups/[-\w._()]+/providers/Microsoft\.Insights/privateLinkScopes/[-\w._]+$`,
    "i",
);
const monitoringId = (pattern: RegExp, shape: string) =>
    z
        .string({ error: `must be empty or the ARM id of ${shape}` })
        .regex(new RegExp(`^$|${pattern.source}`, "i"), { error: `must be empty or the ARM id of ${shape}` });

const guardrailsSchema = z.strictObject(
    {
        allowedRegions: z
            .array(z.enum(AZURE_REGIONS, { error: "must be an Azure region name, e.g. westeurope" }), {
                error: "must be a list of Azure region names, e.g. [westeurope]",
            })
            .min(1, { error: "must list at least one region" }),
        allowedVmSizes: z
            .array(
                z
                    .string({ error: "must be an Azure VM size name" })
                    .regex(VM_SIZE_PATTERN, { error: "must be an Azure VM size name" }),
                { error: "must be a list of Azure VM size names, e.g. [Standard_DS3_v2]" },
            )
            .min(1, { error: "must list at least one VM size" }),
        maxNodesPerCluster: wholeNumber({ min: 1, unit: "nodes" }),
        maxClustersPerStack: wholeNumber({ min: 0, unit: "clusters" }),
        maxComputeInstancesPerStack: wholeNumber({ min: 0, unit: "compute instances" }),
        maxIdleTimeBeforeShutdown: z.string({ error: "must be an ISO 8601 duration up to P3D, e.g. PT4H" }).refine(
            (t) => {
                const s = durationSeconds(t);
                return s !== undefined && s > 0 && s <= IDLE_SHUTDOWN_MAX_SECONDS;
            },
            { error: "must be an ISO 8601 duration up to P3D, e.g. PT4H" },
        ),
        requiredTags: z.array(
            z.string({ error: "must be a tag name (text)" }).min(1, { error: "must be a tag name" }),
            {
                error: "must be a list of tag names (empty: none required)",
            },
        ),
        rotationDays: z
            .strictObject(
                {
                    min: wholeNumber({ min: 7, max: 120, unit: "days", why: ROTATION }),
                    max: wholeNumber({ min: 7, max: 120, unit: "days", why: ROTATION }),
                },
                { error: "must be {min, max}: whole numbers of days, 7-120" },
            )
            .refine((r) => r.min <= r.max, { error: "min must not exceed max" }),
        conditionalAccess: z.strictObject(
            { allowed: z.boolean({ error: "must be true or false" }) },
            { error: "must be {allowed: true | false}" },
        ),
        // Absent in a guardrails file written before it existed: false, the safe side.
        policyExemptions: z
            .strictObject(
                { allowed: z.boolean({ error: "must be true or false" }) },
                { error: "must be {allowed: true | false}" },
            )
            .default({ allowed: false }),
        // Absent in a guardrails file written before it existed: nothing allowed, the safe side (docs/platform.md).
        outbound: z
            .strictObject(
                {
                    firewallSku: z.enum(FIREWALL_SKUS, {
                        error: `must be ${FIREWALL_SKUS.join(" or ")} (the managed network's Azure Firewall SKU)`,
                    }),
                    fqdns: z.array(
                        z.string({ error: "must be a host name or *.host (text)" }).regex(FQDN_PATTERN, {
                            error: "must be a lowercase host name or a *. wildcard over one, e.g. pypi.org or *.pythonhosted.org",
                        }),
                        { error: "must be a list of FQDN patterns (empty: no FQDN rule allowed)" },
                    ),
                    serviceTags: z.array(
                        z
                            .string({ error: "must be a service tag name (text)" })
                            .regex(/^[A-Za-z][A-Za-z0-9.]{1,79}$/, { error: "must be an Azure service tag name" }),
                        { error: "must be a list of service tag names (empty: no ServiceTag rule allowed)" },
                    ),
                    privateEndpointTargets: z.record(
                        z.string().regex(/^Microsoft\.[A-Za-z]+\/[A-Za-z]+$/, {
                            error: "keys must be ARM resource types, e.g. Microsoft.Storage/storageAccounts",
                        }),
                        z
                            .array(z.string({ error: "must be a sub-resource name" }), {
                                error: "must be a list of sub-resources, e.g. [blob, dfs]",
                            })
                            .min(1, { error: "must list at least one sub-resource" }),
                        { error: "must map resource types to their allowed sub-resources" },
                    ),
                },
                { error: "must be {firewallSku, fqdns, serviceTags, privateEndpointTargets}" },
            )
            .default({ firewallSku: "Standard", fqdns: [], serviceTags: [], privateEndpointTargets: {} }),
        // Absent in a guardrails file written before it existed: no budget required, no cap, no lock opt-out.
        budget: z
            .strictObject(
                {
                    required: z.strictObject(
                        {
                            production: z.boolean({ error: "must be true or false" }),
                            nonProduction: z.boolean({ error: "must be true or false" }),
                        },
                        { error: "must be {production: true | false, nonProduction: true | false}" },
                    ),
                    maxMonthlyAmount: z.strictObject(
                        {
                            production: wholeNumber({ min: 1, unit: "currency units per month" }),
                            nonProduction: wholeNumber({ min: 1, unit: "currency units per month" }),
                        },
                        { error: "must be {production: <amount>, nonProduction: <amount>}" },
                    ),
                },
                { error: "must be {required: {...}, maxMonthlyAmount: {...}}" },
            )
            .optional(),
        locks: z
            .strictObject(
                { optOutAllowed: z.boolean({ error: "must be true or false" }) },
                { error: "must be {optOutAllowed: true | false}" },
            )
            .default({ optOutAllowed: false }),
        // Absent in a guardrails file written before it existed: empty, and production stacks are refused.
        monitoring: z
            .strictObject(
                {
                    logAnalyticsWorkspaceId: monitoringId(
                        LOG_ANALYTICS_WORKSPACE_ID,
                        "a Log Analytics workspace: /subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.OperationalInsights/workspaces/<name>",
                    ).default(""),
                    privateLinkScopeId: monitoringId(
                        PRIVATE_LINK_SCOPE_ID,
                        "an Azure Monitor Private Link Scope: /subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.Insights/privateLinkScopes/<name>",
                    ).default(""),
                },
                { error: "must be {logAnalyticsWorkspaceId, privateLinkScopeId}: ARM ids" },
            )
            .default({ logAnalyticsWorkspaceId: "", privateLinkScopeId: "" }),
        production: z.strictObject(
            {
                environments: z.array(z.string({ error: "must be an environment name (text)" }), {
                    error: "must be a list of environment names (e.g. [prod])",
                }),
                minKeyVaultRetentionDays: wholeNumber({ min: 7, max: 90, unit: "days", why: KEY_VAULT_RETENTION }),
            },
            { error: "must be {environments: [<environment>], minKeyVaultRetentionDays: 7-90}" },
        ),
    },
    { error: "unknown guardrail key" },
);

export type Guardrails = z.infer<typeof guardrailsSchema>;

/** Per compute kind, the guardrail that caps how many computes of it a stack declares, and the message's noun. */
export const KIND_STACK_LIMITS: Readonly<
    Record<
        ComputeKindKey,
        { readonly guardrail: "maxClustersPerStack" | "maxComputeInstancesPerStack"; readonly noun: string }
    >
> = {
    cluster: { guardrail: "maxClustersPerStack", noun: "clusters" },
    instance: { guardrail: "maxComputeInstancesPerStack", noun: "compute instances" },
};

/** Validates a parsed guardrails document; throws a ConfigError naming `<file>:<key>` for each problem. */
export function parseGuardrails(doc: unknown, file: string = GUARDRAILS_RELATIVE): Guardrails {
    const parsed = guardrailsSchema.safeParse(doc);
    if (parsed.success) return parsed.data;
    const problems: ConfigProblem[] = parsed.error.issues.map((issue) => ({
        key: `${file}:${issue.path.length > 0 ? issue.path.map(String).join(".") : "(document)"}`,
        value: issue.path.reduce<unknown>(
            (node, p) =>
                node !== null && typeof node === "object" ? (node as Record<PropertyKey, unknown>)[p] : undefined,
            doc,
        ),
        message: issue.message,
    }));
    throw new ConfigError(problems, TITLE(file));
}

/** Reads and validates the guardrails file (default: {@link guardrailsFile}). */
export function loadGuardrails(file: string = guardrailsFile()): Guardrails {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch {
        throw new ConfigError(
            [{ key: file, value: undefined, message: "the platform guardrails file is missing" }],
            TITLE(file),
        );
    }
    let doc: unknown;
    try {
        doc = parse(text);
    } catch (err) {
        throw new ConfigError(
            [{ key: file, value: undefined, message: `not valid YAML: ${(err as Error).message}` }],
            TITLE(file),
        );
    }
    const relative = path.relative(path.resolve(__dirname, ".."), file);
    return parseGuardrails(doc, relative.startsWith("..") || relative === "" ? file : relative);
}

/** The parts of a team's config the guardrails limit (structural, so that config/index.ts can pass its result). */
export interface GuardedConfig extends DataOutboundConfig {
    readonly environment: string;
    readonly location: string;
    readonly production: boolean;
    readonly keyVaultRetentionDays: number;
    readonly tags: Readonly<Record<string, string>>;
    readonly allowedVmSizes: readonly string[];
    readonly computeClusters: Readonly<Record<string, { readonly maxNodes: number }>>;
    readonly computeInstances: Readonly<Record<string, { readonly idleTimeBeforeShutdown: string }>>;
    readonly automation: { readonly enabled: boolean; readonly rotationDays: number };
    readonly conditionalAccess: { readonly enabled: boolean };
    readonly policyExemptions: { readonly assignmentId: string };
    readonly outbound: readonly OutboundEntry[];
    readonly budget: { readonly amount: number };
    readonly locks: { readonly enabled: boolean };
}

/** Every place a team's config goes beyond the guardrails; keys are relative to the team project's namespace. */
export function guardrailProblems(cfg: GuardedConfig, g: Guardrails): SectionProblem[] {
    const limit = (key: string, value: unknown): string => `platform limit (${GUARDRAILS_RELATIVE} ${key}): ${value}`;
    const problems: SectionProblem[] = [];
    if (!g.allowedRegions.includes(cfg.location as (typeof g.allowedRegions)[number])) {
        problems.push({
            key: "location",
            value: cfg.location,
            message: `region not allowed by the platform; ${limit("allowedRegions", g.allowedRegions.join(", "))}`,
        });
    }
    cfg.allowedVmSizes.forEach((size, i) => {
        if (!vmSizeAllowed(size, g.allowedVmSizes)) {
            problems.push({
                key: `allowedVmSizes[${i}]`,
                value: size,
                message: `widens the platform's VM sizes; a stack may only list a subset: ${limit("allowedVmSizes", g.allowedVmSizes.join(", "))}`,
            });
        }
    });
    // Per kind (lib/computeKinds.ts): the platform's count cap, then the limits on each compute of the kind.
    const maxIdle = durationSeconds(g.maxIdleTimeBeforeShutdown) ?? 0;
    const perCompute: {
        readonly [K in ComputeKindKey]: (key: string, c: GuardedConfig[ComputeKindOf<K>["configKey"]][string]) => void;
    } = {
        cluster: (key, c) => {
            if (c.maxNodes > g.maxNodesPerCluster) {
                problems.push({
                    key: `${COMPUTE_KINDS.cluster.configKey}.${key}.maxNodes`,
                    value: c.maxNodes,
                    message: `above the platform's node cap; ${limit("maxNodesPerCluster", g.maxNodesPerCluster)}`,
                });
            }
        },
        instance: (key, i) => {
            if ((durationSeconds(i.idleTimeBeforeShutdown) ?? 0) > maxIdle) {
                problems.push({
                    key: `${COMPUTE_KINDS.instance.configKey}.${key}.idleTimeBeforeShutdown`,
                    value: i.idleTimeBeforeShutdown,
                    message: `longer than the platform allows; ${limit("maxIdleTimeBeforeShutdown", g.maxIdleTimeBeforeShutdown)}`,
                });
            }
        },
    };
    for (const kind of COMPUTE_KIND_LIST) {
        const computes = Object.entries(cfg[kind.configKey]);
        const stackLimit = KIND_STACK_LIMITS[kind.key];
        const cap = g[stackLimit.guardrail];
        if (computes.length > cap) {
            problems.push({
                key: kind.configKey,
                value: computes.length,
                message: `too many ${stackLimit.noun}; ${limit(stackLimit.guardrail, cap)}`,
            });
        }
        const check = perCompute[kind.key] as (key: string, c: (typeof computes)[number][1]) => void;
        for (const [key, c] of computes) check(key, c);
    }
    const missing = g.requiredTags.filter((t) => !(t in cfg.tags));
    if (missing.length > 0) {
        problems.push({
            key: "tags",
            value: cfg.tags,
            message: `missing required tags ${missing.join(", ")}; ${limit("requiredTags", g.requiredTags.join(", "))}`,
        });
    }
    if (cfg.automation.enabled) {
        const d = cfg.automation.rotationDays;
        if (d < g.rotationDays.min || d > g.rotationDays.max) {
            problems.push({
                key: "automation.rotationDays",
                value: d,
                message: `outside the platform's rotation bounds; ${limit("rotationDays", `${g.rotationDays.min}-${g.rotationDays.max}`)}`,
            });
        }
    }
    if (cfg.conditionalAccess.enabled && !g.conditionalAccess.allowed) {
        problems.push({
            key: "conditionalAccess.enabled",
            value: true,
            message: `the platform does not allow Conditional Access policies (its deploy identity has no Policy.ReadWrite.ConditionalAccess); ${limit("conditionalAccess.allowed", false)}`,
        });
    }
    problems.push(...policyExemptionProblems(cfg.policyExemptions.assignmentId, g));
    // Outbound rules (presets expanded): each inside the platform's allow-list, named with the list.
    const expanded = expandOutbound(cfg.outbound);
    for (const { rule, at } of expanded) {
        const why = outboundRuleProblem(rule, g.outbound);
        if (why === undefined) continue;
        const field =
            rule.type === "FQDN" ? "fqdns" : rule.type === "ServiceTag" ? "serviceTags" : "privateEndpointTargets";
        problems.push({
            key: `outbound[${at}]`,
            value: cfg.outbound[at],
            message: `rule ${rule.name}: ${why} (${GUARDRAILS_RELATIVE} outbound.${field}, owned by the platform)`,
        });
    }
    // The private endpoints datastores and connections need: the same allow-list, and no clash with a team's rule.
    const own = expanded.map((r) => r.rule);
    for (const { rule, key } of dataOutboundRules(cfg)) {
        const why = outboundRuleProblem(rule, g.outbound);
        const value = rule.serviceResourceId;
        if (why !== undefined) {
            problems.push({
                key,
                value,
                message: `needs outbound rule ${rule.name}: ${why} (${GUARDRAILS_RELATIVE} outbound.privateEndpointTargets, owned by the platform)`,
            });
        }
        const clash = own.find((o) => o.name === rule.name);
        if (
            clash !== undefined &&
            (clash.type !== "PrivateEndpoint" ||
                clash.serviceResourceId.toLowerCase() !== rule.serviceResourceId.toLowerCase() ||
                clash.subresourceTarget.toLowerCase() !== rule.subresourceTarget.toLowerCase())
        ) {
            problems.push({
                key,
                value,
                message: `needs outbound rule ${rule.name} (private endpoint, ${rule.subresourceTarget}), but outbound already has a different rule of that name; rename that rule`,
            });
        }
    }
    problems.push(...safeguardProblems(cfg, g, limit));
    if (g.production.environments.includes(cfg.environment) && !cfg.production) {
        problems.push({
            key: "production",
            value: cfg.production,
            message: `environment "${cfg.environment}" must be a production stack; ${limit("production.environments", g.production.environments.join(", "))}`,
        });
    }
    if (cfg.production) {
        // Central diagnostics (docs/hardening.md): a production stack sends its diagnostic settings to the platform's
        // workspace and joins its private link scope; without them the built-ins would be remediated or exempted.
        for (const [field, what] of [
            ["logAnalyticsWorkspaceId", "the Log Analytics workspace its diagnostic settings send to"],
            [
                "privateLinkScopeId",
                "the Azure Monitor Private Link Scope its Application Insights and Log Analytics join",
            ],
        ] as const) {
            if (g.monitoring[field] === "") {
                problems.push({
                    key: "production",
                    value: true,
                    message: `a production stack needs the platform's ${what}; ${limit(`monitoring.${field}`, '"" (set it to the ARM id)')}`,
                });
            }
        }
    }
    if (cfg.production && cfg.keyVaultRetentionDays < g.production.minKeyVaultRetentionDays) {
        problems.push({
            key: "keyVaultRetentionDays",
            value: cfg.keyVaultRetentionDays,
            message: `too short for a production stack; ${limit("production.minKeyVaultRetentionDays", g.production.minKeyVaultRetentionDays)}`,
        });
    }
    return problems;
}

/**
 * A policy exemption needs Microsoft.Authorization/policyExemptions/write (and delete) at the exemption's scope and
 * Microsoft.Authorization/policyAssignments/exempt/action on the assignment (Azure resource provider operations,
 * Microsoft.Authorization). The CI deploy identity's Contributor excludes the first (NotActions
 * Microsoft.Authorization/*\/Write, built-in-roles/privileged.md), so `policyExemptions.assignmentId` needs
 * the platform's exemption role (guardrail policyExemptions.allowed: lib/platform.ts POLICY_EXEMPTION_ROLE, held at
 * the subscription), and then an assignment in the subscription, not above it.
 */
function policyExemptionProblems(assignmentId: string, g: Guardrails): SectionProblem[] {
    if (assignmentId === "") return [];
    if (!g.policyExemptions.allowed) {
        return [
            {
                key: "policyExemptions.assignmentId",
                value: assignmentId,
                message: `CI's deploy identity cannot create policy exemptions: they need Microsoft.Authorization/policyExemptions/write, which its Contributor role excludes (Microsoft.Authorization/*/Write), and Microsoft.Authorization/policyAssignments/exempt/action on the assignment. Remove assignmentId and have an administrator apply the exemptions \`npm run plan\` lists, or the platform owners set ${GUARDRAILS_RELATIVE} policyExemptions.allowed: true, which grants the deploy identity the narrow exemption role (docs/permissions.md)`,
            },
        ];
    }
    if (/^\/providers\/Microsoft\.Management\/managementGroups\//i.test(assignmentId)) {
        return [
            {
                key: "policyExemptions.assignmentId",
                value: assignmentId,
                message: `a management group assignment: the platform's exemption role (${GUARDRAILS_RELATIVE} policyExemptions.allowed) is held at the subscription, and exempt/action is checked on the assignment. Have an administrator apply these exemptions (docs/permissions.md)`,
            },
        ];
    }
    return [];
}

/** The budget (required? within the cap for the stack's kind?) and the production locks' opt-out. */
function safeguardProblems(
    cfg: GuardedConfig,
    g: Guardrails,
    limit: (key: string, value: unknown) => string,
): SectionProblem[] {
    const problems: SectionProblem[] = [];
    const kind = cfg.production ? "production" : "nonProduction";
    const label = cfg.production ? "production" : "non-production";
    const amount = cfg.budget.amount;
    if (g.budget !== undefined && amount === 0 && g.budget.required[kind]) {
        problems.push({
            key: "budget.amount",
            value: amount,
            message: `a ${label} stack must declare a monthly budget (amount and contactEmails or contactGroups, docs/budgets.md); ${limit(`budget.required.${kind}`, true)}, at most ${g.budget.maxMonthlyAmount[kind]}`,
        });
    }
    if (g.budget !== undefined && amount > g.budget.maxMonthlyAmount[kind]) {
        problems.push({
            key: "budget.amount",
            value: amount,
            message: `above the platform's monthly cap for a ${label} stack; ${limit(`budget.maxMonthlyAmount.${kind}`, g.budget.maxMonthlyAmount[kind])}`,
        });
    }
    if (cfg.production && !cfg.locks.enabled && !g.locks.optOutAllowed) {
        problems.push({
            key: "locks.enabled",
            value: false,
            message: `the platform does not let production stacks opt out of their CanNotDelete locks; ${limit("locks.optOutAllowed", false)}`,
        });
    }
    return problems;
}
