import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import * as applicationinsights from "@pulumi/azure-native/applicationinsights";
import * as containerregistry from "@pulumi/azure-native/containerregistry";
import * as keyvault from "@pulumi/azure-native/keyvault";
import * as machinelearningservices from "@pulumi/azure-native/machinelearningservices";
import * as monitor from "@pulumi/azure-native/monitor";
import * as network from "@pulumi/azure-native/network";
import * as operationalinsights from "@pulumi/azure-native/operationalinsights";
import * as resources from "@pulumi/azure-native/resources";
import * as storage from "@pulumi/azure-native/storage";
import * as names from "../lib/names";
import { type IdentitySpec, isUserAssigned } from "../lib/identity";
import { ROLES } from "../lib/roles";
import { grant } from "./access";
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
    /** Key vault soft-delete retention in days (7-90). Default: 90. */
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
    /** The container registry, when enabled. */
    readonly registry?: containerregistry.Registry;
    /** Principal id of the identity that acts for the workspace (the primary user-assigned one, else system-assigned). */
    readonly principalId: pulumi.Output<string>;
    /** ARM id of the workspace's primary user-assigned identity, when it has one. */
    readonly userAssignedIdentityId?: pulumi.Output<string>;
    /** Role assignments made for the workspace's user-assigned identity (none for system-assigned). */
    readonly identityGrants: pulumi.Resource[];

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
                tags,
            },
            { parent: this, protect },
        );

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
                    softDeleteRetentionInDays: args.keyVaultRetentionDays ?? 90,
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
            { parent: this, protect },
        );

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
                tags,
            },
            { parent: this },
        );

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
                        ? { networkRuleBypassOptions: containerregistry.NetworkRuleBypassOptions.AzureServices }
                        : {}),
                    tags,
                },
                { parent: this },
            );
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
                identityGrants.push(
                    grant(
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
                    ),
                );
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
                ...(args.imageBuildCompute !== undefined && args.imageBuildCompute !== ""
                    ? { imageBuildCompute: args.imageBuildCompute } // CR-03: the registry cannot build without public access
                    : {}),
                tags,
            },
            // The user-assigned identity's role assignments exist before the workspace that needs them.
            { parent: this, protect, dependsOn: identityGrants },
        );
        if (isUserAssigned(identitySpec) && uaiPrincipal !== undefined && args.subscriptionId !== undefined) {
            // The workspace-scope row of the same table: it can only be assigned once the workspace exists.
            identityGrants.push(
                grant(
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
                ),
            );
        }
        this.identityGrants = identityGrants;
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
            // WS-06: every log category (category group allLogs) to the stack's Log Analytics workspace.
            new monitor.DiagnosticSetting(
                `${name}-mlw-diag`,
                {
                    name: "aml-stamp-logs",
                    resourceUri: this.workspace.id,
                    workspaceId: logs.id,
                    logs: [{ categoryGroup: "allLogs", enabled: true }],
                },
                { parent: this },
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
        // Azure always returns the system-assigned principal; during a preview of a new stack it is unknown ("").
        this.principalId = principalIdOf(resolved, this.workspace.identity);

        this.registerOutputs({
            resourceGroupName: this.resourceGroupName,
            workspaceName: this.workspace.name,
            workspaceId: this.workspace.id,
            principalId: this.principalId,
        });
    }
}
