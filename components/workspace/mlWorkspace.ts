import * as pulumi from "@pulumi/pulumi";
import * as keyvault from "@pulumi/azure-native/keyvault";
import * as machinelearningservices from "@pulumi/azure-native/machinelearningservices";
import * as names from "../../lib/names";
import type { WorkspaceArgs } from "../workspace";
import type { ResolvedIdentity } from "../identity";
import type { WorkspaceContext } from "./context";
import { WORKSPACE_DEFAULTS } from "../../lib/defaults";

/** What the Azure ML workspace links to. */
export interface WorkspaceLinks {
    readonly identity: ResolvedIdentity;
    readonly storageAccountId: pulumi.Input<string>;
    readonly keyVaultId: pulumi.Input<string>;
    readonly insightsId: pulumi.Input<string>;
    readonly registryId?: pulumi.Input<string>;
    /** The customer-managed key, when given. */
    readonly cmkKey?: keyvault.Key;
    /** Role assignments that must exist before the workspace (user-assigned identity, Cosmos DB key grant). */
    readonly dependsOn: pulumi.Resource[];
}

/** The Azure ML workspace itself (`${name}-mlw`). */
export function buildMlWorkspace(
    ctx: WorkspaceContext,
    args: WorkspaceArgs,
    links: WorkspaceLinks,
): machinelearningservices.Workspace {
    const resolved = links.identity;
    return new machinelearningservices.Workspace(
        `${ctx.name}-mlw`,
        {
            resourceGroupName: ctx.resourceGroupName,
            workspaceName: ctx.stampId.apply(names.mlWorkspaceName),
            location: ctx.location,
            friendlyName: `${args.team} ${args.environment}`,
            description: `Azure ML workspace of team ${args.team} (${args.environment}), stamped by aml-stamp.`,
            sku: { name: "Basic", tier: "Basic" },
            identity: resolved.identity,
            ...(resolved.userAssignedIdentityId !== undefined
                ? { primaryUserAssignedIdentity: resolved.userAssignedIdentityId }
                : {}),
            storageAccount: links.storageAccountId,
            keyVault: links.keyVaultId,
            applicationInsights: links.insightsId,
            containerRegistry: links.registryId,
            publicNetworkAccess: args.publicNetworkAccess ?? WORKSPACE_DEFAULTS.publicNetworkAccess,
            managedNetwork: {
                isolationMode: args.managedNetworkIsolation ?? WORKSPACE_DEFAULTS.managedNetworkIsolation,
            },
            ...(ctx.hardened ? { systemDatastoresAuthMode: "identity" } : {}), // WS-08, with ST-04
            ...(links.cmkKey !== undefined
                ? {
                      // WS-03 / built-ins ba769a63, 7f40cee6: encryption.status Enabled with the key's versioned URI.
                      encryption: {
                          status: machinelearningservices.EncryptionStatus.Enabled,
                          // The identity that reads the key: the user-assigned one when the workspace has it (AVM
                          // avm/res/machine-learning-services/workspace sets encryption.identity the same way).
                          ...(resolved.userAssignedIdentityId !== undefined
                              ? { identity: { userAssignedIdentity: resolved.userAssignedIdentityId } }
                              : {}),
                          keyVaultProperties: {
                              keyVaultArmId: links.keyVaultId,
                              keyIdentifier: links.cmkKey.keyUriWithVersion,
                          },
                      },
                  }
                : {}),
            ...(args.imageBuildCompute !== undefined && args.imageBuildCompute !== ""
                ? { imageBuildCompute: args.imageBuildCompute } // CR-03: the registry cannot build without public access
                : {}),
            tags: ctx.tags,
        },
        {
            parent: ctx.parent,
            protect: ctx.protect,
            // Creation-only (the key is "provided when you create your workspace", concept-customer-managed-keys.md):
            // a change is a replacement in the preview, which protect refuses.
            replaceOnChanges: ["encryption.status"],
            // The user-assigned identity's role assignments (and the Cosmos DB key grant) exist before the
            // workspace that needs them.
            dependsOn: links.dependsOn,
        },
    );
}
