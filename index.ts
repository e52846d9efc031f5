/**
 * aml-stamp: one secure Azure ML environment per stack. Reads the validated config, builds the components and
 * exports the stack outputs: nothing else lives here (see docs/architecture.md).
 */
import * as authorization from "@pulumi/azure-native/authorization";
import { loadConfig } from "./config";
import { Workspace } from "./components/workspace";
import { CustomRoles } from "./components/customRoles";
import { HumanAccess } from "./components/humanAccess";
import { ConditionalAccess } from "./components/conditionalAccess";
import { CUSTOM_ROLE_KEYS } from "./lib/customRoles";
import { teamGroups } from "./config/access";

const cfg = loadConfig();
const client = authorization.getClientConfigOutput();
const stampName = `${cfg.team}-${cfg.environment}`;

const ws = new Workspace(stampName, {
    team: cfg.team,
    environment: cfg.environment,
    location: cfg.location,
    tenantId: client.tenantId,
    tags: cfg.tags,
    existingResourceGroup: cfg.existingResourceGroup,
    containerRegistry: cfg.containerRegistry,
    containerRegistrySku: cfg.containerRegistrySku,
    publicNetworkAccess: cfg.publicNetworkAccess,
    managedNetworkIsolation: cfg.managedNetworkIsolation,
    // Production stacks always get purge protection (KV-02); others choose.
    keyVaultPurgeProtection: cfg.production || cfg.keyVaultPurgeProtection,
    keyVaultRetentionDays: cfg.keyVaultRetentionDays,
    logRetentionDays: cfg.logRetentionDays,
    protect: cfg.protect,
    production: cfg.production,
});

/**
 * Exactly what `MLClient.from_config()` reads from `.azureml/config.json`:
 * `pulumi stack output clientConfig --json > .azureml/config.json`.
 */
export const clientConfig = {
    subscription_id: client.subscriptionId,
    resource_group: ws.resourceGroupName,
    workspace_name: ws.workspace.name,
};

/** The workspace: ARM id, name, region and the principal id of its system-assigned identity. */
export const workspace = {
    id: ws.workspace.id,
    name: ws.workspace.name,
    location: ws.workspace.location,
    principalId: ws.principalId,
};

// Human access (issue #5): custom compute roles at the resource group, group grants at the narrowest scope, and the
// opt-in Conditional Access policy. The automation principal (issue #4) is passed as `automationPrincipal` once it
// exists; until then config must not assign custom roles to it.
const customRoleKeys = CUSTOM_ROLE_KEYS.filter((k) => {
    const a = cfg.access.customRoles[k];
    return a.groups.length > 0 || a.automationPrincipal;
});
const customRoles = new CustomRoles(`${stampName}-roles`, { resourceGroupId: ws.resourceGroupId, roles: customRoleKeys });
const humanAccess = new HumanAccess(`${stampName}-people`, {
    subscriptionId: client.subscriptionId,
    workspaceId: ws.workspace.id,
    storageAccountId: ws.storageAccount.id,
    keyVaultId: ws.keyVault.id,
    containerRegistryId: ws.registry?.id,
    resourceGroupId: ws.resourceGroupId,
    dataScientists: cfg.access.dataScientists,
    computeOperators: cfg.access.computeOperators,
    readers: cfg.access.readers,
    extraLevels: cfg.access.extraLevels,
    customRoleAssignees: cfg.access.customRoles,
    customRoles: customRoles.roles,
});
const conditionalAccess = cfg.conditionalAccess.enabled
    ? new ConditionalAccess(`${stampName}-access`, {
          displayName: `aml-stamp ${stampName}: Azure ML sign-in`,
          groups: teamGroups(cfg.access),
          applications: cfg.conditionalAccess.applications,
          requireMfa: cfg.conditionalAccess.requireMfa,
          requireCompliantDevice: cfg.conditionalAccess.requireCompliantDevice,
          operator: cfg.conditionalAccess.operator,
          enforce: cfg.conditionalAccess.enforce,
      })
    : undefined;

/** Human access: role assignments to the team's groups, custom role ids, and the Conditional Access policy if any. */
export const access = {
    roleAssignments: humanAccess.assignments.length,
    customRoles: Object.fromEntries(Object.entries(customRoles.roles).map(([k, r]) => [k, r.id])),
    conditionalAccessPolicyId: conditionalAccess?.policy.id,
};
