/**
 * The defaults of the components' optional args, in one place. A component applies its
 * default here when the caller leaves a field out (a team's own program, docs/packaging.md); the config schemas
 * default nested fields to the same constants, and the stamp always passes the configured value, so a value is
 * written once. Top-level keys that are also component args (config/stamp.ts `stampDocs`) default to these constants,
 * and `npm run docs:config` writes them into Pulumi.yaml.
 */
import { type BuiltInRole, ROLES } from "./roles";

/** Workspace (components/workspace.ts, WorkspaceArgs) and its builders (components/workspace/). */
export const WORKSPACE_DEFAULTS = {
    containerRegistry: true,
    containerRegistrySku: "Basic",
    publicNetworkAccess: "Enabled",
    managedNetworkIsolation: "AllowInternetOutbound",
    keyVaultRetentionDays: 90,
    logRetentionDays: 30,
    protect: true,
    hardened: false,
    blobDeleteRetentionDays: 7,
} as const;

/** AutomationPrincipal (components/automationPrincipal.ts) and config `automation` (config/automation.ts). */
export const AUTOMATION_DEFAULTS: {
    readonly rotationDays: number;
    readonly clientSecrets: boolean;
    readonly roles: readonly BuiltInRole[];
} = {
    rotationDays: 90,
    clientSecrets: true,
    roles: [ROLES.azureMLDataScientist],
};

/** ConditionalAccess (components/conditionalAccess.ts) and config `conditionalAccess` (config/access.ts). */
export const CONDITIONAL_ACCESS_DEFAULTS = {
    enforce: false,
    requireMfa: true,
    requireCompliantDevice: false,
    operator: "OR",
} as const;

/** ComputeCluster and ComputeInstance (components/computeAccess.ts ComputeCommonArgs). */
export const COMPUTE_DEFAULTS = { managedNetwork: false } as const;

/** ComputeCluster (components/computeCluster.ts) and config `computeClusters.<key>` (config/compute.ts). */
export const COMPUTE_CLUSTER_DEFAULTS = {
    minNodes: 0,
    idleTimeBeforeScaleDown: "PT120S",
    priority: "Dedicated",
} as const;

/** A ComputeInstance's schedule (InstanceSchedule) and config `computeInstances.<key>.schedule`. */
export const INSTANCE_SCHEDULE_DEFAULTS = { timeZone: "UTC" } as const;

/** OnlineEndpoint (components/onlineEndpoint.ts) and config `onlineEndpoints.<key>` (config/endpoints.ts). */
export const ONLINE_ENDPOINT_DEFAULTS = { authMode: "aad_token" } as const;

/** StateBackend (platform/components/stateBackend.ts); the platform's `protect` defaults in platform/Pulumi.yaml. */
export const STATE_BACKEND_DEFAULTS = { protect: true } as const;
