import * as pulumi from "@pulumi/pulumi";
import * as azuread from "@pulumi/azuread";
import * as keyvault from "@pulumi/azure-native/keyvault";
import { COSMOS_DB_APP_ID } from "../../lib/keyVault";
import { ROLES } from "../../lib/roles";
import { grant, type Granted, type Principal } from "../access";
import type { WorkspaceArgs } from "../workspace";
import type { WorkspaceContext } from "./context";

type CustomerManagedKey = NonNullable<WorkspaceArgs["customerManagedKey"]>;

/**
 * Customer-managed key: an RSA key for wrap/unwrap in the stack's vault (`${name}-cmk`). The "Azure Cosmos DB"
 * first-party principal gets it before the workspace exists (`${name}-cmk-cosmosdb`; Microsoft's quickstart
 * machine-learning-workspace-cmk grants it get/wrapKey/unwrapKey; on an RBAC vault that is Key Vault Crypto Service
 * Encryption User, lib/roles.ts). Its object id differs per tenant: looked up by its app id (lib/keyVault.ts
 * COSMOS_DB_APP_ID) with azuread getServicePrincipal, which both CI identities may call (Application.Read.All, or
 * Application.ReadWrite.OwnedBy, which "allows an app to call ... GET /servicePrincipals to list all ... service
 * principals in the tenant": microsoft-graph-docs-contrib api-reference/v1.0/api/serviceprincipal-get.md).
 */
export function buildCmkKey(
    ctx: WorkspaceContext,
    cmk: CustomerManagedKey,
    vault: keyvault.Vault,
): { key: keyvault.Key; cosmosGrant: Granted } {
    const key = new keyvault.Key(
        `${ctx.name}-cmk`,
        {
            resourceGroupName: ctx.resourceGroupName,
            vaultName: vault.name,
            keyName: "aml-stamp-cmk",
            properties: {
                kty: keyvault.JsonWebKeyType.RSA,
                keySize: 3072,
                keyOps: [keyvault.JsonWebKeyOperation.WrapKey, keyvault.JsonWebKeyOperation.UnwrapKey],
            },
            tags: ctx.tags,
        },
        { parent: ctx.parent, protect: ctx.protect },
    );
    const cosmos = azuread.getServicePrincipalOutput({ clientId: COSMOS_DB_APP_ID }, { parent: ctx.parent });
    const cosmosGrant = grantKeyUse(
        ctx,
        "cosmosdb",
        { id: cosmos.objectId, kind: "ServicePrincipal", label: "Azure Cosmos DB" },
        key,
        cmk,
        "wraps the workspace metadata's Cosmos DB encryption key (customer-managed key; MicrosoftDocs concept-customer-managed-keys.md)",
    );
    return { key, cosmosGrant };
}

/**
 * The identity Azure uses to read the customer-managed key (wrap/unwrap): `${name}-cmk-workspace`. With a
 * user-assigned workspace identity that is the one `encryption.identity` names (components/workspace/mlWorkspace.ts),
 * granted before the workspace is created; otherwise the system-assigned identity, once the workspace exists.
 */
export function grantCmkReader(
    ctx: WorkspaceContext,
    cmk: CustomerManagedKey,
    key: keyvault.Key,
    readerPrincipalId: pulumi.Output<string>,
): Granted {
    return grantKeyUse(
        ctx,
        "workspace",
        { id: readerPrincipalId, kind: "ManagedIdentity", label: "workspace identity" },
        key,
        cmk,
        "the workspace reads its customer-managed key (wrap/unwrap)",
    );
}

/** Key Vault Crypto Service Encryption User on the key (`${name}-cmk-<suffix>`): wrap/unwrap with it. */
function grantKeyUse(
    ctx: WorkspaceContext,
    suffix: string,
    principal: Principal,
    key: keyvault.Key,
    cmk: CustomerManagedKey,
    reason: string,
): Granted {
    return grant(
        `${ctx.name}-cmk-${suffix}`,
        {
            principal,
            role: { builtIn: ROLES.keyVaultCryptoServiceEncryptionUser },
            scope: key.id,
            scopeLabel: "workspace encryption key",
            reason,
            subscriptionId: cmk.subscriptionId,
        },
        { parent: ctx.parent },
    );
}
