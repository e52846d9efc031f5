import * as pulumi from "@pulumi/pulumi";
import * as authorization from "@pulumi/azure-native/authorization";
import { CUSTOM_ROLES, type CustomRoleKey, customRoleDefinition } from "../lib/customRoles";
import { deterministicUuid } from "../lib/uuid";

/** Arguments of {@link CustomRoles}. */
export interface CustomRolesArgs {
    /** ARM id of the team's resource group: where the roles are defined and the only scope they are assignable at. Required. */
    resourceGroupId: pulumi.Input<string>;
    /** Which role shapes to declare (lib/customRoles.ts). Default: none. */
    roles?: readonly CustomRoleKey[];
}

/** A declared custom role, in the shape `grant()` takes as `{custom: ...}`. */
export interface DeclaredCustomRole {
    readonly name: string;
    /** Full role definition resource id. */
    readonly id: pulumi.Output<string>;
}

/**
 * Custom role definitions for the compute split (create-but-not-use, use-but-not-create), each defined at and
 * assignable only at the team's resource group (RA-06). The definition GUID is derived from the resource group id and
 * the role key, so re-runs never create a second definition.
 */
export class CustomRoles extends pulumi.ComponentResource {
    /** The declared roles, by key. */
    readonly roles: Readonly<Partial<Record<CustomRoleKey, DeclaredCustomRole>>>;

    constructor(name: string, args: CustomRolesArgs, opts?: pulumi.ComponentResourceOptions) {
        super("amlstamp:access:CustomRoles", name, {}, opts);
        const roles: Partial<Record<CustomRoleKey, DeclaredCustomRole>> = {};
        for (const key of args.roles ?? []) {
            const shape = CUSTOM_ROLES[key];
            const def = pulumi.output(args.resourceGroupId).apply((rgId) => customRoleDefinition(shape, rgId));
            const guid = pulumi
                .output(args.resourceGroupId)
                .apply((rgId) => deterministicUuid("custom-role", rgId, key));
            const roleDefinition = new authorization.RoleDefinition(
                `${name}-${key}`,
                {
                    scope: args.resourceGroupId,
                    roleDefinitionId: guid,
                    roleName: def.roleName,
                    description: def.description,
                    roleType: "CustomRole",
                    permissions: def.permissions,
                    assignableScopes: def.assignableScopes,
                },
                { parent: this },
            );
            // Role definitions live at subscription level whatever their assignable scopes; role assignments name them
            // as /subscriptions/<id>/providers/Microsoft.Authorization/roleDefinitions/<guid>, like built-in roles.
            // Built from the definition's output so that assignments wait for it.
            const id = pulumi
                .all([roleDefinition.id, guid, args.resourceGroupId])
                .apply(
                    ([, g, rgId]) =>
                        `${rgId.split("/resourceGroups/")[0]}/providers/Microsoft.Authorization/roleDefinitions/${g}`,
                );
            roles[key] = { name: shape.title, id };
        }
        this.roles = roles;
        this.registerOutputs({ roles: Object.fromEntries(Object.entries(roles).map(([k, r]) => [k, r.id])) });
    }
}
