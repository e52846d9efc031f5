import * as containerregistry from "@pulumi/azure-native/containerregistry";
import * as names from "../../lib/names";
import type { WorkspaceContext } from "./context";

/** The container registry linked to the workspace (`${name}-cr`). */
export function buildRegistry(
    ctx: WorkspaceContext,
    sku: "Basic" | "Standard" | "Premium",
): containerregistry.Registry {
    const { hardened } = ctx;
    return new containerregistry.Registry(
        `${ctx.name}-cr`,
        {
            resourceGroupName: ctx.resourceGroupName,
            registryName: ctx.stampId.apply(names.containerRegistryName),
            location: ctx.location,
            sku: { name: sku },
            adminUserEnabled: false, // CR-01
            anonymousPullEnabled: false, // CR-02
            // CR-03 (Hardened) needs Premium and a workspace imageBuildCompute; explicit so previews show it.
            publicNetworkAccess: hardened
                ? containerregistry.PublicNetworkAccess.Disabled
                : containerregistry.PublicNetworkAccess.Enabled,
            ...(hardened
                ? {
                      networkRuleBypassOptions: containerregistry.NetworkRuleBypassOptions.AzureServices,
                      policies: {
                          // Built-in 524b0254: exports disabled (Premium, with public access Disabled:
                          // MicrosoftDocs/azure-docs articles/container-registry/data-loss-prevention.md).
                          exportPolicy: { status: containerregistry.ExportPolicyStatus.Disabled },
                          // Built-in 42781ec6 and its Modify twin 785596ed: only ACR-audience Entra tokens
                          // (MicrosoftDocs/azure-docs articles/container-registry/
                          // container-registry-disable-authentication-as-arm.md).
                          azureADAuthenticationAsArmPolicy: {
                              status: containerregistry.AzureADAuthenticationAsArmPolicyStatus.Disabled,
                          },
                      },
                  }
                : {}),
            tags: ctx.tags,
        },
        { parent: ctx.parent },
    );
}
