/**
 * The one helper that turns an identity option (lib/identity.ts) into what a resource needs: the azure-native
 * `identity` block (plus the id of the user-assigned identity, for a workspace's `primaryUserAssignedIdentity`) and,
 * once the resource exists, the principal id of the identity that acts for it. Used by the workspace, every compute
 * and every online endpoint. Not a component: the created `UserAssignedIdentity` is parented to the caller, named
 * `<caller name>-id`.
 */
import * as pulumi from "@pulumi/pulumi";
import * as managedidentity from "@pulumi/azure-native/managedidentity";
import { type IdentitySpec, matchIdentity, parseUserAssignedIdentityId } from "../lib/identity";

/** Where a stack-created user-assigned identity goes. */
export interface IdentityPlacement {
    /** Resource group of the stamp. */
    readonly resourceGroupName: pulumi.Input<string>;
    /** Azure region. */
    readonly location: string;
    /** Azure name of the identity (lib/names.ts userAssignedIdentityName). */
    readonly identityName: string;
    /** Tags of the identity. */
    readonly tags?: Record<string, string>;
}

/** A resolved identity option. */
export interface ResolvedIdentity {
    readonly spec: IdentitySpec;
    /** The azure-native `identity` input (ManagedServiceIdentityArgs). */
    readonly identity: { type: string; userAssignedIdentities?: pulumi.Input<string>[] };
    /** ARM id of the user-assigned identity (undefined for system-assigned). */
    readonly userAssignedIdentityId?: pulumi.Output<string>;
    /** Principal id of the user-assigned identity (undefined for system-assigned: read it from the resource). */
    readonly userPrincipalId?: pulumi.Output<string>;
    /** The identity the stack created, when it created one. */
    readonly created?: managedidentity.UserAssignedIdentity;
}

/**
 * Resolves an identity option. `systemType` is the azure-native enum value for system-assigned (e.g.
 * "SystemAssigned"); `userType` the value used with a user-assigned identity ("UserAssigned"; the workspace uses it
 * too, with primaryUserAssignedIdentity: docs/identities.md explains why).
 */
export function resolveIdentity(
    name: string,
    spec: IdentitySpec,
    placement: IdentityPlacement,
    parent: pulumi.Resource,
    types: { system: string; user: string } = { system: "SystemAssigned", user: "UserAssigned" },
): ResolvedIdentity {
    return matchIdentity<ResolvedIdentity>(spec, {
        system: () => ({ spec, identity: { type: types.system } }),
        created: () => {
            const created = new managedidentity.UserAssignedIdentity(
                `${name}-id`,
                {
                    resourceGroupName: placement.resourceGroupName,
                    resourceName: placement.identityName,
                    location: placement.location,
                    tags: placement.tags,
                },
                { parent },
            );
            return {
                spec,
                identity: { type: types.user, userAssignedIdentities: [created.id] },
                userAssignedIdentityId: created.id,
                userPrincipalId: created.principalId,
                created,
            };
        },
        existing: ({ resourceId }) => {
            const parts = parseUserAssignedIdentityId(resourceId);
            if (parts === undefined) {
                throw new pulumi.ResourceError(`${name}: not a user-assigned identity id: ${resourceId}`, parent);
            }
            // An identity from outside the stack: its principal id comes from Azure (an invoke, not a resource).
            const existing = managedidentity.getUserAssignedIdentityOutput(
                { resourceGroupName: parts.resourceGroupName, resourceName: parts.name },
                { parent },
            );
            return {
                spec,
                identity: { type: types.user, userAssignedIdentities: [resourceId] },
                userAssignedIdentityId: pulumi.output(resourceId),
                userPrincipalId: existing.principalId,
            };
        },
    });
}

/**
 * The principal id that acts for the resource: the user-assigned identity's, or the system-assigned identity's from
 * the resource's `identity` output ("" while unknown, e.g. in the preview of a new stack).
 */
export function principalIdOf(
    resolved: ResolvedIdentity,
    resourceIdentity: pulumi.Output<{ principalId?: string } | undefined>,
): pulumi.Output<string> {
    return resolved.userPrincipalId ?? resourceIdentity.apply((i) => i?.principalId ?? "");
}
