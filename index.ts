/**
 * aml-stamp: one secure Azure ML environment per stack. Reads the validated config, builds the components and
 * exports the stack outputs: nothing else lives here (see docs/architecture.md).
 */
import * as authorization from "@pulumi/azure-native/authorization";
import { loadConfig } from "./config";
import { Workspace } from "./components/workspace";

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
 * `pulumi stack output clientConfig --json > .azureml/config.json`. It reads `config["subscription_id"]`,
 * `config["resource_group"]` and `config["workspace_name"]`, all three required, no aliases
 * (Azure/azure-sdk-for-python sdk/ml/azure-ai-ml/azure/ai/ml/_ml_client.py, `_get_workspace_info`).
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
