/**
 * The role catalog: the one place in the project that holds Azure built-in role definition IDs.
 *
 * Source for every ID: Microsoft's "Azure built-in roles" reference (MicrosoftDocs/azure-docs,
 * articles/role-based-access-control/built-in-roles.md and its per-category pages built-in-roles/*.md, ms.date
 * 2026-04-09); the AzureML and generic roles also match Azure/bicep-registry-modules
 * avm/res/machine-learning-services/workspace/main.bicep. The catalog is described in docs/access.md.
 * Never add an ID here without its source.
 */
import { didYouMean } from "./suggest";

export interface BuiltInRole {
    /** The role's display name in Azure, which config uses to refer to it. */
    readonly name: string;
    /** The role definition GUID (the same in every tenant). */
    readonly id: string;
    /**
     * Privileged roles can grant access, change any resource, or hand out credentials that bypass Azure RBAC (account
     * keys), own a data plane (every secret, key or blob ACL of it) or act as another identity; the project refuses
     * them for every principal (config, grant(), policy RA-02: all read this flag), and the deploy identity's ABAC
     * condition allows only the others (lib/platform.ts).
     */
    readonly privileged: boolean;
    /** Page of the built-in roles reference that documents it. */
    readonly source: string;
    /**
     * false: only a stack an administrator deploys assigns it, so the deploy identity's ABAC condition leaves it out
     * (lib/platform.ts assignableBuiltInRoles). Default: assignable when not privileged.
     */
    readonly deployerAssignable?: false;
}

const REF = "learn.microsoft.com/azure/role-based-access-control/built-in-roles";

function role(name: string, id: string, page: string, privileged = false): BuiltInRole {
    return { name, id, privileged, source: `${REF}/${page}` };
}

export const ROLES = {
    owner: role("Owner", "8e3af657-a8ff-443c-a75c-2fe8c4bcb635", "privileged#owner", true),
    contributor: role("Contributor", "b24988ac-6180-42a0-ab88-20f7382dd24c", "privileged#contributor", true),
    userAccessAdministrator: role(
        "User Access Administrator",
        "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9",
        "privileged#user-access-administrator",
        true,
    ),
    rbacAdministrator: role(
        "Role Based Access Control Administrator",
        "f58310d9-a9f6-439a-9e8d-f62e7b41a168",
        "privileged#role-based-access-control-administrator",
        true,
    ),
    reader: role("Reader", "acdd72a7-3385-48ef-bd42-f606fba81ae7", "general#reader"),
    azureMLDataScientist: role(
        "AzureML Data Scientist",
        "f6c7c914-8db3-469d-8ca1-694a8f32e121",
        "ai-machine-learning#azureml-data-scientist",
    ),
    azureMLComputeOperator: role(
        "AzureML Compute Operator",
        "e503ece1-11d0-4e8e-8e2c-7a6c3bf38815",
        "ai-machine-learning#azureml-compute-operator",
    ),
    azureMLMetricsWriter: role(
        "AzureML Metrics Writer (preview)",
        "635dd51f-9968-44d3-b7fb-6d9a6bd613ae",
        "ai-machine-learning#azureml-metrics-writer-preview",
    ),
    azureMLRegistryUser: role(
        "AzureML Registry User",
        "1823dd4f-9b8c-4ab6-ab4e-7397a3684615",
        "ai-machine-learning#azureml-registry-user",
    ),
    azureAIDeveloper: role(
        "Azure AI Developer",
        "64702f94-c441-49e6-a78b-ef80e0188fee",
        "ai-machine-learning#azure-ai-developer",
    ),
    storageBlobDataReader: role(
        "Storage Blob Data Reader",
        "2a2b9908-6ea1-4ae2-8e65-a410df84e7d1",
        "storage#storage-blob-data-reader",
    ),
    storageBlobDataContributor: role(
        "Storage Blob Data Contributor",
        "ba92f5b4-2d11-453d-a403-e96b0029c9fe",
        "storage#storage-blob-data-contributor",
    ),
    // Privileged: "Provides full access to Azure Storage blob containers and data, including assigning POSIX access
    // control" (built-in-roles/storage.md): it hands out access to data outside Azure RBAC.
    storageBlobDataOwner: role(
        "Storage Blob Data Owner",
        "b7e6dc6d-f1e8-4753-8033-0f276bb0955b",
        "storage#storage-blob-data-owner",
        true,
    ),
    storageFileDataPrivilegedContributor: role(
        "Storage File Data Privileged Contributor",
        "69566ab7-960f-475b-8e7c-b3118f30c6bd",
        "storage#storage-file-data-privileged-contributor",
    ),
    storageFileDataPrivilegedReader: role(
        "Storage File Data Privileged Reader",
        "b8eda974-7b85-4f76-af95-65846b26df6d",
        "storage#storage-file-data-privileged-reader",
    ),
    // Parallel Run Step on identity-based storage; GUIDs checked against MicrosoftDocs/azure-docs
    // articles/role-based-access-control/built-in-roles/storage.md (ms.date 07/01/2026).
    storageQueueDataContributor: role(
        "Storage Queue Data Contributor",
        "974c5e8b-45b9-4653-ba55-5f855dd0fb88",
        "storage#storage-queue-data-contributor",
    ),
    storageTableDataContributor: role(
        "Storage Table Data Contributor",
        "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3",
        "storage#storage-table-data-contributor",
    ),
    // Privileged: "Provides access to the account key, which can be used to access data via Shared Key
    // authorization" (built-in-roles/storage.md): its Microsoft.Storage/storageAccounts/* includes listKeys/action,
    // and a key reads and writes every blob, file, queue and table regardless of RBAC.
    storageAccountContributor: role(
        "Storage Account Contributor",
        "17d1049b-9a84-46fb-8f53-869881c3d3ab",
        "storage#storage-account-contributor",
        true,
    ),
    // Privileged: "Perform all data plane operations on a key vault and all objects in it" (built-in-roles/security.md):
    // every secret and key, the platform's state key included if assigned there. Only under WS-UAI-KV-ADMINISTRATOR.
    keyVaultAdministrator: role(
        "Key Vault Administrator",
        "00482a5a-887f-4fb3-b363-3b7fe8e74483",
        "security#key-vault-administrator",
        true,
    ),
    keyVaultSecretsUser: role(
        "Key Vault Secrets User",
        "4633458b-17de-408a-b874-0445c86b69e6",
        "security#key-vault-secrets-user",
    ),
    // Privileged: "Perform any action on the secrets of a key vault" (built-in-roles/security.md): read, write and
    // delete every secret, the automation principal's included.
    keyVaultSecretsOfficer: role(
        "Key Vault Secrets Officer",
        "b86a8fe4-44ce-4948-aee5-eccb2c155cd7",
        "security#key-vault-secrets-officer",
        true,
    ),
    keyVaultCryptoUser: role(
        "Key Vault Crypto User",
        "12338af0-0e69-4776-bea7-57ae8d297424",
        "security#key-vault-crypto-user",
    ),
    // "Read metadata of keys and perform wrap/unwrap operations" (security#key-vault-crypto-service-encryption-user):
    // what a service needs of a customer-managed key. GUID also in Azure/bicep-registry-modules and Microsoft
    // quickstart-style templates granting it for workspace CMK.
    // "Can approve private endpoint connections to Azure AI common dependency resources" (built-in-roles.md, ms.date
    // 2026-09-10). A user-assigned workspace identity with a managed network needs it (how-to-managed-network.md),
    // and only administrator-deployed stacks have one (config/identity.ts), so CI's deploy identity may not assign it.
    azureAIEnterpriseNetworkConnectionApprover: {
        ...role(
            "Azure AI Enterprise Network Connection Approver",
            "b556d68e-0be0-4f35-a333-ad7ee1ce17ea",
            "ai-machine-learning#azure-ai-enterprise-network-connection-approver",
        ),
        deployerAssignable: false,
    },
    keyVaultCryptoServiceEncryptionUser: role(
        "Key Vault Crypto Service Encryption User",
        "e147488a-f6f5-4113-8e2d-b22465e65bf6",
        "security#key-vault-crypto-service-encryption-user",
    ),
    keyVaultReader: role("Key Vault Reader", "21090545-7ca7-4776-b22c-e363652d74d2", "security#key-vault-reader"),
    acrPull: role("AcrPull", "7f951dda-4ed3-4680-a7ca-43fe172d538d", "containers#acrpull"),
    acrPush: role("AcrPush", "8311e382-0749-4cb8-b61a-304f252e45ec", "containers#acrpush"),
    monitoringMetricsPublisher: role(
        "Monitoring Metrics Publisher",
        "3913510d-42f4-4e42-8a64-420c390055eb",
        "monitor#monitoring-metrics-publisher",
    ),
    logAnalyticsReader: role(
        "Log Analytics Reader",
        "73c42c96-874c-492b-b04d-ab87d138a893",
        "monitor#log-analytics-reader",
    ),
    // Privileged: "Read and Assign User Assigned Identity" (built-in-roles/identity.md): attaching an identity to a
    // resource one controls is acting as that identity.
    managedIdentityOperator: role(
        "Managed Identity Operator",
        "f1a07417-d97a-45cb-824c-7a7467783830",
        "identity#managed-identity-operator",
        true,
    ),
} as const satisfies Record<string, BuiltInRole>;

export type RoleKey = keyof typeof ROLES;

/**
 * Azure role assignments per subscription: 4,000, fixed; it counts subscription, resource-group and resource scopes
 * (MicrosoftDocs/azure-docs includes/role-based-access-control/limits.md, "Azure role assignments per Azure
 * subscription"). A later azure-subscription-service-limits.md revision says 5,000; the lower figure is used.
 */
export const ROLE_ASSIGNMENTS_PER_SUBSCRIPTION = 4000;

const byName = new Map<string, RoleKey>(
    (Object.keys(ROLES) as RoleKey[]).map((key) => [ROLES[key].name.toLowerCase(), key]),
);
const byId = new Map<string, RoleKey>((Object.keys(ROLES) as RoleKey[]).map((key) => [ROLES[key].id, key]));

/** The names config may use: every non-privileged role in the catalog the deploy identity may assign. */
export const ASSIGNABLE_ROLE_NAMES: readonly string[] = Object.values(ROLES)
    .filter((r: BuiltInRole) => !r.privileged && r.deployerAssignable !== false)
    .map((r) => r.name);

/** The names the project refuses for any principal. */
export const PRIVILEGED_ROLE_NAMES: readonly string[] = Object.values(ROLES)
    .filter((r: BuiltInRole) => r.privileged)
    .map((r) => r.name);

/**
 * Resolves a role by its Azure display name (case-insensitive). Returns an error message instead of a role when the
 * name is unknown or privileged, so that config validation can report it against the key that named it.
 */
export function lookupRole(name: string): { role: BuiltInRole; key: RoleKey } | { error: string } {
    const key = byName.get(name.trim().toLowerCase());
    if (key === undefined) {
        const hint = didYouMean(name, ASSIGNABLE_ROLE_NAMES);
        return {
            error: `unknown role "${name}".${hint} The role catalog has: ${ASSIGNABLE_ROLE_NAMES.join(", ")} (lib/roles.ts)`,
        };
    }
    const found: BuiltInRole = ROLES[key];
    if (found.deployerAssignable === false) {
        return {
            error: `role "${found.name}" is granted by the stamp itself where Microsoft documents it (a user-assigned workspace identity), never from config; the catalog roles config may name: ${ASSIGNABLE_ROLE_NAMES.join(", ")} (lib/roles.ts)`,
        };
    }
    if (found.privileged) {
        return {
            error: `role "${found.name}" is privileged and refused for every principal (never ${PRIVILEGED_ROLE_NAMES.join(", ")})`,
        };
    }
    return { role: found, key };
}

/** The catalog entry for a role definition GUID or full role definition id, if it is one we know. */
export function roleById(idOrResourceId: string): BuiltInRole | undefined {
    const guid = idOrResourceId.split("/").pop()?.toLowerCase() ?? "";
    const key = byId.get(guid);
    return key === undefined ? undefined : ROLES[key];
}

/** True when the role definition GUID or id is one of the privileged roles. */
export function isPrivilegedRoleId(idOrResourceId: string): boolean {
    return roleById(idOrResourceId)?.privileged ?? false;
}

/** The subscription-scoped role definition id ARM expects in a role assignment. */
export function roleDefinitionResourceId(subscriptionId: string, role: BuiltInRole): string {
    return `/subscriptions/${subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${role.id}`;
}
