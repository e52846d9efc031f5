/**
 * Shared by the two compute components (not a component itself): resolves the per-identity grants config declares
 * (role catalog name + which stamp resource) into `grant()` calls scoped to that one resource.
 */
import * as pulumi from "@pulumi/pulumi";
import { grant } from "./access";
import { lookupRole, type RoleKey } from "../lib/roles";
import type { GrantScope, GrantSpec } from "../config/compute";

/** The resources of the stamp a compute identity may be granted a role on, by ARM id. */
export interface ComputeGrantScopes {
    /** The workspace default storage account. */
    readonly storage: pulumi.Input<string>;
    /** The Azure ML workspace. */
    readonly workspace: pulumi.Input<string>;
    /** The workspace container registry, when the stamp has one. */
    readonly registry?: pulumi.Input<string>;
}

const SCOPE_LABEL: Record<GrantScope, string> = {
    storage: "workspace default storage",
    workspace: "workspace",
    registry: "container registry",
};

const DATA_ACCESS =
    "identity-based data access from the compute: 'grant the compute instance or compute cluster managed identity Storage Blob Data Reader' (learn.microsoft.com/azure/machine-learning/how-to-identity-based-service-authentication#access-data-for-training-jobs-on-compute-using-managed-identity)";

function reasonFor(key: RoleKey, scope: GrantScope): string {
    if (scope === "storage" && (key === "storageBlobDataReader" || key === "storageBlobDataContributor")) return DATA_ACCESS;
    return `added by stack config for this compute identity on the ${SCOPE_LABEL[scope]}`;
}

/**
 * Declares one role assignment per grant, named `<component>-<role key>-<scope>` (never an index: reordering config
 * never renames or replaces an assignment). Throws a ResourceError for an unknown or privileged role or a missing
 * scope (config validation reports these first, with the key).
 */
export function grantComputeRoles(
    parent: pulumi.ComponentResource,
    name: string,
    principal: { id: pulumi.Input<string>; label: string },
    grants: readonly GrantSpec[],
    scopes: ComputeGrantScopes,
    subscriptionId: pulumi.Input<string>,
): void {
    for (const g of grants) {
        const found = lookupRole(g.role);
        if ("error" in found) throw new pulumi.ResourceError(`${principal.label}: ${found.error}`, parent);
        const scope = scopes[g.scope];
        if (scope === undefined) {
            throw new pulumi.ResourceError(`${principal.label}: cannot grant ${found.role.name} on the ${g.scope}: the stamp has none`, parent);
        }
        grant(
            `${name}-${found.key}-${g.scope}`,
            {
                principal: { id: principal.id, kind: "ManagedIdentity", label: principal.label },
                role: { builtIn: found.role },
                scope,
                scopeLabel: SCOPE_LABEL[g.scope],
                reason: reasonFor(found.key, g.scope),
                subscriptionId,
            },
            { parent },
        );
    }
}

/** The principal id of a system-assigned identity ("" while unknown, e.g. during the preview of a new stack). */
export function systemPrincipalId(identity: pulumi.Output<{ principalId?: string } | undefined>): pulumi.Output<string> {
    return identity.apply((i) => i?.principalId ?? "");
}
