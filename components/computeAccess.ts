/**
 * The compute components' private builder (not a component itself): the arguments every kind takes, and
 * {@link ComputeComponent}, the construction every kind shares: the kind's pre-check, the public-IP rule, the
 * identity, the one `Compute` resource (type, description, local auth off, replace list and options from the kind's
 * entry in lib/computeKinds.ts), the per-identity grants config resolved (catalog role + which stamp resource,
 * lib/compute.ts ComputeGrant) turned into `grant()` calls scoped to that one resource, parenting, names and the
 * registered outputs. A kind's component (computeCluster.ts, computeInstance.ts) adds only its Azure properties and
 * its own grants. Takes plain typed args: no config import, no role lookup.
 */
import * as pulumi from "@pulumi/pulumi";
import * as machinelearningservices from "@pulumi/azure-native/machinelearningservices";
import { grant, GRANTS_OUTPUT, type Granted } from "./access";
import { type ComputeKind } from "../lib/computeKinds";
import type { WorkspaceChildArgs } from "./workspaceChild";
import { ROLES, type RoleKey } from "../lib/roles";
import { type IdentitySpec, SYSTEM_IDENTITY } from "../lib/identity";
import { userAssignedIdentityName } from "../lib/names";
import { principalIdOf, resolveIdentity } from "./identity";
import { computeName, type ComputeGrant, type GrantScope } from "../lib/compute";
import { stampTags } from "../lib/tags";
import { COMPUTE_DEFAULTS } from "../lib/defaults";

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
export interface ComputeCommonArgs extends WorkspaceChildArgs {
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
    /** The compute's managed identity (lib/identity.ts). Default: SYSTEM_IDENTITY (`{type: "system"}`). */
    identity?: IdentitySpec;
    /**
     * Secrets in training: Key Vault Secrets User for the compute identity at the workspace key vault
     * (how-to-use-secrets-in-runs.md). Needs `scopes.keyVault`. Default: false.
     */
    keyVaultSecrets?: boolean;
}

/** `enableNodePublicIp` after its default: off only inside a managed network (config/compute.ts refuses off without one). */
function nodePublicIp(args: ComputeCommonArgs): boolean {
    return args.enableNodePublicIp ?? !(args.managedNetwork ?? COMPUTE_DEFAULTS.managedNetwork);
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
function grantComputeRoles(
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
function computeIdentity(
    parent: pulumi.ComponentResource,
    name: string,
    args: ComputeCommonArgs,
): {
    identity: { type: string; userAssignedIdentities?: pulumi.Input<string>[] };
    principalOf: (out: pulumi.Output<{ principalId?: string } | undefined>) => pulumi.Output<string>;
} {
    const resolved = resolveIdentity(
        name,
        args.identity ?? SYSTEM_IDENTITY,
        {
            resourceGroupName: args.resourceGroupName,
            location: args.location,
            identityName: userAssignedIdentityName(args, `compute-${args.key}`),
            tags: stampTags(args),
        },
        parent,
    );
    return { identity: resolved.identity, principalOf: (out) => principalIdOf(resolved, out) };
}

/**
 * Secrets in training: "the compute's managed identity needs Key Vault Secrets User on the workspace key
 * vault" (how-to-use-secrets-in-runs.md). The only key vault role a compute identity ever gets.
 */
function grantKeyVaultSecrets(
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

/** A compute identity as the access matrix names it. */
export interface ComputePrincipal {
    readonly id: pulumi.Output<string>;
    /** `<kind label> <key>`, e.g. `compute cluster cpu`. */
    readonly label: string;
}

/** What a compute kind's component adds to the common construction of {@link ComputeComponent}. */
export interface ComputeKindBuild {
    /** The kind's registry entry (lib/computeKinds.ts). Required. */
    readonly kind: ComputeKind;
    /** The kind's Azure properties (`properties.properties`), given `enableNodePublicIp` after its default. Required. */
    readonly properties: (enableNodePublicIp: boolean) => object;
    /** Grants beyond the configured roles and key vault secrets, declared after them. Default: none. */
    readonly moreGrants?: (parent: pulumi.ComponentResource, principal: ComputePrincipal) => Granted[];
}

/**
 * The construction every compute kind shares (module comment). Children: the user-assigned identity when one is
 * created, `<name>-compute`, and the grants `<name>-<role key>-<scope>` (components/access.ts), all parented to the
 * component. Always: local auth off (CP-01); replaced, deleted first (the name is fixed), on a change to what Azure
 * cannot update in place (the kind's `replaceOnChanges`).
 */
export abstract class ComputeComponent extends pulumi.ComponentResource {
    /** The compute resource. */
    readonly compute: machinelearningservices.Compute;
    /** Azure name of the compute. */
    readonly computeName: pulumi.Output<string>;
    /** Principal id of the compute's identity (system-assigned by default). */
    readonly principalId: pulumi.Output<string>;
    /** Every role assignment this component declared, with its access-matrix line (registered as `grants`). */
    readonly grants: readonly Granted[];

    protected constructor(
        name: string,
        args: ComputeCommonArgs,
        build: ComputeKindBuild,
        opts: pulumi.ComponentResourceOptions | undefined,
    ) {
        const kind = build.kind;
        super(kind.componentType, name, {}, opts);
        const enableNodePublicIp = nodePublicIp(args);
        const identity = computeIdentity(this, name, args);
        this.compute = new machinelearningservices.Compute(
            `${name}-compute`,
            {
                resourceGroupName: args.resourceGroupName,
                workspaceName: args.workspaceName,
                computeName: computeName(args.key, args.team, args.environment),
                location: args.location,
                identity: identity.identity,
                properties: {
                    computeType: kind.computeType,
                    description: kind.describe(args.key, args.team, args.environment),
                    disableLocalAuth: true, // CP-01
                    properties: build.properties(enableNodePublicIp),
                } as machinelearningservices.ComputeArgs["properties"],
                tags: stampTags(args),
            },
            {
                parent: this,
                replaceOnChanges: [...kind.replaceOnChanges],
                deleteBeforeReplace: true,
                ...(kind.ignoreChanges.length > 0 ? { ignoreChanges: [...kind.ignoreChanges] } : {}),
            },
        );
        this.computeName = this.compute.name;
        this.principalId = identity.principalOf(this.compute.identity);

        const principal: ComputePrincipal = { id: this.principalId, label: `${kind.label} ${args.key}` };
        this.grants = [
            ...grantComputeRoles(this, name, principal, args.roles, args.scopes, args.subscriptionId),
            ...grantKeyVaultSecrets(this, name, principal, args),
            ...(build.moreGrants?.(this, principal) ?? []),
        ];
        this.registerOutputs({
            computeName: this.computeName,
            principalId: this.principalId,
            [GRANTS_OUTPUT]: this.grants.map((g) => g.record),
        });
    }
}
