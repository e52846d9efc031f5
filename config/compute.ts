import { z } from "zod";
import { GUID } from "../lib/guid";
import {
    COMPUTE_KEY_MAX,
    COMPUTE_KEY_PATTERN,
    GRANT_SCOPES,
    cronProblem,
    durationSeconds,
    IDLE_SHUTDOWN_MAX_SECONDS,
    IDLE_SHUTDOWN_MIN_SECONDS,
    isScheduleTimeZone,
    SCHEDULE_TIME_ZONES,
    VM_SIZE_PATTERN,
    vmSizeAllowed,
} from "../lib/compute";
import { COMPUTE_KINDS, COMPUTE_KIND_LIST, type ComputeKind, type ComputeKindKey } from "../lib/computeKinds";
import { lookupRole } from "../lib/roles";
import { COMPUTE_CLUSTER_DEFAULTS, INSTANCE_SCHEDULE_DEFAULTS } from "../lib/defaults";
import { didYouMean } from "../lib/suggest";
import { type ConfigSection, type KeyDocs, prose, type SectionProblem } from "./section";
import { identityOption } from "./identity";
import { wholeNumber } from "./numbers";

/**
 * Keys for the computes of a stamp: the VM size allow-list, compute clusters and personal compute
 * instances, each with a system-assigned managed identity and its role grants. Defaults of the top-level keys live in
 * Pulumi.yaml; defaults of nested fields are here (`.default`) and documented in the key's description.
 */

const VM_SIZE_RULE = "must be an Azure VM size name such as Standard_DS3_v2";
const vmSize = z.string({ error: VM_SIZE_RULE }).regex(VM_SIZE_PATTERN, { error: VM_SIZE_RULE });

const computeKey = z.string().regex(COMPUTE_KEY_PATTERN, {
    error: `compute names (the keys) must be 1-${COMPUTE_KEY_MAX} characters: lowercase letters, digits and single hyphens, starting with a letter (the Azure name is <key>-<team tag>, at most 24 characters)`,
});

export { GRANT_SCOPES, type GrantScope } from "../lib/compute";

const roleName = z
    .string({ error: "must be a role name from the role catalog (lib/roles.ts), e.g. Storage Blob Data Reader" })
    .superRefine((name, ctx) => {
        const found = lookupRole(name);
        if ("error" in found) ctx.addIssue({ code: "custom", message: found.error });
    });

const grantSpec = z.strictObject(
    {
        role: roleName,
        scope: z.enum(GRANT_SCOPES, {
            error: "must be storage (the workspace default storage account), workspace or registry; the key vault is reachable only through keyVaultSecrets: true (Key Vault Secrets User)",
        }),
    },
    { error: "each grant is {role: <role name from the role catalog>, scope: storage | workspace | registry}" },
);

const roles = z
    .array(grantSpec, { error: "must be a list of {role, scope} grants" })
    .max(10, { error: "at most 10 grants per compute" });

/** One role grant for a compute identity, as config declares it. */
export type GrantSpec = z.infer<typeof grantSpec>;

const durationText = (what: string): z.ZodString =>
    z
        .string({ error: `${what} must be an ISO 8601 duration, e.g. PT30M` })
        .refine((t) => durationSeconds(t) !== undefined, {
            error: `${what} must be an ISO 8601 duration of days, hours, minutes and seconds, e.g. PT30M, PT2H, P1D, PT120S`,
        });

const cron = z.string({ error: 'must be a cron expression, e.g. "0 18 * * 1-5"' }).superRefine((expression, ctx) => {
    const problem = cronProblem(expression);
    if (problem !== undefined) {
        ctx.addIssue({
            code: "custom",
            message: `cron expression ${problem}, e.g. "0 18 * * 1-5" (18:00 Monday-Friday)`,
        });
    }
});

const cluster = z
    .strictObject({
        vmSize,
        minNodes: wholeNumber({ min: 0, unit: "nodes" }).default(COMPUTE_CLUSTER_DEFAULTS.minNodes),
        maxNodes: wholeNumber({ min: 1, unit: "nodes" }),
        idleTimeBeforeScaleDown: durationText("idle time before scale-down")
            .refine((t) => (durationSeconds(t) ?? 0) > 0, {
                error: "idle time before scale-down must be longer than 0",
            })
            .default(COMPUTE_CLUSTER_DEFAULTS.idleTimeBeforeScaleDown),
        priority: z
            .enum(["Dedicated", "LowPriority"], { error: "must be Dedicated or LowPriority" })
            .default(COMPUTE_CLUSTER_DEFAULTS.priority),
        enableNodePublicIp: z.boolean({ error: "must be true or false" }).optional(),
        roles: roles.optional(),
        // Parallel Run Step jobs on identity-based storage need Table and Queue data roles
        // (how-to-disable-local-auth-storage.md, "Scenarios for role assignments").
        parallelRunStorage: z
            .boolean({
                error: "must be true or false (true: Storage Table Data Contributor and Storage Queue Data Contributor on the workspace storage, for Parallel Run Step jobs where shared keys are off)",
            })
            .default(false),
        // The compute's managed identity (default system-assigned) and the opt-in for secrets in training
        // (Key Vault Secrets User at the workspace key vault, how-to-use-secrets-in-runs.md).
        identity: identityOption,
        keyVaultSecrets: z
            .boolean({
                error: "must be true or false (true: Key Vault Secrets User on the workspace key vault, the only key vault role a compute identity can get)",
            })
            .default(false),
    })
    .superRefine((c, ctx) => {
        if (c.minNodes > c.maxNodes) {
            ctx.addIssue({ code: "custom", path: ["minNodes"], message: `must be at most maxNodes (${c.maxNodes})` });
        }
    });

const schedule = z
    .strictObject({
        timeZone: z
            .string({ error: "must be a Windows time zone id such as W. Europe Standard Time" })
            .superRefine((id, ctx) => {
                if (isScheduleTimeZone(id)) return;
                ctx.addIssue({
                    code: "custom",
                    message: `not a Windows time zone id.${didYouMean(id, SCHEDULE_TIME_ZONES)} Azure takes the ${SCHEDULE_TIME_ZONES.length} Windows ids of CLDR's windowsZones (lib/compute.ts), e.g. UTC, W. Europe Standard Time, E. South America Standard Time, Pacific Standard Time`,
                });
            })
            .default(INSTANCE_SCHEDULE_DEFAULTS.timeZone),
        start: cron.optional(),
        stop: cron.optional(),
    })
    .refine((s) => s.start !== undefined || s.stop !== undefined, {
        error: "a schedule needs a start or a stop cron expression",
    });

const USER_RULE = "must be the Entra object id (a GUID) of the one user the instance is assigned to";
const instance = z.strictObject({
    userObjectId: z.string({ error: USER_RULE }).regex(GUID, { error: USER_RULE }),
    /**
     * Optional: the team group (one of the group ids in aml-stamp:access) the instance's user belongs to. Entra
     * membership cannot be resolved offline, so the stack states it; the offline plan warns for an instance without
     * it or with a group that is not one of the team's. Not sent to Azure (changing it replaces nothing).
     */
    memberOf: z
        .string({ error: "must be the object id (a GUID) of one of the team's groups in aml-stamp:access" })
        .regex(GUID, { error: "must be the object id (a GUID) of one of the team's groups in aml-stamp:access" })
        .optional(),
    vmSize,
    idleTimeBeforeShutdown: durationText("idle time before shutdown").refine(
        (t) => {
            const s = durationSeconds(t) ?? 0;
            return s >= IDLE_SHUTDOWN_MIN_SECONDS && s <= IDLE_SHUTDOWN_MAX_SECONDS;
        },
        { error: "idle time before shutdown must be between PT15M and P3D (Azure's range)" },
    ),
    schedule: schedule.optional(),
    enableNodePublicIp: z.boolean({ error: "must be true or false" }).optional(),
    idleShutdownAccess: z
        .enum(["customRole", "none"], {
            error: "must be customRole (the narrow idle-shutdown role) or none (the instance then does not stop when idle); Contributor is never granted",
        })
        .default("customRole"),
    roles: roles.optional(),
    // The compute's managed identity (default system-assigned) and the opt-in for secrets in training
    // (Key Vault Secrets User at the workspace key vault, how-to-use-secrets-in-runs.md).
    identity: identityOption,
    keyVaultSecrets: z
        .boolean({
            error: "must be true or false (true: Key Vault Secrets User on the workspace key vault, the only key vault role a compute identity can get)",
        })
        .default(false),
});

/** Each kind's settings schema (lib/computeKinds.ts): a kind without one does not compile. */
const COMPUTE_SETTINGS = { cluster, instance } as const satisfies Record<ComputeKindKey, z.ZodType>;

/** The validated settings of one compute of kind K. */
export type ComputeSettingsOf<K extends ComputeKindKey> = z.infer<(typeof COMPUTE_SETTINGS)[K]>;

/** The config key of one kind: its computes by key. */
function kindRecord<K extends ComputeKindKey>(kind: K): z.ZodRecord<typeof computeKey, (typeof COMPUTE_SETTINGS)[K]> {
    return z.record(computeKey, COMPUTE_SETTINGS[kind], {
        error: `must be an object of ${COMPUTE_KINDS[kind].plural} keyed by name`,
    });
}

export const computeKeys = {
    allowedVmSizes: z
        .array(vmSize, { error: "must be a list of Azure VM size names" })
        .min(1, { error: "must list at least one VM size" }),
    [COMPUTE_KINDS.cluster.configKey]: kindRecord("cluster"),
    [COMPUTE_KINDS.instance.configKey]: kindRecord("instance"),
};

/** Each key's description and top-level default (config/section.ts KeyDocs). */
export const computeDocs: KeyDocs<typeof computeKeys> = {
    allowedVmSizes: {
        description: prose`
            VM sizes computes may use (security baseline CP-07; matched case-insensitively); a subset of the
            platform's allowedVmSizes (platform/guardrails.yaml), which also caps nodes and instances. The default
            allows general purpose CPU sizes (Standard_DS3_v2, Standard_DS11_v2, Standard_D4s_v3, Standard_D8s_v3,
            Standard_E4ds_v4, Standard_F4s_v2) and small T4 GPU sizes (Standard_NC4as_T4_v3, Standard_NC8as_T4_v3).
            See docs/compute.md.`,
        default: [
            "Standard_DS3_v2",
            "Standard_DS11_v2",
            "Standard_D4s_v3",
            "Standard_D8s_v3",
            "Standard_E4ds_v4",
            "Standard_F4s_v2",
            "Standard_NC4as_T4_v3",
            "Standard_NC8as_T4_v3",
        ],
    },
    computeClusters: {
        description: prose`
            Compute clusters (AmlCompute with a system-assigned identity), keyed by a stable name (1-17 lowercase
            letters, digits, single hyphens; the Azure name is <key>-<team tag>). Fields: vmSize (required, in
            allowedVmSizes), maxNodes (required, >= 1), minNodes (default 0, <= maxNodes), idleTimeBeforeScaleDown
            (ISO 8601, default PT120S), priority (Dedicated | LowPriority, default Dedicated), enableNodePublicIp
            (default false with a managed network, else true; false needs a managed network), roles (list of {role,
            scope: storage | workspace | registry}; default [{role: Storage Blob Data Reader, scope: storage}];
            replaces the default; privileged roles refused), identity ({type: system} default, {type: user, create:
            true} or {type: user, resourceId}; docs/identities.md), keyVaultSecrets (default false; true: Key Vault
            Secrets User on the workspace key vault, the only key vault role a compute gets), parallelRunStorage
            (default false; production only: Storage Table and Queue Data Contributor for Parallel Run Step jobs).
            Local auth and public SSH are always off. Default: no clusters. See docs/compute.md.`,
        default: {},
    },
    computeInstances: {
        description: prose`
            Personal compute instances (system-assigned identity), keyed by a stable name as for clusters. Fields:
            userObjectId (required, Entra object id of the one assigned user), memberOf (optional: the team group in
            access that the user belongs to; not resolvable offline, so the plan warns when it is missing), vmSize
            (required, in allowedVmSizes), idleTimeBeforeShutdown (required, ISO 8601, PT15M-P3D), schedule
            ({timeZone (Windows id, default UTC), start, stop: 5-field cron}; optional), enableNodePublicIp (as for
            clusters), idleShutdownAccess (customRole | none, default customRole: a custom role with only the
            actions idle shutdown needs, never Contributor), roles (as for clusters), identity and keyVaultSecrets
            (as for clusters). Changing any instance setting recreates the instance and its local disk. Default: no
            instances.`,
        default: {},
    },
};

function grantProblems(
    prefix: string,
    grants: readonly GrantSpec[] | undefined,
    registry: boolean,
    kind: ComputeKind,
): SectionProblem[] {
    const problems: SectionProblem[] = [];
    const seen = new Set<string>();
    (grants ?? []).forEach((g, i) => {
        const key = `${prefix}.roles[${i}]`;
        const found = lookupRole(g.role);
        const canonical = "role" in found ? found.role.name : g.role;
        const id = `${canonical.toLowerCase()}@${g.scope}`;
        if (seen.has(id))
            problems.push({ key, value: g, message: "duplicate grant: each role and scope at most once" });
        seen.add(id);
        if (g.scope === "registry" && !registry) {
            problems.push({
                key: `${key}.scope`,
                value: g.scope,
                message: "there is no registry: containerRegistry is false",
            });
        }
        if (/^key vault /i.test(canonical)) {
            problems.push({
                key: `${key}.role`,
                value: g.role,
                message:
                    "no key vault role is grantable to a compute identity through roles: set keyVaultSecrets: true for Key Vault Secrets User at the workspace key vault (how-to-use-secrets-in-runs.md), the only one allowed",
            });
        }
        const automatic = kind.azureGrants.find((a) => a.scope === g.scope && a.role === canonical);
        if (automatic !== undefined) {
            problems.push({
                key: `${key}.role`,
                value: g.role,
                message: `Azure grants ${automatic.role} on the workspace ${automatic.scope} to a ${kind.label} identity automatically (${automatic.source}); a second assignment fails with RoleAssignmentExists`,
            });
        }
    });
    return problems;
}

export const computeSection: ConfigSection<typeof computeKeys> = {
    keys: computeKeys,
    docs: computeDocs,
    check: (cfg) => {
        const problems: SectionProblem[] = [];
        const managedNetwork =
            cfg["managedNetworkIsolation"] !== undefined && cfg["managedNetworkIsolation"] !== "Disabled";
        const registry = cfg["containerRegistry"] !== false;
        const sizes = `allowed by allowedVmSizes: ${cfg.allowedVmSizes.join(", ")}`;
        const seen = new Map<string, ComputeKind>();
        for (const kind of COMPUTE_KIND_LIST) {
            for (const [key, c] of Object.entries(cfg[kind.configKey])) {
                const prefix = `${kind.configKey}.${key}`;
                if (!vmSizeAllowed(c.vmSize, cfg.allowedVmSizes)) {
                    problems.push({
                        key: `${prefix}.vmSize`,
                        value: c.vmSize,
                        message: `must be one of the sizes ${sizes}`,
                    });
                }
                if (c.enableNodePublicIp === false && !managedNetwork) {
                    problems.push({
                        key: `${prefix}.enableNodePublicIp`,
                        value: false,
                        message:
                            "false needs a managed network (managedNetworkIsolation AllowInternetOutbound or AllowOnlyApprovedOutbound): without a network, nodes without public IPs cannot be reached",
                    });
                }
                problems.push(...grantProblems(prefix, c.roles, registry, kind));
            }
        }
        for (const [key, c] of Object.entries(cfg[COMPUTE_KINDS.cluster.configKey])) {
            if (c.parallelRunStorage && cfg["production"] !== true) {
                problems.push({
                    key: `${COMPUTE_KINDS.cluster.configKey}.${key}.parallelRunStorage`,
                    value: true,
                    message:
                        "only on production stacks, whose storage has shared keys off: other stacks keep key-based datastores, where Parallel Run Step needs no data roles (how-to-disable-local-auth-storage.md)",
                });
            }
        }
        // Compute names are unique within the workspace across kinds: a later kind's key is refused.
        for (const kind of COMPUTE_KIND_LIST) {
            for (const key of Object.keys(cfg[kind.configKey])) {
                const earlier = seen.get(key);
                if (earlier !== undefined) {
                    problems.push({
                        key: `${kind.configKey}.${key}`,
                        value: key,
                        message: `a ${earlier.key} has the same name; compute names are unique within the workspace`,
                    });
                } else seen.set(key, kind);
            }
        }
        return problems;
    },
};
