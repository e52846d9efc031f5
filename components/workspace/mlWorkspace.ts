import * as pulumi from "@pulumi/pulumi";
import * as keyvault from "@pulumi/azure-native/keyvault";
import * as machinelearningservices from "@pulumi/azure-native/machinelearningservices";
import type * as azureInputs from "@pulumi/azure-native/types/input";
import * as names from "../../lib/names";
import type { WorkspaceArgs } from "../workspace";
import type { ResolvedIdentity } from "../identity";
import type { WorkspaceContext } from "./context";
import { WORKSPACE_DEFAULTS } from "../../lib/defaults";
import type { OutboundRule } from "../../lib/outbound";

type SdkOutboundRule =
    | azureInputs.machinelearningservices.FqdnOutboundRuleArgs
    | azureInputs.machinelearningservices.PrivateEndpointOutboundRuleArgs
    | azureInputs.machinelearningservices.ServiceTagOutboundRuleArgs;

/**
 * One rule as `managedNetwork.outboundRules` takes it (category UserDefined; shapes from the SDK's FqdnOutboundRule,
 * ServiceTagOutboundRule and PrivateEndpointOutboundRule and how-to-managed-network.md's YAML examples).
 */
export function sdkOutboundRule(rule: OutboundRule): SdkOutboundRule {
    const category = machinelearningservices.RuleCategory.UserDefined;
    switch (rule.type) {
        case "FQDN":
            return { type: "FQDN", category, destination: rule.destination };
        case "ServiceTag":
            return {
                type: "ServiceTag",
                category,
                destination: { serviceTag: rule.serviceTag, protocol: rule.protocol, portRanges: rule.portRanges },
            };
        case "PrivateEndpoint":
            return {
                type: "PrivateEndpoint",
                category,
                destination: {
                    serviceResourceId: rule.serviceResourceId,
                    subresourceTarget: rule.subresourceTarget,
                    sparkEnabled: rule.sparkEnabled,
                },
            };
    }
}

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
            // The rules inline, never as ManagedNetworkSettingsRule resources: the workspace then is the one owner of
            // its rule set (pulumi/pulumi-azure-native#3225: a refresh folded separate rules into the workspace and
            // deleted the rule resources; docs/hardening.md "Approved outbound").
            managedNetwork: {
                isolationMode: args.managedNetworkIsolation ?? WORKSPACE_DEFAULTS.managedNetworkIsolation,
                ...(args.outboundRules !== undefined && args.outboundRules.length > 0
                    ? { outboundRules: Object.fromEntries(args.outboundRules.map((r) => [r.name, sdkOutboundRule(r)])) }
                    : {}),
                ...(args.firewallSku !== undefined ? { firewallSku: args.firewallSku } : {}),
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
