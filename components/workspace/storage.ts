import type * as pulumi from "@pulumi/pulumi";
import * as network from "@pulumi/azure-native/network";
import * as storage from "@pulumi/azure-native/storage";
import { grant, type Granted } from "../access";
import { ROLES } from "../../lib/roles";
import { STORAGE_ENDPOINT_KINDS, zonesFor } from "../../lib/privateDns";
import { buildDnsZoneGroup } from "./privateEndpoint";
import * as names from "../../lib/names";
import type { WorkspaceArgs } from "../workspace";
import type { WorkspaceContext } from "./context";
import { WORKSPACE_DEFAULTS } from "../../lib/defaults";

/**
 * Storage SAS expiration policy of hardened stacks: at most 7 days, SAS beyond it blocked (Azure/azure-policy
 * Storage/EnforceStorageSasMaxExpiration7Days_Deny.json, 7aa1c9d5: day part <= 7, exactly 7 only as 7.00:00:00,
 * expirationAction Block; format d.hh:mm:ss per the SDK's SasPolicy.sasExpirationPeriod).
 */
export const SAS_POLICY = { sasExpirationPeriod: "7.00:00:00", expirationAction: "Block" } as const;

/** The workspace's default storage account (`${name}-st`). */
export function buildStorageAccount(ctx: WorkspaceContext, args: WorkspaceArgs): storage.StorageAccount {
    const { hardened } = ctx;
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
    return new storage.StorageAccount(
        `${ctx.name}-st`,
        {
            resourceGroupName: ctx.resourceGroupName,
            accountName: ctx.stampId.apply(names.storageAccountName),
            location: ctx.location,
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
            tags: ctx.tags,
        },
        // Creation-only, like the compute instance's settings (components/computeInstance.ts): a change is a
        // replacement in the preview, which protect refuses, rather than an Azure error during `pulumi up`.
        { parent: ctx.parent, protect: ctx.protect, replaceOnChanges: ["encryption.requireInfrastructureEncryption"] },
    );
}

/** ST-13 (hardened stacks): blob and container soft delete (`${name}-blob`). The service's name is always "default". */
export function buildBlobSoftDelete(
    ctx: WorkspaceContext,
    args: WorkspaceArgs,
    account: storage.StorageAccount,
): storage.BlobServiceProperties {
    const retention = args.blobDeleteRetentionDays ?? WORKSPACE_DEFAULTS.blobDeleteRetentionDays;
    return new storage.BlobServiceProperties(
        `${ctx.name}-blob`,
        {
            resourceGroupName: ctx.resourceGroupName,
            accountName: account.name,
            blobServicesName: "default",
            deleteRetentionPolicy: { enabled: true, days: retention },
            containerDeleteRetentionPolicy: { enabled: true, days: retention },
        },
        { parent: ctx.parent },
    );
}

/**
 * Studio on production: the default storage's `blob` and `file` private endpoints in the team's private-endpoint
 * subnet (`${name}-st-<sub>-pe`), each with its DNS zone group (`${name}-st-<sub>-pe-dns`), and Reader for the
 * workspace identity on each. "Part of Azure Machine Learning studio runs locally in the client's web browser, and
 * communicates directly with the default storage for the workspace"; "If the workspace associated Azure storage
 * account has public network access disabled, ensure the private endpoint created in the client virtual network is
 * granted the Reader role to your workspace managed identity. This applies to both blob and file storage private
 * endpoints" (MicrosoftDocs/azure-ai-docs articles/machine-learning/how-to-managed-network.md, "Azure Machine
 * Learning studio").
 */
export function buildStoragePrivateEndpoints(
    ctx: WorkspaceContext,
    endpoint: { subnetId: string; privateDnsZoneIds?: readonly string[] },
    account: storage.StorageAccount,
    workspaceIdentity: { principalId: pulumi.Output<string>; subscriptionId: pulumi.Input<string> },
): { endpoints: network.PrivateEndpoint[]; grants: Granted[] } {
    const endpoints: network.PrivateEndpoint[] = [];
    const grants: Granted[] = [];
    for (const sub of STORAGE_ENDPOINT_KINDS) {
        const pe = new network.PrivateEndpoint(
            `${ctx.name}-st-${sub}-pe`,
            {
                resourceGroupName: ctx.resourceGroupName,
                // 2-64 word characters, periods and hyphens: team (<=16) and environment (<=8) fit.
                privateEndpointName: `pe-st-${sub}-${ctx.id.team}-${ctx.id.environment}`,
                location: ctx.location,
                subnet: { id: endpoint.subnetId },
                privateLinkServiceConnections: [{ name: sub, privateLinkServiceId: account.id, groupIds: [sub] }],
                tags: ctx.tags,
            },
            { parent: ctx.parent },
        );
        endpoints.push(pe);
        buildDnsZoneGroup(ctx, `${ctx.name}-st-${sub}-pe-dns`, pe, zonesFor(sub, endpoint.privateDnsZoneIds ?? []));
        grants.push(
            grant(
                `${ctx.name}-st-${sub}-pe-reader`,
                {
                    principal: {
                        id: workspaceIdentity.principalId,
                        kind: "ManagedIdentity",
                        label: "workspace identity",
                    },
                    role: { builtIn: ROLES.reader },
                    scope: pe.id,
                    scopeLabel: `storage ${sub} private endpoint`,
                    reason: `studio reaches the closed default storage through this ${sub} private endpoint: Microsoft requires Reader on it for the workspace managed identity (how-to-managed-network.md, "Azure Machine Learning studio")`,
                    subscriptionId: workspaceIdentity.subscriptionId,
                },
                { parent: ctx.parent },
            ),
        );
    }
    return { endpoints, grants };
}
