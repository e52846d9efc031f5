import * as pulumi from "@pulumi/pulumi";
import * as authorization from "@pulumi/azure-native/authorization";
import { IDLE_SHUTDOWN_ACTIONS, IDLE_SHUTDOWN_ROLE_DESCRIPTION, idleShutdownRoleName } from "../lib/idleShutdownRole";
import { deterministicUuid } from "../lib/uuid";

/** Arguments of {@link IdleShutdownRole}. */
export interface IdleShutdownRoleArgs {
    /** Team name (validated by config); part of the role's tenant-unique display name. Required. */
    team: string;
    /** Environment name (validated by config); part of the role's display name. Required. */
    environment: string;
    /** ARM id of the stamp's resource group: where the role is defined and the only scope it is assignable at. Required. */
    resourceGroupId: pulumi.Input<string>;
    /** Subscription of the resource group (from the client config). Required. */
    subscriptionId: pulumi.Input<string>;
}

/**
 * The stack's custom role for compute instance idle shutdown: only the actions in lib/idleShutdownRole.ts, no
 * wildcard, assignable only at the team's resource group (RA-06). One per stack, shared by every instance; each
 * instance assigns it at the workspace.
 */
export class IdleShutdownRole extends pulumi.ComponentResource {
    /** The role definition resource. */
    readonly definition: authorization.RoleDefinition;
    /** What `grant()` takes: the display name and the subscription-scoped role definition id. */
    readonly role: { readonly name: string; readonly id: pulumi.Output<string> };

    constructor(name: string, args: IdleShutdownRoleArgs, opts?: pulumi.ComponentResourceOptions) {
        super("amlstamp:compute:IdleShutdownRole", name, {}, opts);
        const roleName = idleShutdownRoleName(args.team, args.environment);
        // Deterministic like Bicep's guid(): the same resource group always gets the same role id.
        const roleGuid = pulumi
            .output(args.resourceGroupId)
            .apply((rg) => deterministicUuid(rg, "aml-stamp/role/idle-shutdown"));
        this.definition = new authorization.RoleDefinition(
            `${name}-role`,
            {
                roleDefinitionId: roleGuid,
                roleName,
                description: IDLE_SHUTDOWN_ROLE_DESCRIPTION,
                scope: args.resourceGroupId,
                assignableScopes: [args.resourceGroupId],
                permissions: [
                    { actions: [...IDLE_SHUTDOWN_ACTIONS], notActions: [], dataActions: [], notDataActions: [] },
                ],
            },
            { parent: this },
        );
        // Role assignments name the definition by its subscription-scoped id; depending on `definition.id` makes every
        // assignment wait for the definition.
        const id = pulumi
            .all([this.definition.id, args.subscriptionId, roleGuid])
            .apply(
                ([, sub, guid]) => `/subscriptions/${sub}/providers/Microsoft.Authorization/roleDefinitions/${guid}`,
            );
        this.role = { name: roleName, id };

        this.registerOutputs({ roleDefinitionId: id });
    }
}
