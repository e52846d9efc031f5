import * as pulumi from "@pulumi/pulumi";
import * as keyvault from "@pulumi/azure-native/keyvault";
import { KEY_VAULT_RETENTION_PATH, retentionChangeProblem } from "../../lib/keyVault";
import * as names from "../../lib/names";
import type { WorkspaceArgs } from "../workspace";
import type { WorkspaceContext } from "./context";
import { WORKSPACE_DEFAULTS } from "../../lib/defaults";

/** The workspace key vault (`${name}-kv`, RBAC authorization) and its deployed soft-delete retention. */
export function buildKeyVault(
    ctx: WorkspaceContext,
    args: WorkspaceArgs,
): { vault: keyvault.Vault; retentionDays: pulumi.Output<number> } {
    const retentionDays = args.keyVaultRetentionDays ?? WORKSPACE_DEFAULTS.keyVaultRetentionDays;
    const vault = new keyvault.Vault(
        `${ctx.name}-kv`,
        {
            resourceGroupName: ctx.resourceGroupName,
            vaultName: ctx.stampId.apply(names.keyVaultName),
            location: ctx.location,
            properties: {
                tenantId: args.tenantId,
                sku: { family: keyvault.SkuFamily.A, name: keyvault.SkuName.Standard },
                enableRbacAuthorization: true, // KV-03: the SDK default is false (access policies)
                enableSoftDelete: true, // KV-01
                softDeleteRetentionInDays: retentionDays,
                // KV-02. Azure rejects an explicit false ("enablePurgeProtection cannot be set to false",
                // Azure/azure-rest-api-specs#18106), so the property is left out unless it is turned on.
                ...(args.keyVaultPurgeProtection === true ? { enablePurgeProtection: true } : {}),
                enabledForDeployment: false,
                enabledForDiskEncryption: false,
                enabledForTemplateDeployment: false,
                ...(ctx.hardened
                    ? {
                          // KV-04/05. The SDK default is "enabled".
                          networkAcls: {
                              defaultAction: keyvault.NetworkRuleAction.Deny,
                              bypass: keyvault.NetworkRuleBypassOptions.AzureServices,
                          },
                          publicNetworkAccess: "Disabled",
                      }
                    : {}),
            },
            tags: ctx.tags,
        },
        // Retention is fixed at creation (lib/keyVault.ts): never sent as an update. With old state the engine
        // resets an ignored input to its old value before Check, Diff and Update (pulumi/pulumi
        // pkg/resource/deploy/step_generator.go, processIgnoreChanges), so a changed value is never sent.
        { parent: ctx.parent, protect: ctx.protect, ignoreChanges: [KEY_VAULT_RETENTION_PATH] },
    );
    // ...and a changed value is refused rather than silently ignored. The deployed value is the vault's own
    // output: for an existing vault the engine answers the registration with the outputs in state (SameStep:
    // "Retain the ID and outputs", pkg/resource/deploy/step.go) or, previewing an update, with the inputs after
    // ignoreChanges (azure-native Update preview: "inputs + a limited list of outputs"), both the value the vault
    // was created with, since Azure never changes it. A vault being created has unknown outputs in preview and
    // Azure's response (the configured value) in `up`, so the check passes. No invoke is needed: a keyvault
    // getVault would fail with NotFound on a stack's first `up`, and a stack cannot read its own outputs.
    const deployedRetention = pulumi.all([vault.name, vault.properties]).apply(([vaultName, properties]) => {
        const deployed = properties?.softDeleteRetentionInDays;
        const problem = retentionChangeProblem(vaultName, retentionDays, deployed);
        if (problem !== undefined) throw new pulumi.ResourceError(problem, vault);
        return deployed ?? retentionDays;
    });
    return { vault, retentionDays: deployedRetention };
}
