/**
 * aml-stamp: one secure Azure ML environment per stack. Reads the validated config, builds the components and
 * exports the stack outputs: nothing else lives here (see docs/architecture.md).
 */
import type * as pulumi from "@pulumi/pulumi";
import * as authorization from "@pulumi/azure-native/authorization";
import { loadConfig } from "./config";
import { Workspace } from "./components/workspace";
import { ComputeCluster } from "./components/computeCluster";
import { ComputeInstance } from "./components/computeInstance";
import { AutomationPrincipal } from "./components/automationPrincipal";
import { lookupRole } from "./lib/roles";
import { parseEpoch } from "./lib/rotation";
import { platformCustomRole } from "./components/customRoles";
import { HumanAccess } from "./components/humanAccess";
import { ConditionalAccess } from "./components/conditionalAccess";
import { PEOPLE_CUSTOM_ROLE_KEYS } from "./lib/customRoles";
import { teamGroups } from "./config/access";
import { computeName } from "./lib/compute";
import { workspaceIdentityOf } from "./config/identity";
import { OnlineEndpoint } from "./components/onlineEndpoint";
import type { Principal } from "./components/access";
import { StorageDataAccess } from "./components/storageDataAccess";
import { roleAssignmentCounts } from "./lib/counts";
import { listGrants } from "./components/access";
import { stackExemptions } from "./config/hardening";
import { PolicyExemptions } from "./components/policyExemptions";

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
    // The hardened profile is on for production stacks; config/hardening.ts makes them state what it needs.
    hardened: cfg.production,
    privateEndpoint:
        cfg.privateEndpointSubnetId !== ""
            ? { subnetId: cfg.privateEndpointSubnetId, privateDnsZoneIds: cfg.privateDnsZoneIds }
            : undefined,
    imageBuildCompute:
        cfg.imageBuildCompute !== "" ? computeName(cfg.imageBuildCompute, cfg.team, cfg.environment) : undefined,
    identity: workspaceIdentityOf(cfg),
    subscriptionId: client.subscriptionId,
    storageInfrastructureEncryption: cfg.storageInfrastructureEncryption,
    monitorPrivateLinkScopeId: cfg.monitorPrivateLinkScopeId !== "" ? cfg.monitorPrivateLinkScopeId : undefined,
    customerManagedKey: cfg.customerManagedKey.enabled
        ? { cosmosDbPrincipalId: cfg.customerManagedKey.cosmosDbPrincipalId, subscriptionId: client.subscriptionId }
        : undefined,
});

// Documented exemptions from Microsoft's built-in policies (lib/exemptions.ts), declared as Azure Policy exemptions
// when the stack is given the assignment (config policyExemptions).
const exemptions = stackExemptions(cfg);
if (exemptions.length > 0 && cfg.policyExemptions.assignmentId !== "") {
    new PolicyExemptions(`${stampName}-exemptions`, {
        exemptions,
        assignmentId: cfg.policyExemptions.assignmentId,
        referenceIds: cfg.policyExemptions.referenceIds,
        scopes: { storage: ws.storageAccount.id, insights: ws.applicationInsights.id, workspace: ws.workspace.id },
    });
}

/**
 * Exactly what `MLClient.from_config()` reads from `.azureml/config.json`:
 * `pulumi stack output clientConfig --json > .azureml/config.json`. It reads `config["subscription_id"]`,
 * `config["resource_group"]` and `config["workspace_name"]`, all three required, no aliases
 * (Azure/azure-sdk-for-python sdk/ml/azure-ai-ml/azure/ai/ml/_ml_client.py, `_get_workspace_info`).
 */
export const clientConfig = {
    subscription_id: client.subscriptionId,
    resource_group: ws.resourceGroupName,
    workspace_name: ws.workspace.name,
};

/** The workspace: ARM id, name, region, the principal id of its identity and its user-assigned identity id. */
export const workspace = {
    id: ws.workspace.id,
    name: ws.workspace.name,
    location: ws.workspace.location,
    principalId: ws.principalId,
    ...(ws.userAssignedIdentityId !== undefined ? { userAssignedIdentityId: ws.userAssignedIdentityId } : {}),
};

// Computes (issue #3): after the workspace, each with a system-assigned identity and grants scoped to one resource.
const computeScopes = {
    storage: ws.storageAccount.id,
    workspace: ws.workspace.id,
    registry: ws.registry?.id,
    keyVault: ws.keyVault.id,
};
const managedNetwork = cfg.managedNetworkIsolation !== "Disabled";
const computeCommon = {
    team: cfg.team,
    environment: cfg.environment,
    location: cfg.location,
    resourceGroupName: ws.resourceGroupName,
    workspaceName: ws.workspace.name,
    scopes: computeScopes,
    subscriptionId: client.subscriptionId,
    managedNetwork,
    tags: cfg.tags,
};
const computeOutputs: Record<
    string,
    { kind: "cluster" | "instance"; name: pulumi.Output<string>; principalId: pulumi.Output<string> }
> = {};
for (const [key, c] of Object.entries(cfg.computeClusters)) {
    const cluster = new ComputeCluster(`${stampName}-${key}`, { ...computeCommon, key, ...c });
    computeOutputs[key] = { kind: "cluster", name: cluster.computeName, principalId: cluster.principalId };
}
// The idle-shutdown custom role is defined once per subscription by the platform (platform/); the stack only
// assigns it, naming it by the id lib/customRoles.ts computes from the subscription.
const idleShutdownRole = platformCustomRole(client.subscriptionId, "idleShutdown");
for (const [key, i] of Object.entries(cfg.computeInstances)) {
    const instance = new ComputeInstance(`${stampName}-${key}`, {
        ...computeCommon,
        key,
        tenantId: client.tenantId,
        userObjectId: i.userObjectId,
        vmSize: i.vmSize,
        idleTimeBeforeShutdown: i.idleTimeBeforeShutdown,
        schedule: i.schedule,
        enableNodePublicIp: i.enableNodePublicIp,
        roles: i.roles,
        identity: i.identity,
        keyVaultSecrets: i.keyVaultSecrets,
        idleShutdownRole: i.idleShutdownAccess === "customRole" ? idleShutdownRole : undefined,
    });
    computeOutputs[key] = { kind: "instance", name: instance.computeName, principalId: instance.principalId };
}

/** Every compute by config key: cluster or instance, its Azure name and the principal id of its identity. */
export const computes = computeOutputs;
/** The automation service principal (CI): client secrets on calendar windows, federated credentials, workspace roles. */
const auto = cfg.automation.enabled
    ? new AutomationPrincipal(stampName, {
          team: cfg.team,
          environment: cfg.environment,
          workspaceId: ws.workspace.id,
          subscriptionId: client.subscriptionId,
          rotationEpoch: parseEpoch(cfg.rotationEpoch) as Date, // validated by config
          rotationDays: cfg.automation.rotationDays,
          owners: cfg.automation.owners,
          clientSecrets: cfg.automation.clientSecrets,
          federatedCredentials: cfg.automation.federatedCredentials,
          roles: cfg.automation.roles.map((r) => {
              const found = lookupRole(r);
              if ("error" in found) throw new Error(found.error); // config already refused it
              return found.role;
          }),
          keyVault: cfg.automation.storeSecretInKeyVault
              ? { vaultName: ws.keyVault.name, resourceGroupName: ws.resourceGroupName }
              : undefined,
      })
    : undefined;

/** The automation principal's ids (plain: no credential). */
export const automation = auto && {
    clientId: auto.clientId,
    tenantId: auto.tenantId,
    objectId: auto.objectId,
    displayName: auto.displayName,
};

/** `AZURE_CLIENT_ID`, `AZURE_TENANT_ID`, `AZURE_CLIENT_SECRET` lines for a `.env` (secret): `npm run write-credentials`. */
export const servicePrincipalEnv = auto?.envLines;

/** Rotation windows of the two client-secret slots, their end dates and the next rotation (plain). */
export const secretRotation = auto?.secretRotation;
// Human access (issue #5): custom compute roles at the resource group, group grants at the narrowest scope, and the
// opt-in Conditional Access policy. Custom roles may also go to the automation principal (config checks it exists).
// The custom compute roles are the platform's (one definition per subscription, platform/): the stack assigns them.
const customRoles = Object.fromEntries(
    PEOPLE_CUSTOM_ROLE_KEYS.filter((k) => {
        const a = cfg.access.customRoles[k];
        return a.groups.length > 0 || a.automationPrincipal;
    }).map((k) => [k, platformCustomRole(client.subscriptionId, k)]),
);
new HumanAccess(`${stampName}-people`, {
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
    customRoles,
    automationPrincipal: auto && { id: auto.objectId, label: `automation ${auto.displayName}` },
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

// Online endpoints (issue 12): Entra-authenticated by default, deployments outside the stack (docs/endpoints.md).
const automationCaller: Principal | undefined = auto && {
    id: auto.objectId,
    kind: "ServicePrincipal",
    label: `automation ${auto.displayName}`,
};
const endpointOutputs: Record<
    string,
    { name: pulumi.Output<string>; scoringUri: pulumi.Output<string>; principalId: pulumi.Output<string> }
> = {};
const endpointPrincipals: pulumi.Output<string>[] = [];
for (const [key, e] of Object.entries(cfg.onlineEndpoints)) {
    const callers: Principal[] = [
        ...e.callers.groups.map((g): Principal => ({ id: g, kind: "Group", label: `group ${g}` })),
        ...(e.callers.automationPrincipal && automationCaller !== undefined ? [automationCaller] : []),
    ];
    const ep = new OnlineEndpoint(`${stampName}-${key}`, {
        key,
        team: cfg.team,
        environment: cfg.environment,
        location: cfg.location,
        resourceGroupName: ws.resourceGroupName,
        workspaceName: ws.workspace.name,
        subscriptionId: client.subscriptionId,
        scopes: computeScopes,
        identity: e.identity,
        authMode: e.authMode,
        authModeReason: e.authModeReason,
        callers,
        // The platform's scorer role (one definition per subscription, platform/), assigned at the endpoint.
        scorerRole: platformCustomRole(client.subscriptionId, "endpointScorer"),
        tags: cfg.tags,
    });
    endpointOutputs[key] = { name: ep.endpointName, scoringUri: ep.scoringUri, principalId: ep.principalId };
    endpointPrincipals.push(ep.principalId);
}

/** Every online endpoint by config key: its Azure name, scoring URI and the principal id of its identity. */
export const onlineEndpoints = endpointOutputs;

// Identity-based storage (issue 12 section 4): only where shared keys are off (the hardened profile).
if (cfg.production) {
    new StorageDataAccess(`${stampName}-storage-data`, {
        storageAccountId: ws.storageAccount.id,
        subscriptionId: client.subscriptionId,
        automationPrincipal: automationCaller,
        computes: Object.entries(computeOutputs)
            .filter(([key]) => key in cfg.computeClusters)
            .map(([key, c]) => ({
                id: c.principalId,
                label: `compute cluster ${key}`,
                parallelRun: cfg.computeClusters[key]?.parallelRunStorage,
            })),
    });
}

// Last: the counts cover every grant() of the stack, endpoints and storage data access included.
/**
 * Access: the stack's role assignment counts (lib/counts.ts: declared, to groups, to identities, by Azure, total; the
 * same numbers as the offline plan's), custom role ids, and the Conditional Access policy if any.
 */
export const access = {
    roleAssignments: roleAssignmentCounts(listGrants()),
    customRoles: Object.fromEntries(Object.entries(customRoles).map(([k, r]) => [k, r.id])),
    conditionalAccessPolicyId: conditionalAccess?.policy.id,
};
