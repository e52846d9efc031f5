/**
 * The one identity description the workspace, every compute and every online endpoint share (the shape of
 * AVM's `managedIdentities`): a system-assigned identity (the default), a user-assigned identity the stack creates,
 * or an existing user-assigned identity by its ARM id. Pure: parsing and describing only; components/identity.ts
 * turns a spec into the azure-native `identity` block and the principal id.
 */

import { GUID_PATTERN } from "./guid";

/** What config may say. */
export type IdentitySpec =
    | { readonly type: "system" }
    | { readonly type: "user"; readonly create: true }
    | { readonly type: "user"; readonly resourceId: string };

/** The default for every identity (the project's design: system-assigned unless said otherwise). */
export const SYSTEM_IDENTITY: IdentitySpec = { type: "system" };

/**
 * ARM id of a user-assigned identity: `/subscriptions/<id>/resourceGroups/<rg>/providers/
 * Microsoft.ManagedIdentity/userAssignedIdentities/<name>` (name rule: resource-name-rules.md, Microsoft.ManagedIdentity).
 */
export const USER_ASSIGNED_IDENTITY_ID = new RegExp(
    String.raw`^/subscriptions/(${GUID_PATTERN})/resourceGroups/([-\w._()]+)/providers/Microsoft\.ManagedIdentity/userAssignedIdentities/([a-zA-Z0-9][a-zA-Z0-9_-]{2,127})$`,
    "i",
);

/** The allowed forms, for error messages. */
export const IDENTITY_FORMS =
    '{type: system} (the default), {type: user, create: true} (the stack creates a user-assigned identity) or {type: user, resourceId: "/subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.ManagedIdentity/userAssignedIdentities/<name>"}';

/** The parts of a user-assigned identity's ARM id, or undefined when it is not one. */
export function parseUserAssignedIdentityId(
    id: string,
): { subscriptionId: string; resourceGroupName: string; name: string } | undefined {
    const m = USER_ASSIGNED_IDENTITY_ID.exec(id);
    if (m === null) return undefined;
    return { subscriptionId: m[1]!, resourceGroupName: m[2]!, name: m[3]! };
}

/** True for a user-assigned identity (created or existing). */
export function isUserAssigned(spec: IdentitySpec): spec is Exclude<IdentitySpec, { type: "system" }> {
    return spec.type === "user";
}
