import * as pulumi from "@pulumi/pulumi";
import { CUSTOM_ROLES, type CustomRoleKey, sharedCustomRoleId } from "../lib/customRoles";

/** A custom role as `grant()` takes it (`{custom: ...}`): its short name and subscription-scoped definition id. */
export interface DeclaredCustomRole {
    readonly name: string;
    /** Full role definition resource id. */
    readonly id: pulumi.Output<string>;
}

/**
 * How a team stack names a shared custom role: the id is computed by lib/customRoles.ts `sharedCustomRoleId` from the
 * subscription the stack deploys to and the role key, the same function the platform defines it with, so the team
 * stack needs neither the platform's outputs nor a lookup (its offline plan works without the platform deployed).
 */
export function platformCustomRole(subscriptionId: pulumi.Input<string>, key: CustomRoleKey): DeclaredCustomRole {
    return {
        name: CUSTOM_ROLES[key].title,
        id: pulumi.output(subscriptionId).apply((sub) => sharedCustomRoleId(sub, key)),
    };
}
