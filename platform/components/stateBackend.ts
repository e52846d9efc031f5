import * as pulumi from "@pulumi/pulumi";
import * as storage from "@pulumi/azure-native/storage";
import * as keyvault from "@pulumi/azure-native/keyvault";
import { azblobUrl, azureKeyVaultSecretsProvider } from "../../lib/platform";
import { STATE_BACKEND_DEFAULTS } from "../../lib/defaults";

/** Arguments of {@link StateBackend}. Each default is STATE_BACKEND_DEFAULTS (lib/defaults.ts). */
export interface StateBackendArgs {
    /** Resource group of the backend (the platform's). Required. */
    resourceGroupName: pulumi.Input<string>;
    /** Azure region. Required. */
    location: string;
    /** Entra tenant of the key vault. Required. */
    tenantId: pulumi.Input<string>;
    /** Storage account name (3-24 lowercase letters and digits, globally unique; validated by platform config). Required. */
    storageAccountName: string;
    /** Blob container that holds the state. Required. */
    containerName: string;
    /** Key vault name (3-24 characters, globally unique; validated by platform config). Required. */
    keyVaultName: string;
    /** Name of the key used as the Pulumi secrets provider. Required. */
    keyName: string;
    /** Blob and container soft-delete retention in days (1-365). Required. */
    softDeleteDays: number;
    /** Tags on every resource. Default: none. */
    tags?: Readonly<Record<string, string>>;
    /** Pulumi `protect` on the account, container, vault and key. Default: true. */
    protect?: boolean;
}

/**
 * The Azure Blob state backend of every stack and its secrets provider key: a storage account with shared keys, public
 * access and cross-tenant replication off (Entra ID only), blob versioning and soft delete on; a private container;
 * a key vault (RBAC authorization, purge protection) with an RSA key that `pulumi stack init --secrets-provider`
 * names. The data-plane role assignments are the CI identities' (platform/components/ciIdentity.ts), at the container and key.
 */
export class StateBackend extends pulumi.ComponentResource {
    readonly account: storage.StorageAccount;
    readonly container: storage.BlobContainer;
    readonly vault: keyvault.Vault;
    readonly key: keyvault.Key;
    /** `azblob://<container>?storage_account=<account>`: `pulumi login` and PULUMI_BACKEND_URL. */
    readonly backendUrl: string;
    /** `azurekeyvault://<vault>.vault.azure.net/keys/<key>`: `--secrets-provider`. */
    readonly secretsProviderUrl: string;
    /** ARM id of the container: the scope of the state data roles. */
    readonly containerId: pulumi.Output<string>;
    /** ARM id of the key: the scope of the crypto roles. */
    readonly keyId: pulumi.Output<string>;

    constructor(name: string, args: StateBackendArgs, opts?: pulumi.ComponentResourceOptions) {
        super("amlstamp:platform:StateBackend", name, {}, opts);
        const protect = args.protect ?? STATE_BACKEND_DEFAULTS.protect;
        const tags = { ...(args.tags ?? {}) };
        this.account = new storage.StorageAccount(
            `${name}-st`,
            {
                resourceGroupName: args.resourceGroupName,
                accountName: args.storageAccountName,
                location: args.location,
                kind: storage.Kind.StorageV2,
                // Zone-redundant: the state of every team stack lives here.
                sku: { name: storage.SkuName.Standard_ZRS },
                enableHttpsTrafficOnly: true,
                minimumTlsVersion: storage.MinimumTlsVersion.TLS1_2,
                allowBlobPublicAccess: false,
                allowSharedKeyAccess: false, // Entra ID only: no account key can read the state
                defaultToOAuthAuthentication: true,
                allowCrossTenantReplication: false,
                isLocalUserEnabled: false,
                tags,
            },
            { parent: this, protect },
        );
        new storage.BlobServiceProperties(
            `${name}-blob`,
            {
                resourceGroupName: args.resourceGroupName,
                accountName: this.account.name,
                blobServicesName: "default",
                isVersioningEnabled: true,
                deleteRetentionPolicy: { enabled: true, days: args.softDeleteDays },
                containerDeleteRetentionPolicy: { enabled: true, days: args.softDeleteDays },
            },
            { parent: this },
        );
        this.container = new storage.BlobContainer(
            `${name}-container`,
            {
                resourceGroupName: args.resourceGroupName,
                accountName: this.account.name,
                containerName: args.containerName,
                publicAccess: storage.PublicAccess.None,
            },
            { parent: this, protect },
        );
        this.vault = new keyvault.Vault(
            `${name}-kv`,
            {
                resourceGroupName: args.resourceGroupName,
                vaultName: args.keyVaultName,
                location: args.location,
                properties: {
                    tenantId: args.tenantId,
                    sku: { family: keyvault.SkuFamily.A, name: keyvault.SkuName.Standard },
                    enableRbacAuthorization: true,
                    enableSoftDelete: true,
                    softDeleteRetentionInDays: 90,
                    enablePurgeProtection: true, // losing this key loses every stack's secrets
                    enabledForDeployment: false,
                    enabledForDiskEncryption: false,
                    enabledForTemplateDeployment: false,
                },
                tags,
            },
            { parent: this, protect },
        );
        this.key = new keyvault.Key(
            `${name}-key`,
            {
                resourceGroupName: args.resourceGroupName,
                vaultName: this.vault.name,
                keyName: args.keyName,
                properties: {
                    kty: keyvault.JsonWebKeyType.RSA,
                    keySize: 4096,
                    // Pulumi's azurekeyvault secrets manager (gocloud.dev/secrets/azurekeyvault) encrypts and decrypts
                    // the stack's data key with this key; wrap/unwrap are allowed too so that either call works.
                    keyOps: ["encrypt", "decrypt", "wrapKey", "unwrapKey"],
                },
                tags,
            },
            { parent: this, protect },
        );
        this.backendUrl = azblobUrl(args.containerName, args.storageAccountName);
        this.secretsProviderUrl = azureKeyVaultSecretsProvider(args.keyVaultName, args.keyName);
        this.containerId = this.container.id;
        this.keyId = this.key.id;
        this.registerOutputs({ backendUrl: this.backendUrl, secretsProviderUrl: this.secretsProviderUrl });
    }
}
