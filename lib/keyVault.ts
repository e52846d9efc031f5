/**
 * Key vault facts the stamp relies on. Pure: no resources.
 *
 * Soft-delete retention is fixed when the vault is created: "during key vault creation, it is possible to set the
 * retention policy interval to a value from 7 to 90 days ... Once set, the retention policy interval cannot be
 * changed" (MicrosoftDocs/azure-docs articles/key-vault/general/soft-delete-overview.md, "Soft-delete behavior").
 */

/** The Vault input path of the soft-delete retention (azure-native keyvault.Vault `properties`). */
export const KEY_VAULT_RETENTION_PATH = "properties.softDeleteRetentionInDays";

/**
 * The refusal for a configured retention that differs from the one the deployed vault was created with, or
 * undefined when there is nothing to refuse (same value, or Azure reported none).
 */
export function retentionChangeProblem(
    vaultName: string,
    configuredDays: number,
    deployedDays: number | undefined,
): string | undefined {
    if (deployedDays === undefined || deployedDays === configuredDays) return undefined;
    return (
        `keyVaultRetentionDays = ${configuredDays}: key vault ${vaultName} was created with ${deployedDays} days of ` +
        `soft-delete retention, and Azure's retention cannot be changed after creation ("Once set, the retention ` +
        `policy interval cannot be changed", key-vault soft-delete-overview.md). Nothing was sent to Azure: set ` +
        `keyVaultRetentionDays back to ${deployedDays} (a different retention needs a new vault, i.e. a new stack).`
    );
}

/**
 * Application (client) id of the first-party "Azure Cosmos DB" service principal, the same in every tenant of the
 * Azure public cloud (Azure Government: 57506a73-e302-42a9-b869-6f12d9ec29e9): "search by application ID:
 * a232010e-820c-4083-83bb-3ace5fc29d0b for any Azure region except Azure Government regions" (MicrosoftDocs
 * azure-databases-docs articles/cosmos-db/how-to-setup-customer-managed-keys.md; the Azure ML customer-managed-key
 * steps list the same id). A customer-managed key of a workspace is granted to it: the stack looks its object id up
 * (azuread getServicePrincipal by client id, components/workspace/cmk.ts), a team never types it.
 */
export const COSMOS_DB_APP_ID = "a232010e-820c-4083-83bb-3ace5fc29d0b";
