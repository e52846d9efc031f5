import * as pulumi from "@pulumi/pulumi";
import * as machinelearningservices from "@pulumi/azure-native/machinelearningservices";
import { type IdentitySpec } from "../../lib/identity";
import * as names from "../../lib/names";
import type { RoleExceptionId } from "../../lib/roleExceptions";
import { ROLES } from "../../lib/roles";
import { grant, type Granted } from "../access";
import { type ResolvedIdentity, resolveIdentity } from "../identity";
import type { WorkspaceContext } from "./context";

/** Why the workspace's user-assigned identity gets each role (how-to-identity-based-service-authentication.md). */
const WS_UAI_SOURCE =
    "required role assignments of a workspace user-assigned identity (learn.microsoft.com/azure/machine-learning/how-to-identity-based-service-authentication#workspace)";

/**
 * The workspace identity. A user-assigned one is the workspace's only identity ("UserAssigned") with
 * `primaryUserAssignedIdentity` naming it: that is the form Microsoft documents for a workspace that uses a
 * user-assigned identity ("identity: type: user_assigned ... primary_user_assigned_identity: <one of the UAI resource
 * IDs>", azure-ai-docs articles/machine-learning/how-to-identity-based-service-authentication.md), and the ARM
 * property "may not be used if 'systemAssignedIdentity' is enabled" (Azure/bicep-registry-modules
 * avm/res/machine-learning-services/workspace). "SystemAssigned,UserAssigned" is documented only as adding a UAI
 * "without changing the existing workspace identity", the system-assigned one, which would keep acting for the
 * workspace. Azure allows SAI -> SAI+UAI on an existing workspace, not back and not SAI -> UAI alone (same page,
 * "Workspace identity types"): a stack switches by being created with it (docs/identities.md).
 */
export function buildWorkspaceIdentity(ctx: WorkspaceContext, spec: IdentitySpec): ResolvedIdentity {
    return resolveIdentity(
        `${ctx.name}-mlw`,
        spec,
        {
            resourceGroupName: ctx.resourceGroupName,
            location: ctx.location,
            identityName: names.userAssignedIdentityName(ctx.id, "workspace"),
            tags: ctx.tags,
        },
        ctx.parent,
        {
            system: machinelearningservices.ManagedServiceIdentityType.SystemAssigned,
            user: machinelearningservices.ManagedServiceIdentityType.UserAssigned,
        },
    );
}

/** One row of Microsoft's table: name suffix, role, scope, scope label, why. */
type UaiRow = [string, (typeof ROLES)[keyof typeof ROLES], pulumi.Input<string>, string, string];

const uaiPrincipal = (id: pulumi.Input<string>) => ({
    id,
    kind: "ManagedIdentity" as const,
    label: "workspace user-assigned identity",
});

/** The reviewed exception each privileged role of the UAI table is granted under (lib/roleExceptions.ts). */
const UAI_EXCEPTION: Readonly<Record<string, RoleExceptionId>> = {
    [ROLES.contributor.id]: "WS-UAI-CONTRIBUTOR",
    [ROLES.keyVaultAdministrator.id]: "WS-UAI-KV-ADMINISTRATOR",
};

/**
 * The role assignments Microsoft documents for a workspace user-assigned identity that must exist before the
 * workspace (`${name}-mlw-id-<row>`): storage, key vault, Application Insights and registry; with a managed network
 * also "Azure AI Enterprise Network Connection Approver" on the resource group that holds those resources, so that
 * the workspace can approve its managed private endpoints to them ("As of March 31st 2025, the Azure AI Enterprise
 * Network Connection Approver role must be assigned to the ... managed identity to approve private endpoints ...
 * applicable to both User-assigned identity and System-assigned identity workspaces"; for a system-assigned one "the
 * role is correctly assigned by the service": azure-ai-docs how-to-managed-network.md).
 */
export function grantUaiBeforeWorkspace(
    ctx: WorkspaceContext,
    principalId: pulumi.Input<string>,
    subscriptionId: pulumi.Input<string>,
    scopes: {
        storageAccountId: pulumi.Input<string>;
        keyVaultId: pulumi.Input<string>;
        insightsId: pulumi.Input<string>;
        registryId?: pulumi.Input<string>;
        /** With a managed network (managedNetworkIsolation not Disabled): the stamp's resource group. */
        managedNetworkResourceGroupId?: pulumi.Input<string>;
    },
): Granted[] {
    const before: UaiRow[] = [
        ["st-contributor", ROLES.contributor, scopes.storageAccountId, "workspace default storage", "control plane"],
        [
            "st-blob-contributor",
            ROLES.storageBlobDataContributor,
            scopes.storageAccountId,
            "workspace default storage",
            "data plane (data preview in the studio; identity-based system datastores)",
        ],
        ["kv-contributor", ROLES.contributor, scopes.keyVaultId, "key vault", "control plane"],
        [
            "kv-administrator",
            ROLES.keyVaultAdministrator,
            scopes.keyVaultId,
            "key vault",
            "data plane, RBAC permission model",
        ],
        ["appi-contributor", ROLES.contributor, scopes.insightsId, "application insights", "control plane"],
        ...(scopes.registryId !== undefined
            ? ([
                  ["cr-contributor", ROLES.contributor, scopes.registryId, "container registry", "control plane"],
              ] as UaiRow[])
            : []),
        ...(scopes.managedNetworkResourceGroupId !== undefined
            ? ([
                  [
                      "rg-network-approver",
                      ROLES.azureAIEnterpriseNetworkConnectionApprover,
                      scopes.managedNetworkResourceGroupId,
                      "resource group",
                      "approves the managed network's private endpoints to the workspace's resources (how-to-managed-network.md)",
                  ],
              ] as UaiRow[])
            : []),
    ];
    return before.map(([suffix, role, scope, scopeLabel, why]) =>
        grant(
            `${ctx.name}-mlw-id-${suffix}`,
            {
                principal: uaiPrincipal(principalId),
                role: { builtIn: role },
                scope,
                scopeLabel,
                reason:
                    role === ROLES.azureAIEnterpriseNetworkConnectionApprover
                        ? `${role.name}: ${why}`
                        : `${role.name} (${why}): ${WS_UAI_SOURCE}`,
                subscriptionId,
                ...(role.privileged ? { exception: UAI_EXCEPTION[role.id] } : {}),
            },
            { parent: ctx.parent },
        ),
    );
}

/** The workspace-scope row of the same table (`${name}-mlw-id-mlw-contributor`): only once the workspace exists. */
export function grantUaiOnWorkspace(
    ctx: WorkspaceContext,
    principalId: pulumi.Input<string>,
    subscriptionId: pulumi.Input<string>,
    workspaceId: pulumi.Input<string>,
): Granted {
    return grant(
        `${ctx.name}-mlw-id-mlw-contributor`,
        {
            principal: uaiPrincipal(principalId),
            role: { builtIn: ROLES.contributor },
            scope: workspaceId,
            scopeLabel: "workspace",
            reason: `Contributor on the workspace itself: ${WS_UAI_SOURCE}`,
            subscriptionId,
            exception: "WS-UAI-CONTRIBUTOR",
        },
        { parent: ctx.parent },
    );
}
