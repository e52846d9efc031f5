/**
 * Changes a deployed stamp cannot take, and what a replacement loses: the facts `plan --compare` marks between two
 * plans (offline/planDiff.ts, docs/compare.md). Pure: no resources.
 */
import { KEY_VAULT_RETENTION_PATH } from "./keyVault";

/** A setting Azure refuses to change in some direction, with the reason and Microsoft's statement. */
export interface RefusedChange {
    /** The resource type token and its input path. */
    readonly type: string;
    readonly path: string;
    /** The reason when Azure refuses `before` → `after` (values as the plan shows them), else undefined. */
    readonly refuses: (before: unknown, after: unknown) => string | undefined;
    /** Where Microsoft says so. */
    readonly source: string;
}

const ML_WORKSPACE = "azure-native:machinelearningservices:Workspace";

/**
 * The managed network's isolation modes in the only order Azure moves them: "Once a managed VNet workspace is
 * configured to allow internet outbound, the workspace cannot be reconfigured to disabled. Similarily, once a managed
 * VNet workspace is configured to allow only approved outbound, the workspace cannot be reconfigured to allow
 * internet outbound" (MicrosoftDocs/azure-ai-docs articles/machine-learning/how-to-managed-network.md, note under
 * "Managed Virtual Network Architecture"). AllowOnlyApprovedOutbound → Disabled is not named there; no path back to
 * no managed network is documented, so it is refused too (docs/compare.md).
 */
export const ISOLATION_ORDER = ["Disabled", "AllowInternetOutbound", "AllowOnlyApprovedOutbound"] as const;

const MANAGED_NETWORK_SOURCE = "MicrosoftDocs/azure-ai-docs articles/machine-learning/how-to-managed-network.md";

function changed(before: unknown, after: unknown): boolean {
    return JSON.stringify(before ?? null) !== JSON.stringify(after ?? null);
}

function show(v: unknown): string {
    return v === undefined ? "(not set)" : typeof v === "string" ? v : JSON.stringify(v);
}

/** THE list of changes Azure refuses on the resources a stamp declares. */
export const REFUSED_CHANGES: readonly RefusedChange[] = [
    {
        type: ML_WORKSPACE,
        path: "managedNetwork.isolationMode",
        refuses: (before, after) => {
            const from = ISOLATION_ORDER.indexOf(before as (typeof ISOLATION_ORDER)[number]);
            const to = ISOLATION_ORDER.indexOf(after as (typeof ISOLATION_ORDER)[number]);
            if (from < 0 || to < 0 || to >= from) return undefined;
            return (
                `Azure refuses managedNetworkIsolation ${show(before)} → ${show(after)}: a workspace's managed network ` +
                `isolation only moves Disabled → AllowInternetOutbound → AllowOnlyApprovedOutbound, never back ` +
                `("once a managed VNet workspace is configured to allow only approved outbound, the workspace cannot be ` +
                `reconfigured to allow internet outbound"). Keep ${show(before)}; going back needs a new workspace (a new stack)`
            );
        },
        source: MANAGED_NETWORK_SOURCE,
    },
    {
        // "Once a workspace is created with SAI identity type, it can be updated to SAI+UAI, but not back from SAI+UAI
        // to SAI": the only change documented; a user-assigned-only identity is chosen at creation (docs/identities.md).
        type: ML_WORKSPACE,
        path: "identity.type",
        refuses: (before, after) =>
            before !== undefined &&
            changed(before, after) &&
            !(before === "SystemAssigned" && after === "SystemAssigned,UserAssigned")
                ? `Azure does not take the workspace identity type ${show(before)} → ${show(after)} on an existing ` +
                  `workspace: "Once a workspace is created with SAI identity type, it can be updated to SAI+UAI, but not ` +
                  `back from SAI+UAI to SAI", and no other change is documented. Keep ${show(before)}; another identity ` +
                  `type needs a new workspace (a new stack)`
                : undefined,
        source: "MicrosoftDocs/azure-ai-docs articles/machine-learning/how-to-identity-based-service-authentication.md, Workspace identity types",
    },
    {
        type: ML_WORKSPACE,
        path: "encryption.status",
        refuses: (before, after) =>
            changed(before, after)
                ? `Azure refuses customer-managed key encryption ${show(before)} → ${show(after)} on an existing ` +
                  `workspace: the key's resources "are automatically created and configured when you create your Azure ` +
                  `Machine Learning workspace" (customerManagedKey is chosen at creation; the workspace would be ` +
                  `replaced, losing its metadata)`
                : undefined,
        source: "MicrosoftDocs/azure-ai-docs articles/machine-learning/concept-customer-managed-keys.md",
    },
    {
        type: ML_WORKSPACE,
        path: "encryption.keyVaultProperties.keyVaultArmId",
        refuses: (before, after) =>
            before !== undefined && after !== undefined && changed(before, after)
                ? `Azure refuses moving the workspace's customer-managed key to another key vault: "After workspace ` +
                  `creation, the customer-managed encryption key ... can only be updated to another key in the original ` +
                  `Azure Key Vault resource"`
                : undefined,
        source: "MicrosoftDocs/azure-ai-docs articles/machine-learning/concept-customer-managed-keys.md, Limitations",
    },
    {
        type: ML_WORKSPACE,
        path: "hbiWorkspace",
        refuses: (before, after) =>
            changed(before ?? false, after ?? false)
                ? `Azure refuses changing hbiWorkspace ${show(before)} → ${show(after)}: "You can set the ` +
                  `hbi_workspace flag only when you create a workspace. You can't change it for an existing workspace"`
                : undefined,
        source: "MicrosoftDocs/azure-ai-docs articles/machine-learning/concept-customer-managed-keys.md, HBI",
    },
    {
        type: "azure-native:storage:StorageAccount",
        path: "encryption.requireInfrastructureEncryption",
        refuses: (before, after) =>
            changed(before ?? false, after ?? false)
                ? `Azure refuses storageInfrastructureEncryption ${show(before ?? false)} → ${show(after ?? false)} on ` +
                  `an existing storage account: "To doubly encrypt your data, you must first create a storage account ` +
                  `that is configured for infrastructure encryption" (the account would be replaced, losing its data)`
                : undefined,
        source: "MicrosoftDocs/azure-docs articles/storage/common/infrastructure-encryption-enable.md",
    },
    {
        type: "azure-native:keyvault:Vault",
        path: KEY_VAULT_RETENTION_PATH,
        refuses: (before, after) =>
            before !== undefined && changed(before, after)
                ? `Azure refuses keyVaultRetentionDays ${show(before)} → ${show(after)}: "Once set, the retention ` +
                  `policy interval cannot be changed" (the stack's retention check fails the deploy; lib/keyVault.ts)`
                : undefined,
        source: "MicrosoftDocs/azure-docs articles/key-vault/general/soft-delete-overview.md",
    },
];

/**
 * Inputs that are part of the resource's ARM URL (`.../storageAccounts/{accountName}`): azure-native replaces the
 * resource when one changes ("Any property from the path of a resource URL must cause replacement on update",
 * pulumi/pulumi-azure-native#77, provider/pkg/provider/diff.go). Per type the stamp declares; `resourceGroupName`
 * is in every resource group-scoped URL.
 */
export const PATH_INPUTS: Readonly<Record<string, readonly string[]>> = {
    "azure-native:resources:ResourceGroup": ["resourceGroupName"],
    "azure-native:storage:StorageAccount": ["accountName"],
    "azure-native:keyvault:Vault": ["vaultName"],
    "azure-native:keyvault:Key": ["vaultName", "keyName"],
    "azure-native:keyvault:Secret": ["vaultName", "secretName"],
    "azure-native:operationalinsights:Workspace": ["workspaceName"],
    "azure-native:applicationinsights:Component": ["resourceName"],
    "azure-native:containerregistry:Registry": ["registryName"],
    [ML_WORKSPACE]: ["workspaceName"],
    "azure-native:machinelearningservices:Compute": ["workspaceName", "computeName"],
    "azure-native:machinelearningservices:OnlineEndpoint": ["workspaceName", "endpointName"],
    "azure-native:machinelearningservices:Datastore": ["workspaceName", "name"],
    "azure-native:machinelearningservices:WorkspaceConnection": ["workspaceName", "connectionName"],
    "azure-native:managedidentity:UserAssignedIdentity": ["resourceName"],
    "azure-native:network:PrivateEndpoint": ["privateEndpointName"],
    "azure-native:authorization:RoleAssignment": ["scope", "roleAssignmentName"],
    "azure-native:monitor:DiagnosticSetting": ["resourceUri", "name"],
};

/** The inputs whose change replaces a resource of `type` (its URL's parts). */
export function pathInputs(type: string): readonly string[] {
    const own = PATH_INPUTS[type] ?? [];
    return type.startsWith("azure-native:") && type !== "azure-native:authorization:RoleAssignment"
        ? ["resourceGroupName", ...own.filter((p) => p !== "resourceGroupName")]
        : own;
}

/** What deleting (or replacing) a resource of a type loses, for the reviewer; undefined: nothing beyond itself. */
export const LOSSES: Readonly<Record<string, string>> = {
    "azure-native:resources:ResourceGroup": "data: every resource in the group",
    "azure-native:storage:StorageAccount": "data: every blob, file share, queue and table in the account",
    "azure-native:keyvault:Vault":
        "data: every secret, key and certificate (soft-deleted; the name stays taken for the retention period)",
    "azure-native:keyvault:Key": "data: whatever the key encrypts (the workspace metadata with a customer-managed key)",
    "azure-native:containerregistry:Registry": "data: every image in the registry",
    "azure-native:operationalinsights:Workspace": "data: the collected logs",
    "azure-native:applicationinsights:Component": "data: the telemetry; its connection string changes",
    [ML_WORKSPACE]:
        "data: job history, registered models, data assets and environments; identity: its system-assigned " +
        "identity (a new principal id) and the role assignments Azure ML made for it",
    "azure-native:machinelearningservices:Compute":
        "identity: its system-assigned identity (a new principal id: its role assignments are re-created)",
    "azure-native:machinelearningservices:OnlineEndpoint":
        "identity: its system-assigned identity and Azure ML's assignments for it; its deployments and scoring URI",
    "azure-native:managedidentity:UserAssignedIdentity":
        "identity: a new principal id; every role assignment to it is re-created, federated credentials are lost",
    "azuread:index/application:Application":
        "identity: a new application (client) id; its secrets, federated credentials and role assignments",
    "azuread:index/servicePrincipal:ServicePrincipal": "identity: a new object id; its role assignments",
    "azure-native:authorization:RoleAssignment": "role assignments: access is gone until the new one exists",
};

/**
 * The stack config keys that set a REFUSED_CHANGES input: `plan --compare` checks them against the earlier plan even
 * when the new config is itself refused (a production stack set to AllowInternetOutbound fails the hardened profile
 * first; the reviewer also learns that Azure would refuse it).
 */
export const REFUSED_CONFIG_KEYS: readonly { key: string; type: string; path: string }[] = [
    { key: "managedNetworkIsolation", type: ML_WORKSPACE, path: "managedNetwork.isolationMode" },
    {
        key: "storageInfrastructureEncryption",
        type: "azure-native:storage:StorageAccount",
        path: "encryption.requireInfrastructureEncryption",
    },
    { key: "keyVaultRetentionDays", type: "azure-native:keyvault:Vault", path: KEY_VAULT_RETENTION_PATH },
];
