import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import * as applicationinsights from "@pulumi/azure-native/applicationinsights";
import * as containerregistry from "@pulumi/azure-native/containerregistry";
import * as keyvault from "@pulumi/azure-native/keyvault";
import { KEY_VAULT_RETENTION_PATH, retentionChangeProblem } from "../lib/keyVault";
import * as machinelearningservices from "@pulumi/azure-native/machinelearningservices";
import * as monitor from "@pulumi/azure-native/monitor";
import * as network from "@pulumi/azure-native/network";
import * as operationalinsights from "@pulumi/azure-native/operationalinsights";
import * as resources from "@pulumi/azure-native/resources";
import * as storage from "@pulumi/azure-native/storage";
import * as names from "../lib/names";
import { type IdentitySpec, isUserAssigned } from "../lib/identity";
import { ROLES } from "../lib/roles";
import { grant, GRANTS_OUTPUT, type Granted } from "./access";
import { principalIdOf, resolveIdentity } from "./identity";

/** Arguments of the {@link Workspace} stamp. */
export interface WorkspaceArgs {
    /** Team name (validated by config); part of every resource name. Required. */
    team: string;
    /** Environment name (validated by config); part of every resource name. Required. */
    environment: string;
    /** Azure region of every resource. Required. */
    location: string;
    /** Entra tenant of the key vault (from the provider's client config). Required. */
    tenantId: pulumi.Input<string>;
    /** Tags for every taggable resource; the stamp adds `team`, `environment` and `managed-by`. Default: none. */
    tags?: Record<string, string>;
    /** Deploy into this existing resource group instead of creating `rg-<team>-<environment>`. Default: create one. */
    existingResourceGroup?: string;
    /** Create a container registry linked to the workspace. Default: true. */
    containerRegistry?: boolean;
    /** Container registry SKU. Default: "Basic". */
    containerRegistrySku?: "Basic" | "Standard" | "Premium";
    /** Workspace public network access. Default: "Enabled". */
    publicNetworkAccess?: "Enabled" | "Disabled";
    /** Workspace managed virtual network isolation mode. Default: "AllowInternetOutbound". */
    managedNetworkIsolation?: "Disabled" | "AllowInternetOutbound" | "AllowOnlyApprovedOutbound";
    /** Key vault purge protection (irreversible). Default: false; callers force it on for production. */
    keyVaultPurgeProtection?: boolean;
    /** Key vault soft-delete retention in days (7-90), used when the vault is created; fixed afterwards. Default: 90. */
    keyVaultRetentionDays?: number;
    /** Log Analytics retention in days (30-730). Default: 30. */
    logRetentionDays?: number;
    /** Pulumi `protect` on the storage account, key vault and workspace. Default: true. */
    protect?: boolean;
    /**
     * A production stack: every resource gets the tag `production: "true"`, which the policy pack reads to treat the
     * Hardened baseline rows as mandatory (docs/policy.md). Default: false (no tag).
     */
    production?: boolean;
    /**
     * The hardened profile (docs/hardening.md): every Hardened row of the security baseline. Storage, key vault and
     * registry closed to public networks (trusted Azure services bypass), storage shared keys off with identity-based
     * system datastores, blob soft delete, Application Insights without local auth, a diagnostic setting sending the
     * workspace's logs to the stack's Log Analytics workspace. Needs `containerRegistrySku` Premium when a registry is
     * created. Default: false (the Baseline rows only).
     */
    hardened?: boolean;
    /** Workspace private endpoint (WS-01/WS-02): subnet ARM id and optional private DNS zone ids. Default: none. */
    privateEndpoint?: { subnetId: string; privateDnsZoneIds?: readonly string[] };
    /** Azure name of the compute cluster that builds images (workspace `imageBuildCompute`). Default: none. */
    imageBuildCompute?: string;
    /** Blob and container soft-delete retention in days (ST-13), hardened stacks only. Default: 7. */
    blobDeleteRetentionDays?: number;
    /**
     * Storage infrastructure encryption (`encryption.requireInfrastructureEncryption`). Creation-only: a change shows
     * a replacement of the storage account, which `protect` refuses. Default: false (not set).
     */
    storageInfrastructureEncryption?: boolean;
    /**
     * ARM id of an existing Azure Monitor Private Link Scope (same subscription). Given: Application Insights and the
     * Log Analytics workspace join it, and Application Insights closes public ingestion and query. Default: none.
     */
    monitorPrivateLinkScopeId?: string;
    /**
     * Customer-managed key encryption of the workspace (built-ins ba769a63 and 7f40cee6): a key in the stack's key
     * vault (which must have purge protection), granted to the "Azure Cosmos DB" service principal before the
     * workspace is created and to the workspace identity, and `encryption` on the workspace. Creation-only: turning
     * it on or off for a deployed workspace shows a replacement, which `protect` refuses. Default: none (Microsoft-managed keys).
     */
    customerManagedKey?: {
        /** Object id of the tenant's "Azure Cosmos DB" service principal (app a232010e-820c-4083-83bb-3ace5fc29d0b). */
        cosmosDbPrincipalId: string;
        /** Subscription of the role definition ids. */
        subscriptionId: pulumi.Input<string>;
    };
    /**
     * The workspace's managed identity (lib/identity.ts). Default: `{type: "system"}`. A user-assigned identity becomes
     * `primaryUserAssignedIdentity` and gets the role assignments Microsoft documents for it, before the workspace.
     */
    identity?: IdentitySpec;
    /** Subscription of the built-in role definitions; required with a user-assigned identity. Default: none. */
    subscriptionId?: pulumi.Input<string>;
}

/** Why the workspace's user-assigned identity gets each role (how-to-identity-based-service-authentication.md). */
const WS_UAI_SOURCE =
    "required role assignments of a workspace user-assigned identity (learn.microsoft.com/azure/machine-learning/how-to-identity-based-service-authentication#workspace)";

/**
 * The `profileName` default of the built-in DeployIfNotExists "Configure diagnostic settings for Azure Machine Learning
 * Workspaces to Log Analytics workspace" (Azure/azure-policy Machine Learning/AuditDiagnosticLog_DINE.json,
 * f59276f0): its existence condition looks for a setting of this name, so the stack's own setting satisfies it and the
 * policy deploys no second one.
 */
export const WORKSPACE_DIAGNOSTIC_SETTING_NAME = "MachineLearningServicesDiagnosticsLogsToWorkspace";

/**
 * Storage SAS expiration policy of hardened stacks: at most 7 days, SAS beyond it blocked (Azure/azure-policy
 * Storage/EnforceStorageSasMaxExpiration7Days_Deny.json, 7aa1c9d5: day part <= 7, exactly 7 only as 7.00:00:00,
 * expirationAction Block; format d.hh:mm:ss per the SDK's SasPolicy.sasExpirationPeriod).
 */
export const SAS_POLICY = { sasExpirationPeriod: "7.00:00:00", expirationAction: "Block" } as const;

/**
 * The Azure ML workspace of one team environment and everything it depends on: resource group, storage account,
 * key vault, Log Analytics workspace with a workspace-based Application Insights, optional container registry, and
 * the workspace itself with a system-assigned managed identity. Secure defaults are the Baseline rows of the
 * security baseline (docs/policy.md lists each row and the policy that checks it); each is set explicitly because
 * Azure Policy treats a missing property as non-compliant.
 */
export class Workspace extends pulumi.ComponentResource {
    /** Name of the resource group that holds the stamp. */
    readonly resourceGroupName: pulumi.Output<string>;
    /** ARM id of the resource group (the scope custom roles are assignable at). */
    readonly resourceGroupId: pulumi.Output<string>;
    /** The Azure ML workspace. */
    readonly workspace: machinelearningservices.Workspace;
    /** The workspace's default storage account. */
    readonly storageAccount: storage.StorageAccount;
    /** The workspace key vault (RBAC authorization). */
    readonly keyVault: keyvault.Vault;
    /**
     * The key vault's soft-delete retention in days as deployed; fails (a ResourceError naming both values) when the
     * configured value differs from the one an existing vault was created with.
     */
    readonly keyVaultRetentionDays: pulumi.Output<number>;
    /** The container registry, when enabled. */
    readonly registry?: containerregistry.Registry;
    /** Principal id of the identity that acts for the workspace (the primary user-assigned one, else system-assigned). */
    readonly principalId: pulumi.Output<string>;
    /** ARM id of the workspace's primary user-assigned identity, when it has one. */
    readonly userAssignedIdentityId?: pulumi.Output<string>;
    /** Role assignments made for the workspace's user-assigned identity (none for system-assigned). */
    readonly identityGrants: pulumi.Resource[];
    /** Every role assignment the workspace declared, in order, with its access-matrix line (registered as `grants`). */
    readonly grants: readonly Granted[];
    /** The workspace-based Application Insights component. */
    readonly applicationInsights: applicationinsights.Component;
    /** The workspace's diagnostic setting (hardened stacks). */
    readonly diagnosticSetting?: monitor.DiagnosticSetting;
    /** The customer-managed key (when `customerManagedKey` is given). */
    readonly cmkKey?: keyvault.Key;
    /** Memberships of the Azure Monitor Private Link Scope (when `monitorPrivateLinkScopeId` is given). */
    readonly privateLinkScopedResources: monitor.PrivateLinkScopedResource[] = [];

    /**
     * The principal that reads the customer-managed key: the workspace's identity, i.e. its primary user-assigned
     * identity when it has one (issue 12), else the system-assigned one.
     */
    private cmkReaderPrincipalId(): pulumi.Output<string> {
        return this.principalId;
    }

    constructor(name: string, args: WorkspaceArgs, opts?: pulumi.ComponentResourceOptions) {
        super("amlstamp:workspace:Workspace", name, {}, opts);
        const id = { team: args.team, environment: args.environment };
        const location = args.location;
        const tags: Record<string, string> = {
            ...(args.tags ?? {}),
            team: args.team,
            environment: args.environment,
            "managed-by": "pulumi/aml-stamp",
            ...((args.production ?? false) ? { production: "true" } : {}),
        };
        const protect = args.protect ?? true;
        const hardened = args.hardened ?? false;
        const registrySku = args.containerRegistrySku ?? "Basic";
        if (hardened && (args.containerRegistry ?? true) && registrySku !== "Premium") {
            // Only Premium registries support network rules and disabling public access (CR-03; docs/hardening.md).
            throw new pulumi.ResourceError(
                `hardened stacks need containerRegistrySku Premium; found ${registrySku}`,
                this,
            );
        }
        // Trusted Azure services (Azure ML among them) pass the closed firewalls of storage and key vault; compute in
        // the managed network reaches them through the private endpoints Azure ML creates (docs/hardening.md).
        const closedStorage = hardened
            ? {
                  publicNetworkAccess: storage.PublicNetworkAccess.Disabled, // ST-05
                  networkRuleSet: { defaultAction: storage.DefaultAction.Deny, bypass: storage.Bypass.AzureServices }, // ST-06
                  // Built-ins bc1b984e and 7aa1c9d5: a SAS expiration policy of at most 7 days, longer SAS blocked.
                  sasPolicy: { ...SAS_POLICY },
              }
            : {};

        // Globally unique names (storage, key vault, registry) and the workspace name carry a random suffix that is
        // created once and then kept in state: previews stay stable, and a soft-deleted namesake never blocks us.
        const suffix = new random.RandomString(
            `${name}-suffix`,
            { length: names.SUFFIX_LENGTH, upper: false, special: false, numeric: true, lower: true },
            { parent: this },
        ).result;
        const stampId = suffix.apply((s) => ({ ...id, suffix: s }));

        if (args.existingResourceGroup !== undefined && args.existingResourceGroup !== "") {
            const existing = resources.getResourceGroupOutput(
                { resourceGroupName: args.existingResourceGroup },
                { parent: this },
            );
            this.resourceGroupName = existing.name;
            this.resourceGroupId = existing.id;
        } else {
            const rg = new resources.ResourceGroup(
                `${name}-rg`,
                { resourceGroupName: names.resourceGroupName(id), location, tags },
                { parent: this },
            );
            this.resourceGroupName = rg.name;
            this.resourceGroupId = rg.id;
        }
        const resourceGroupName = this.resourceGroupName;

        this.storageAccount = new storage.StorageAccount(
            `${name}-st`,
            {
                resourceGroupName,
                accountName: stampId.apply(names.storageAccountName),
                location,
                kind: storage.Kind.StorageV2,
                sku: { name: storage.SkuName.Standard_LRS },
                enableHttpsTrafficOnly: true, // ST-03
                minimumTlsVersion: storage.MinimumTlsVersion.TLS1_2, // ST-02: exactly TLS1_2
                allowBlobPublicAccess: false, // ST-01
                allowCrossTenantReplication: false, // ST-09
                isLocalUserEnabled: false, // ST-14
                // Shared-key access stays on outside the hardened profile: creating a compute instance needs it
                // (MicrosoftDocs/azure-ai-docs articles/machine-learning/how-to-create-compute-instance.md,
                // Prerequisites: "Allow storage account key access" must be enabled). Hardened: off (ST-04), with
                // identity-based system datastores (WS-08), and config refuses compute instances.
                allowSharedKeyAccess: !hardened,
                defaultToOAuthAuthentication: true,
                ...closedStorage,
                // Built-in 4733ea7b. Creation-only: "To doubly encrypt your data, you must first create a storage
                // account that is configured for infrastructure encryption" (MicrosoftDocs/azure-docs
                // articles/storage/common/infrastructure-encryption-enable.md). Only set when chosen, so existing
                // stacks see no change.
                ...(args.storageInfrastructureEncryption === true
                    ? {
                          encryption: {
                              keySource: storage.KeySource.Microsoft_Storage,
                              requireInfrastructureEncryption: true,
                              services: {
                                  blob: { enabled: true, keyType: storage.KeyType.Account },
                                  file: { enabled: true, keyType: storage.KeyType.Account },
                              },
                          },
                      }
                    : {}),
                tags,
            },
            // Creation-only, like the compute instance's settings (components/computeInstance.ts): a change is a
            // replacement in the preview, which protect refuses, rather than an Azure error during `pulumi up`.
            { parent: this, protect, replaceOnChanges: ["encryption.requireInfrastructureEncryption"] },
        );

        const retentionDays = args.keyVaultRetentionDays ?? 90;
        this.keyVault = new keyvault.Vault(
            `${name}-kv`,
            {
                resourceGroupName,
                vaultName: stampId.apply(names.keyVaultName),
                location,
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
                    ...(hardened
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
                tags,
            },
            // Retention is fixed at creation (lib/keyVault.ts): never sent as an update. With old state the engine
            // resets an ignored input to its old value before Check, Diff and Update (pulumi/pulumi
            // pkg/resource/deploy/step_generator.go, processIgnoreChanges), so a changed value is never sent.
            { parent: this, protect, ignoreChanges: [KEY_VAULT_RETENTION_PATH] },
        );
        // ...and a changed value is refused rather than silently ignored. The deployed value is the vault's own
        // output: for an existing vault the engine answers the registration with the outputs in state (SameStep:
        // "Retain the ID and outputs", pkg/resource/deploy/step.go) or, previewing an update, with the inputs after
        // ignoreChanges (azure-native Update preview: "inputs + a limited list of outputs"), both the value the vault
        // was created with, since Azure never changes it. A vault being created has unknown outputs in preview and
        // Azure's response (the configured value) in `up`, so the check passes. No invoke is needed: a keyvault
        // getVault would fail with NotFound on a stack's first `up`, and a stack cannot read its own outputs.
        this.keyVaultRetentionDays = pulumi
            .all([this.keyVault.name, this.keyVault.properties])
            .apply(([vaultName, properties]) => {
                const deployed = properties?.softDeleteRetentionInDays;
                const problem = retentionChangeProblem(vaultName, retentionDays, deployed);
                if (problem !== undefined) throw new pulumi.ResourceError(problem, this.keyVault);
                return deployed ?? retentionDays;
            });

        const logs = new operationalinsights.Workspace(
            `${name}-log`,
            {
                resourceGroupName,
                workspaceName: names.logAnalyticsName(id),
                location,
                sku: { name: operationalinsights.WorkspaceSkuNameEnum.PerGB2018 },
                retentionInDays: args.logRetentionDays ?? 30,
                tags,
            },
            { parent: this },
        );

        const scopeId = args.monitorPrivateLinkScopeId ?? "";
        const joinScope = scopeId !== "";
        const insights = new applicationinsights.Component(
            `${name}-appi`,
            {
                resourceGroupName,
                resourceName: names.appInsightsName(id),
                location,
                kind: "web",
                applicationType: applicationinsights.ApplicationType.Web,
                // AI-01: workspace-based. Without it Azure links a managed workspace and every preview drifts.
                workspaceResourceId: logs.id,
                ingestionMode: applicationinsights.IngestionMode.LogAnalytics,
                // AI-02: Entra-authenticated ingestion only.
                ...(hardened ? { disableLocalAuth: true } : {}),
                // Built-in 1bc02227 (and its Modify twin dddfa1af): ingestion and query only through the platform's
                // Azure Monitor Private Link Scope. Not set without one: nothing could reach the component.
                ...(joinScope
                    ? {
                          publicNetworkAccessForIngestion: applicationinsights.PublicNetworkAccessType.Disabled,
                          publicNetworkAccessForQuery: applicationinsights.PublicNetworkAccessType.Disabled,
                      }
                    : {}),
                tags,
            },
            { parent: this },
        );

        this.applicationInsights = insights;
        if (joinScope) {
            // Application Insights and Log Analytics join the platform's Azure Monitor Private Link Scope (one per
            // network's DNS, so the platform owns it and its private endpoint). Same subscription as the stack.
            const scopeParts =
                /\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Insights\/privateLinkScopes\/([^/]+)$/i.exec(scopeId);
            if (scopeParts === null) {
                throw new pulumi.ResourceError(
                    `monitorPrivateLinkScopeId is not a private link scope id: ${scopeId}`,
                    this,
                );
            }
            const [, scopeGroup, scopeName] = scopeParts as unknown as [string, string, string];
            for (const [role, linked] of [
                ["appi", insights.id],
                ["log", logs.id],
            ] as const) {
                this.privateLinkScopedResources.push(
                    new monitor.PrivateLinkScopedResource(
                        `${name}-${role}-ampls`,
                        {
                            resourceGroupName: scopeGroup,
                            scopeName,
                            name: `${role}-${args.team}-${args.environment}`,
                            linkedResourceId: linked,
                        },
                        { parent: this },
                    ),
                );
            }
        }

        if (args.containerRegistry ?? true) {
            this.registry = new containerregistry.Registry(
                `${name}-cr`,
                {
                    resourceGroupName,
                    registryName: stampId.apply(names.containerRegistryName),
                    location,
                    sku: { name: registrySku },
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
                    tags,
                },
                { parent: this },
            );
        }

        // Customer-managed key: an RSA key for wrap/unwrap in the stack's vault. The "Azure Cosmos DB" first-party
        // principal gets it before the workspace exists (Microsoft's quickstart machine-learning-workspace-cmk grants
        // it get/wrapKey/unwrapKey; on an RBAC vault that is Key Vault Crypto Service Encryption User, lib/roles.ts).
        const cmk = args.customerManagedKey;
        if (cmk !== undefined && args.keyVaultPurgeProtection !== true) {
            // "The key vault instance must enable soft delete and purge protection" (MicrosoftDocs/azure-docs
            // articles/machine-learning/concept-customer-managed-keys.md, Prerequisites).
            throw new pulumi.ResourceError("a customer-managed key needs key vault purge protection", this);
        }
        const grants: Granted[] = [];
        let cmkCosmosGrant: pulumi.Resource | undefined;
        if (cmk !== undefined) {
            this.cmkKey = new keyvault.Key(
                `${name}-cmk`,
                {
                    resourceGroupName,
                    vaultName: this.keyVault.name,
                    keyName: "aml-stamp-cmk",
                    properties: {
                        kty: keyvault.JsonWebKeyType.RSA,
                        keySize: 3072,
                        keyOps: [keyvault.JsonWebKeyOperation.WrapKey, keyvault.JsonWebKeyOperation.UnwrapKey],
                    },
                    tags,
                },
                { parent: this, protect },
            );
            const cosmos = grant(
                `${name}-cmk-cosmosdb`,
                {
                    principal: { id: cmk.cosmosDbPrincipalId, kind: "ServicePrincipal", label: "Azure Cosmos DB" },
                    role: { builtIn: ROLES.keyVaultCryptoServiceEncryptionUser },
                    scope: this.cmkKey.id,
                    scopeLabel: "workspace encryption key",
                    reason: "wraps the workspace metadata's Cosmos DB encryption key (customer-managed key; MicrosoftDocs concept-customer-managed-keys.md)",
                    subscriptionId: cmk.subscriptionId,
                },
                { parent: this },
            );
            grants.push(cosmos);
            cmkCosmosGrant = cosmos.assignment;
        }

        // Issue 12: the workspace identity. A user-assigned one is added next to the system-assigned identity
        // ("SystemAssigned,UserAssigned"): Azure allows SAI -> SAI+UAI on an existing workspace but not back
        // (how-to-identity-based-service-authentication.md, "Workspace identity types"), so existing stacks switch in
        // place; `primaryUserAssignedIdentity` makes the user-assigned one the identity the workspace uses.
        const identitySpec = args.identity ?? { type: "system" };
        const resolved = resolveIdentity(
            `${name}-mlw`,
            identitySpec,
            {
                resourceGroupName,
                location,
                identityName: names.userAssignedIdentityName(id, "workspace"),
                tags,
            },
            this,
            {
                system: machinelearningservices.ManagedServiceIdentityType.SystemAssigned,
                user: machinelearningservices.ManagedServiceIdentityType.SystemAssigned_UserAssigned,
            },
        );
        this.userAssignedIdentityId = resolved.userAssignedIdentityId;
        const identityGrants: pulumi.Resource[] = [];
        const uaiPrincipal = resolved.userPrincipalId;
        if (isUserAssigned(identitySpec) && uaiPrincipal !== undefined) {
            if (args.subscriptionId === undefined) {
                throw new pulumi.ResourceError("a user-assigned workspace identity needs subscriptionId", this);
            }
            const subscriptionId = args.subscriptionId;
            const principal = {
                id: uaiPrincipal,
                kind: "ManagedIdentity" as const,
                label: "workspace user-assigned identity",
            };
            const before: [string, (typeof ROLES)[keyof typeof ROLES], pulumi.Input<string>, string, string][] = [
                [
                    "st-contributor",
                    ROLES.contributor,
                    this.storageAccount.id,
                    "workspace default storage",
                    "control plane",
                ],
                [
                    "st-blob-contributor",
                    ROLES.storageBlobDataContributor,
                    this.storageAccount.id,
                    "workspace default storage",
                    "data plane (data preview in the studio; identity-based system datastores)",
                ],
                ["kv-contributor", ROLES.contributor, this.keyVault.id, "key vault", "control plane"],
                [
                    "kv-administrator",
                    ROLES.keyVaultAdministrator,
                    this.keyVault.id,
                    "key vault",
                    "data plane, RBAC permission model",
                ],
                ["appi-contributor", ROLES.contributor, insights.id, "application insights", "control plane"],
                ...(this.registry !== undefined
                    ? ([
                          [
                              "cr-contributor",
                              ROLES.contributor,
                              this.registry.id,
                              "container registry",
                              "control plane",
                          ],
                      ] as [string, (typeof ROLES)[keyof typeof ROLES], pulumi.Input<string>, string, string][])
                    : []),
            ];
            for (const [suffix, role, scope, scopeLabel, why] of before) {
                const granted = grant(
                    `${name}-mlw-id-${suffix}`,
                    {
                        principal,
                        role: { builtIn: role },
                        scope,
                        scopeLabel,
                        reason: `${role.name} (${why}): ${WS_UAI_SOURCE}`,
                        subscriptionId,
                        ...(role.privileged ? { exception: "WS-UAI-CONTRIBUTOR" as const } : {}),
                    },
                    { parent: this },
                );
                grants.push(granted);
                identityGrants.push(granted.assignment);
            }
        }

        this.workspace = new machinelearningservices.Workspace(
            `${name}-mlw`,
            {
                resourceGroupName,
                workspaceName: stampId.apply(names.mlWorkspaceName),
                location,
                friendlyName: `${args.team} ${args.environment}`,
                description: `Azure ML workspace of team ${args.team} (${args.environment}), stamped by aml-stamp.`,
                sku: { name: "Basic", tier: "Basic" },
                identity: resolved.identity,
                ...(resolved.userAssignedIdentityId !== undefined
                    ? { primaryUserAssignedIdentity: resolved.userAssignedIdentityId }
                    : {}),
                storageAccount: this.storageAccount.id,
                keyVault: this.keyVault.id,
                applicationInsights: insights.id,
                containerRegistry: this.registry?.id,
                publicNetworkAccess: args.publicNetworkAccess ?? "Enabled",
                managedNetwork: { isolationMode: args.managedNetworkIsolation ?? "AllowInternetOutbound" },
                ...(hardened ? { systemDatastoresAuthMode: "identity" } : {}), // WS-08, with ST-04
                ...(this.cmkKey !== undefined
                    ? {
                          // WS-03 / built-ins ba769a63, 7f40cee6: encryption.status Enabled with the key's versioned URI.
                          encryption: {
                              status: machinelearningservices.EncryptionStatus.Enabled,
                              keyVaultProperties: {
                                  keyVaultArmId: this.keyVault.id,
                                  keyIdentifier: this.cmkKey.keyUriWithVersion,
                              },
                          },
                      }
                    : {}),
                ...(args.imageBuildCompute !== undefined && args.imageBuildCompute !== ""
                    ? { imageBuildCompute: args.imageBuildCompute } // CR-03: the registry cannot build without public access
                    : {}),
                tags,
            },
            {
                parent: this,
                protect,
                // Creation-only (the key is "provided when you create your workspace", concept-customer-managed-keys.md):
                // a change is a replacement in the preview, which protect refuses.
                replaceOnChanges: ["encryption.status"],
                // The user-assigned identity's role assignments (and the Cosmos DB key grant) exist before the
                // workspace that needs them.
                dependsOn: [...identityGrants, ...(cmkCosmosGrant !== undefined ? [cmkCosmosGrant] : [])],
            },
        );
        // Azure always returns the system-assigned principal; during a preview of a new stack it is unknown ("").
        this.principalId = principalIdOf(resolved, this.workspace.identity);
        if (isUserAssigned(identitySpec) && uaiPrincipal !== undefined && args.subscriptionId !== undefined) {
            // The workspace-scope row of the same table: it can only be assigned once the workspace exists.
            const granted = grant(
                `${name}-mlw-id-mlw-contributor`,
                {
                    principal: {
                        id: uaiPrincipal,
                        kind: "ManagedIdentity",
                        label: "workspace user-assigned identity",
                    },
                    role: { builtIn: ROLES.contributor },
                    scope: this.workspace.id,
                    scopeLabel: "workspace",
                    reason: `Contributor on the workspace itself: ${WS_UAI_SOURCE}`,
                    subscriptionId: args.subscriptionId,
                    exception: "WS-UAI-CONTRIBUTOR",
                },
                { parent: this },
            );
            grants.push(granted);
            identityGrants.push(granted.assignment);
        }
        this.identityGrants = identityGrants;
        if (this.cmkKey !== undefined && cmk !== undefined) {
            // The identity that reads the key: the workspace's (seam: cmkReaderPrincipalId, issue 12 may swap in a
            // user-assigned identity that exists before the workspace).
            const cmkReader = grant(
                `${name}-cmk-workspace`,
                {
                    principal: {
                        id: this.cmkReaderPrincipalId(),
                        kind: "ManagedIdentity",
                        label: "workspace identity",
                    },
                    role: { builtIn: ROLES.keyVaultCryptoServiceEncryptionUser },
                    scope: this.cmkKey.id,
                    scopeLabel: "workspace encryption key",
                    reason: "the workspace reads its customer-managed key (wrap/unwrap)",
                    subscriptionId: cmk.subscriptionId,
                },
                { parent: this },
            );
            grants.push(cmkReader);
        }
        this.grants = grants;
        if (hardened) {
            // ST-13: blob and container soft delete. The service's name is always "default".
            const retention = args.blobDeleteRetentionDays ?? 7;
            new storage.BlobServiceProperties(
                `${name}-blob`,
                {
                    resourceGroupName,
                    accountName: this.storageAccount.name,
                    blobServicesName: "default",
                    deleteRetentionPolicy: { enabled: true, days: retention },
                    containerDeleteRetentionPolicy: { enabled: true, days: retention },
                },
                { parent: this },
            );
            // WS-06: every log category (category group allLogs) and the metrics to the stack's Log Analytics
            // workspace, named as the built-in DINE f59276f0 looks for it (logs.enabled, metrics.enabled, workspaceId;
            // its template deploys metrics category AllMetrics). The Azure name is part of the setting's id: the
            // earlier name "aml-stamp-logs" is replaced, deleted first: Azure refuses a second setting with the same
            // destination ("Conflict: Data sink '<workspace>' is already used in diagnostic setting ...",
            // Azure/bicep-registry-modules#3407).
            this.diagnosticSetting = new monitor.DiagnosticSetting(
                `${name}-mlw-diag`,
                {
                    name: WORKSPACE_DIAGNOSTIC_SETTING_NAME,
                    resourceUri: this.workspace.id,
                    workspaceId: logs.id,
                    logs: [{ categoryGroup: "allLogs", enabled: true }],
                    metrics: [{ category: "AllMetrics", enabled: true }],
                },
                { parent: this, deleteBeforeReplace: true },
            );
        }
        if (args.privateEndpoint !== undefined && args.privateEndpoint.subnetId !== "") {
            // WS-01/WS-02: the workspace's private endpoint in the customer's subnet, sub-resource amlworkspace.
            const pe = new network.PrivateEndpoint(
                `${name}-mlw-pe`,
                {
                    resourceGroupName,
                    // Private endpoint names: 2-64 word characters, periods and hyphens; team (<=16) and environment (<=8) fit.
                    privateEndpointName: `pe-mlw-${args.team}-${args.environment}`,
                    location,
                    subnet: { id: args.privateEndpoint.subnetId },
                    privateLinkServiceConnections: [
                        { name: "amlworkspace", privateLinkServiceId: this.workspace.id, groupIds: ["amlworkspace"] },
                    ],
                    tags,
                },
                { parent: this },
            );
            const zones = args.privateEndpoint.privateDnsZoneIds ?? [];
            if (zones.length > 0) {
                new network.PrivateDnsZoneGroup(
                    `${name}-mlw-pe-dns`,
                    {
                        resourceGroupName,
                        privateEndpointName: pe.name,
                        privateDnsZoneGroupName: "default",
                        privateDnsZoneConfigs: zones.map((zoneId) => ({
                            name: (zoneId.split("/").pop() ?? zoneId).replace(/\./g, "-"),
                            privateDnsZoneId: zoneId,
                        })),
                    },
                    { parent: this },
                );
            }
        }
        this.registerOutputs({
            // Registered so that the engine awaits the retention check (a refusal fails the preview or update).
            keyVaultRetentionDays: this.keyVaultRetentionDays,
            resourceGroupName: this.resourceGroupName,
            workspaceName: this.workspace.name,
            workspaceId: this.workspace.id,
            principalId: this.principalId,
            [GRANTS_OUTPUT]: grants.map((g) => g.record),
        });
    }
}
