/**
 * The one identity description the workspace, every compute and every online endpoint share (the shape of AVM's
 * `managedIdentities`): a system-assigned identity (the default), a user-assigned identity the stack creates,
 * or an existing user-assigned identity by its ARM id. Pure: parsing and describing only; components/identity.ts
 * turns a spec into the azure-native `identity` block and the principal id.
 */

import { GUID_PATTERN } from "./guid";

/** A system-assigned identity. */
export interface SystemIdentity {
    readonly type: "system";
}
/** A user-assigned identity the stack creates. */
export interface CreatedIdentity {
    readonly type: "user";
    readonly create: true;
}
/** An existing user-assigned identity, by its ARM id. */
export interface ExistingIdentity {
    readonly type: "user";
    readonly resourceId: string;
}

/** What config may say: one of the three forms (config's shape, so `type` alone does not tell the two user forms apart). */
export type IdentitySpec = SystemIdentity | CreatedIdentity | ExistingIdentity;

/** The forms by name: the tag every branch on an identity goes through (identityForm, matchIdentity). */
export type IdentityForm = "system" | "created" | "existing";

/** The form of an identity option. */
export function identityForm(spec: IdentitySpec): IdentityForm {
    if (spec.type === "system") return "system";
    return "create" in spec ? "created" : "existing";
}

/** Runs the handler of the spec's form: one per form, so the compiler names a form a caller leaves out. */
export function matchIdentity<R>(
    spec: IdentitySpec,
    cases: {
        readonly system: (spec: SystemIdentity) => R;
        readonly created: (spec: CreatedIdentity) => R;
        readonly existing: (spec: ExistingIdentity) => R;
    },
): R {
    switch (identityForm(spec)) {
        case "system":
            return cases.system(spec as SystemIdentity);
        case "created":
            return cases.created(spec as CreatedIdentity);
        case "existing":
            return cases.existing(spec as ExistingIdentity);
    }
}

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

/** How config writes each form, for error messages. */
const FORM_TEXT: Readonly<Record<IdentityForm, string>> = {
    system: "{type: system} (the default)",
    created: "{type: user, create: true} (the stack creates a user-assigned identity)",
    existing:
        '{type: user, resourceId: "/subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.ManagedIdentity/userAssignedIdentities/<name>"}',
};

/** The allowed forms, for error messages. */
export const IDENTITY_FORMS = `${FORM_TEXT.system}, ${FORM_TEXT.created} or ${FORM_TEXT.existing}`;

/** The parts of a user-assigned identity's ARM id, or undefined when it is not one. */
export function parseUserAssignedIdentityId(
    id: string,
): { subscriptionId: string; resourceGroupName: string; name: string } | undefined {
    const m = USER_ASSIGNED_IDENTITY_ID.exec(id);
    if (m === null) return undefined;
    return { subscriptionId: m[1]!, resourceGroupName: m[2]!, name: m[3]! };
}

/** Which forms are user-assigned. */
const USER_ASSIGNED: Readonly<Record<IdentityForm, boolean>> = { system: false, created: true, existing: true };

/** True for a user-assigned identity (created or existing). */
export function isUserAssigned(spec: IdentitySpec): spec is CreatedIdentity | ExistingIdentity {
    return USER_ASSIGNED[identityForm(spec)];
}
