/**
 * aml-stamp: one secure Azure ML environment per stack. Reads the validated config, builds the components and
 * exports the stack outputs: nothing else lives here (see docs/architecture.md).
 */
import * as authorization from "@pulumi/azure-native/authorization";
import { loadConfig } from "./config";
import { Workspace } from "./components/workspace";
import { AutomationPrincipal } from "./components/automationPrincipal";
import { lookupRole } from "./lib/roles";
import { parseEpoch } from "./lib/rotation";

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
