import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import type * as applicationinsights from "@pulumi/azure-native/applicationinsights";
import type * as containerregistry from "@pulumi/azure-native/containerregistry";
import type * as keyvault from "@pulumi/azure-native/keyvault";
import type * as machinelearningservices from "@pulumi/azure-native/machinelearningservices";
import type * as monitor from "@pulumi/azure-native/monitor";
import * as resources from "@pulumi/azure-native/resources";
import type * as storage from "@pulumi/azure-native/storage";
import * as names from "../lib/names";
import { type IdentitySpec, isUserAssigned, SYSTEM_IDENTITY } from "../lib/identity";
import { stampTags } from "../lib/tags";
import { GRANTS_OUTPUT, type Granted } from "./access";
import { principalIdOf } from "./identity";
import { buildCmkKey, grantCmkReader } from "./workspace/cmk";
import type { WorkspaceContext } from "./workspace/context";
import { buildWorkspaceIdentity, grantUaiBeforeWorkspace, grantUaiOnWorkspace } from "./workspace/identity";
import { buildKeyVault } from "./workspace/keyVault";
import { buildMlWorkspace } from "./workspace/mlWorkspace";
import {
    buildDataDiagnosticSettings,
    buildDiagnosticSetting,
    buildMonitoring,
    diagnosticsDestination,
} from "./workspace/monitoring";
import { buildPrivateEndpoint } from "./workspace/privateEndpoint";
import { buildRegistry } from "./workspace/registry";
import { buildBlobSoftDelete, buildStorageAccount, buildStoragePrivateEndpoints } from "./workspace/storage";
import { WORKSPACE_DEFAULTS } from "../lib/defaults";
import type { FirewallSku, OutboundRule } from "../lib/outbound";

export { WORKSPACE_DIAGNOSTIC_SETTING_NAME } from "./workspace/monitoring";
export { SAS_POLICY } from "./workspace/storage";

/** Arguments of the {@link Workspace} stamp. Each default is WORKSPACE_DEFAULTS (lib/defaults.ts). */
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
     * The platform's central monitoring (production stacks: platform/guardrails.yaml monitoring). Given: the
     * diagnostic settings of the workspace, its default storage (blob service), key vault and registry send to
     * `logAnalyticsWorkspaceId` (the workspace Microsoft's DeployIfNotExists definitions are assigned with), and
     * Application Insights and Log Analytics join the Azure Monitor Private Link Scope `privateLinkScopeId` (same
     * subscription) with public ingestion and query Disabled. Default: none (diagnostics to the stack's own Log
     * Analytics workspace on hardened stacks; no scope).
     */
    centralMonitoring?: { logAnalyticsWorkspaceId: string; privateLinkScopeId: string };
    /**
     * Customer-managed key encryption of the workspace (built-ins ba769a63 and 7f40cee6): a key in the stack's key
     * vault (which must have purge protection), granted to the tenant's "Azure Cosmos DB" service principal (looked
     * up by its app id) before the workspace is created and to the identity that reads the key, and `encryption` on
     * the workspace (with a user-assigned identity, `encryption.identity` names it). Creation-only: turning it on or
     * off for a deployed workspace shows a replacement, which `protect` refuses. Default: none (Microsoft-managed keys).
     */
    customerManagedKey?: {
        /** Subscription of the role definition ids. */
        subscriptionId: pulumi.Input<string>;
    };
    /**
     * The workspace's managed identity (lib/identity.ts). Default: SYSTEM_IDENTITY (`{type: "system"}`). A
     * user-assigned identity becomes
     * `primaryUserAssignedIdentity` and gets the role assignments Microsoft documents for it, before the workspace.
     */
    identity?: IdentitySpec;
    /**
     * Subscription of the built-in role definitions; required with a user-assigned identity and for the storage
     * private endpoints' grants (hardened with a private endpoint). Default: none.
     */
    subscriptionId?: pulumi.Input<string>;
    /**
     * User-defined outbound rules of the managed network (`managedNetwork.outboundRules`, keyed by rule name; FQDN
     * and ServiceTag rules need `AllowOnlyApprovedOutbound`). The component declares them as given: the allow-list
     * is the caller's (config/guardrails.ts). Default: none (only the rules Azure ML adds).
     */
    outboundRules?: readonly OutboundRule[];
    /** Azure Firewall SKU of the managed network (`managedNetwork.firewallSku`), for FQDN rules. Default: not set (Azure: Standard). */
    firewallSku?: FirewallSku;
}

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
    /** Diagnostic settings of the default storage's blob service, the key vault and the registry (centralMonitoring). */
    readonly dataDiagnosticSettings: readonly monitor.DiagnosticSetting[];
    /** Memberships of the Azure Monitor Private Link Scope (centralMonitoring). */
    readonly privateLinkScopedResources: readonly monitor.PrivateLinkScopedResource[];

    constructor(name: string, args: WorkspaceArgs, opts?: pulumi.ComponentResourceOptions) {
        super("amlstamp:workspace:Workspace", name, {}, opts);
        // Each resource is made by a private builder (components/workspace/*.ts), called in the order the resources
        // were always declared, each with this component as parent and the same name: the URNs do not change.
        const id = { team: args.team, environment: args.environment };
        const hardened = args.hardened ?? WORKSPACE_DEFAULTS.hardened;
        const registrySku = args.containerRegistrySku ?? WORKSPACE_DEFAULTS.containerRegistrySku;
        const withRegistry = args.containerRegistry ?? WORKSPACE_DEFAULTS.containerRegistry;
        if (hardened && withRegistry && registrySku !== "Premium") {
            // Only Premium registries support network rules and disabling public access (CR-03; docs/hardening.md).
            throw new pulumi.ResourceError(
                `hardened stacks need containerRegistrySku Premium; found ${registrySku}`,
                this,
            );
        }

        // Globally unique names (storage, key vault, registry) and the workspace name carry a random suffix that is
        // created once and then kept in state: previews stay stable, and a soft-deleted namesake never blocks us.
        const suffix = new random.RandomString(
            `${name}-suffix`,
            { length: names.SUFFIX_LENGTH, upper: false, special: false, numeric: true, lower: true },
            { parent: this },
        ).result;
        const tags = stampTags(args);
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
                { resourceGroupName: names.resourceGroupName(id), location: args.location, tags },
                { parent: this },
            );
            this.resourceGroupName = rg.name;
            this.resourceGroupId = rg.id;
        }
        const ctx: WorkspaceContext = {
            name,
            parent: this,
            id,
            location: args.location,
            tags,
            protect: args.protect ?? WORKSPACE_DEFAULTS.protect,
            hardened,
            resourceGroupName: this.resourceGroupName,
            stampId: suffix.apply((s) => ({ ...id, suffix: s })),
        };

        this.storageAccount = buildStorageAccount(ctx, args);
        const vault = buildKeyVault(ctx, args);
        this.keyVault = vault.vault;
        this.keyVaultRetentionDays = vault.retentionDays;
        const monitoring = buildMonitoring(ctx, args);
        this.applicationInsights = monitoring.insights;
        this.privateLinkScopedResources = monitoring.privateLinkScopedResources;
        if (withRegistry) this.registry = buildRegistry(ctx, registrySku);

        const cmk = args.customerManagedKey;
        const grants: Granted[] = [];
        let cmkCosmosGrant: pulumi.Resource | undefined;
        if (cmk !== undefined) {
            const made = buildCmkKey(ctx, cmk, this.keyVault);
            this.cmkKey = made.key;
            grants.push(made.cosmosGrant);
            cmkCosmosGrant = made.cosmosGrant.assignment;
        }

        const identitySpec = args.identity ?? SYSTEM_IDENTITY;
        const resolved = buildWorkspaceIdentity(ctx, identitySpec);
        this.userAssignedIdentityId = resolved.userAssignedIdentityId;
        const identityGrants: pulumi.Resource[] = [];
        const uaiPrincipal = resolved.userPrincipalId;
        const managedNetwork =
            (args.managedNetworkIsolation ?? WORKSPACE_DEFAULTS.managedNetworkIsolation) !== "Disabled";
        if (isUserAssigned(identitySpec) && uaiPrincipal !== undefined) {
            if (args.subscriptionId === undefined) {
                throw new pulumi.ResourceError("a user-assigned workspace identity needs subscriptionId", this);
            }
            for (const granted of grantUaiBeforeWorkspace(ctx, uaiPrincipal, args.subscriptionId, {
                storageAccountId: this.storageAccount.id,
                keyVaultId: this.keyVault.id,
                insightsId: monitoring.insights.id,
                ...(this.registry !== undefined ? { registryId: this.registry.id } : {}),
                ...(managedNetwork ? { managedNetworkResourceGroupId: this.resourceGroupId } : {}),
            })) {
                grants.push(granted);
                identityGrants.push(granted.assignment);
            }
        }
        // With a user-assigned identity, `encryption.identity` names it, so it is the identity that reads the key:
        // granted before the workspace is created (AVM's workspace module does the same).
        let cmkReaderBefore: Granted | undefined;
        if (this.cmkKey !== undefined && cmk !== undefined && uaiPrincipal !== undefined) {
            cmkReaderBefore = grantCmkReader(ctx, cmk, this.cmkKey, uaiPrincipal);
            grants.push(cmkReaderBefore);
        }

        this.workspace = buildMlWorkspace(ctx, args, {
            identity: resolved,
            storageAccountId: this.storageAccount.id,
            keyVaultId: this.keyVault.id,
            insightsId: monitoring.insights.id,
            ...(this.registry !== undefined ? { registryId: this.registry.id } : {}),
            ...(this.cmkKey !== undefined ? { cmkKey: this.cmkKey } : {}),
            dependsOn: [
                ...identityGrants,
                ...(cmkCosmosGrant !== undefined ? [cmkCosmosGrant] : []),
                ...(cmkReaderBefore !== undefined ? [cmkReaderBefore.assignment] : []),
            ],
        });
        // Azure always returns the system-assigned principal; during a preview of a new stack it is unknown ("").
        this.principalId = principalIdOf(resolved, this.workspace.identity);
        if (isUserAssigned(identitySpec) && uaiPrincipal !== undefined && args.subscriptionId !== undefined) {
            const granted = grantUaiOnWorkspace(ctx, uaiPrincipal, args.subscriptionId, this.workspace.id);
            grants.push(granted);
            identityGrants.push(granted.assignment);
        }
        this.identityGrants = identityGrants;
        if (this.cmkKey !== undefined && cmk !== undefined && cmkReaderBefore === undefined) {
            // No encryption.identity: Azure reads the key with the workspace's system-assigned identity.
            grants.push(grantCmkReader(ctx, cmk, this.cmkKey, this.principalId));
        }
        this.grants = grants;
        const destination = diagnosticsDestination(args, monitoring.logs);
        if (hardened) {
            buildBlobSoftDelete(ctx, args, this.storageAccount);
            this.diagnosticSetting = buildDiagnosticSetting(ctx, this.workspace.id, destination);
        }
        this.dataDiagnosticSettings = hardened
            ? buildDataDiagnosticSettings(
                  ctx,
                  {
                      storageAccountId: this.storageAccount.id,
                      keyVaultId: this.keyVault.id,
                      ...(this.registry !== undefined ? { registryId: this.registry.id } : {}),
                  },
                  destination,
              )
            : [];
        if (args.privateEndpoint !== undefined && args.privateEndpoint.subnetId !== "") {
            buildPrivateEndpoint(ctx, args.privateEndpoint, this.workspace.id);
            if (hardened) {
                // Studio on production: the closed default storage's blob and file endpoints (docs/hardening.md).
                if (args.subscriptionId === undefined) {
                    throw new pulumi.ResourceError(
                        "a hardened workspace with a private endpoint needs subscriptionId",
                        this,
                    );
                }
                const studio = buildStoragePrivateEndpoints(ctx, args.privateEndpoint, this.storageAccount, {
                    principalId: this.principalId,
                    subscriptionId: args.subscriptionId,
                });
                grants.push(...studio.grants);
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
