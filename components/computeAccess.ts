/**
 * Shared by the two compute components (not a component itself): the arguments both take, the public-IP rule, and
 * the per-identity grants config resolved (catalog role + which stamp resource, lib/compute.ts ComputeGrant) turned
 * into `grant()` calls scoped to that one resource. Takes plain typed args: no config import, no role lookup.
 */
import * as pulumi from "@pulumi/pulumi";
import { grant, type Granted } from "./access";
import { ROLES, type RoleKey } from "../lib/roles";
import type { IdentitySpec } from "../lib/identity";
import { userAssignedIdentityName } from "../lib/names";
import { principalIdOf, resolveIdentity } from "./identity";
import type { ComputeGrant, GrantScope } from "../lib/compute";

/** The resources of the stamp a compute identity may be granted a role on, by ARM id. */
export interface ComputeGrantScopes {
    /** The workspace default storage account. */
    readonly storage: pulumi.Input<string>;
    /** The Azure ML workspace. */
    readonly workspace: pulumi.Input<string>;
    /** The workspace container registry, when the stamp has one. */
    readonly registry?: pulumi.Input<string>;
    /** The workspace key vault (only Key Vault Secrets User, through `keyVaultSecrets`). Default: none. */
    readonly keyVault?: pulumi.Input<string>;
}

/** Arguments shared by {@link ComputeCluster} and {@link ComputeInstance}. */
export interface ComputeCommonArgs {
    /** Stable config name of the compute (e.g. `cpu`, `alice`); the Azure name is `<key>-<team tag>`. Required. */
    key: string;
    /** Team name (validated by config); part of the Azure name's tag. Required. */
    team: string;
    /** Environment name (validated by config); part of the Azure name's tag. Required. */
    environment: string;
    /** Azure region (the workspace's; computes cannot live elsewhere). Required. */
    location: string;
    /** Resource group of the workspace. Required. */
    resourceGroupName: pulumi.Input<string>;
    /** Name of the Azure ML workspace. Required. */
    workspaceName: pulumi.Input<string>;
    /** ARM ids of the resources grants may target. Required. */
    scopes: ComputeGrantScopes;
    /** Subscription of the built-in role definitions (from the client config). Required. */
    subscriptionId: pulumi.Input<string>;
    /** VM size (validated against the allow-list by config). Required. */
    vmSize: string;
    /** Whether the workspace has a managed virtual network (computes join it). Default: false. */
    managedNetwork?: boolean;
    /**
     * Public IPs on the nodes (CP-08). false needs a subnet or a managed network (config enforces it for the managed
     * network; the stamp has no subnets). Default: false with a managed network, else true.
     */
    enableNodePublicIp?: boolean;
    /**
     * Role grants of the compute identity, resolved by config (config/spec.ts applies the default: Storage Blob Data
     * Reader on the workspace default storage). Required.
     */
    roles: readonly ComputeGrant[];
    /** Tags; the component adds team, environment and managed-by. Default: none. */
    tags?: Record<string, string>;
    /** The compute's managed identity (lib/identity.ts). Default: `{type: "system"}`. */
    identity?: IdentitySpec;
    /**
     * Secrets in training: Key Vault Secrets User for the compute identity at the workspace key vault
     * (how-to-use-secrets-in-runs.md). Needs `scopes.keyVault`. Default: false.
     */
    keyVaultSecrets?: boolean;
}

/** `enableNodePublicIp` after its default; throws when it is off without a managed network to put the nodes in. */
export function nodePublicIp(args: ComputeCommonArgs, kind: string, parent: pulumi.Resource): boolean {
    const managedNetwork = args.managedNetwork ?? false;
    const enabled = args.enableNodePublicIp ?? !managedNetwork;
    if (!enabled && !managedNetwork) {
        throw new pulumi.ResourceError(`${kind} ${args.key}: enableNodePublicIp false needs a managed network`, parent);
    }
    return enabled;
}

/** The compute's tags: config tags plus the stamp's own. */
export function computeTags(args: ComputeCommonArgs): Record<string, string> {
    return { ...(args.tags ?? {}), team: args.team, environment: args.environment, "managed-by": "pulumi/aml-stamp" };
}

const SCOPE_LABEL: Record<GrantScope, string> = {
    storage: "workspace default storage",
    workspace: "workspace",
    registry: "container registry",
};

const DATA_ACCESS =
    "identity-based data access from the compute: 'grant the compute instance or compute cluster managed identity Storage Blob Data Reader' (learn.microsoft.com/azure/machine-learning/how-to-identity-based-service-authentication#access-data-for-training-jobs-on-compute-using-managed-identity)";

function reasonFor(key: RoleKey, scope: GrantScope): string {
    if (scope === "storage" && (key === "storageBlobDataReader" || key === "storageBlobDataContributor"))
        return DATA_ACCESS;
    return `added by stack config for this compute identity on the ${SCOPE_LABEL[scope]}`;
}

/**
 * Declares one role assignment per grant, named `<component>-<role key>-<scope>` (never an index: reordering config
 * never renames or replaces an assignment). Throws a ResourceError for a missing scope (an invariant: config refuses
 * a registry grant on a stamp without a registry, with the key); grant() refuses privileged roles.
 */
export function grantComputeRoles(
    parent: pulumi.ComponentResource,
    name: string,
    principal: { id: pulumi.Input<string>; label: string },
    grants: readonly ComputeGrant[],
    scopes: ComputeGrantScopes,
    subscriptionId: pulumi.Input<string>,
): Granted[] {
    const records: Granted[] = [];
    for (const g of grants) {
        const scope = scopes[g.scope];
        if (scope === undefined) {
            throw new pulumi.ResourceError(
                `${principal.label}: cannot grant ${g.role.name} on the ${g.scope}: the stamp has none`,
                parent,
            );
        }
        const granted = grant(
            `${name}-${g.key}-${g.scope}`,
            {
                principal: { id: principal.id, kind: "ManagedIdentity", label: principal.label },
                role: { builtIn: g.role },
                scope,
                scopeLabel: SCOPE_LABEL[g.scope],
                reason: reasonFor(g.key, g.scope),
                subscriptionId,
            },
            { parent },
        );
        records.push(granted);
    }
    return records;
}

/**
 * The compute's identity: the `identity` block for the Compute resource and, given the resource's identity output, the
 * principal id that acts for it. A stack-created identity is named `id-<team>-<env>-<key>`.
 */
export function computeIdentity(
    parent: pulumi.ComponentResource,
    name: string,
    args: ComputeCommonArgs,
): {
    identity: { type: string; userAssignedIdentities?: pulumi.Input<string>[] };
    principalOf: (out: pulumi.Output<{ principalId?: string } | undefined>) => pulumi.Output<string>;
} {
    const resolved = resolveIdentity(
        name,
        args.identity ?? { type: "system" },
        {
            resourceGroupName: args.resourceGroupName,
            location: args.location,
            identityName: userAssignedIdentityName(args, `compute-${args.key}`),
            tags: computeTags(args),
        },
        parent,
    );
    return { identity: resolved.identity, principalOf: (out) => principalIdOf(resolved, out) };
}

/**
 * Secrets in training (issue 12): "the compute's managed identity needs Key Vault Secrets User on the workspace key
 * vault" (how-to-use-secrets-in-runs.md). The only key vault role a compute identity ever gets.
 */
export function grantKeyVaultSecrets(
    parent: pulumi.ComponentResource,
    name: string,
    principal: { id: pulumi.Input<string>; label: string },
    args: ComputeCommonArgs,
): Granted[] {
    if (args.keyVaultSecrets !== true) return [];
    if (args.scopes.keyVault === undefined) {
        throw new pulumi.ResourceError(`${principal.label}: keyVaultSecrets needs the workspace key vault`, parent);
    }
    const granted = grant(
        `${name}-keyVaultSecretsUser-keyVault`,
        {
            principal: { id: principal.id, kind: "ManagedIdentity", label: principal.label },
            role: { builtIn: ROLES.keyVaultSecretsUser },
            scope: args.scopes.keyVault,
            scopeLabel: "key vault",
            reason: "secrets in training: jobs read workspace key vault secrets with the compute identity, which needs Key Vault Secrets User on the vault (learn.microsoft.com/azure/machine-learning/how-to-use-secrets-in-runs)",
            subscriptionId: args.subscriptionId,
        },
        { parent },
    );
    return [granted];
}

/** The principal id of a system-assigned identity ("" while unknown, e.g. during the preview of a new stack). */
export function systemPrincipalId(
    identity: pulumi.Output<{ principalId?: string } | undefined>,
): pulumi.Output<string> {
    return identity.apply((i) => i?.principalId ?? "");
}
