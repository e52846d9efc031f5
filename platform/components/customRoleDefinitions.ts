import * as pulumi from "@pulumi/pulumi";
import * as authorization from "@pulumi/azure-native/authorization";
import {
    CUSTOM_ROLE_KEYS,
    CUSTOM_ROLES,
    type CustomRoleKey,
    sharedCustomRoleDefinition,
    sharedCustomRoleId,
} from "../../lib/customRoles";
import type { DeclaredCustomRole } from "../../components/customRoles";

/** Arguments of {@link CustomRoleDefinitions}. */
export interface CustomRoleDefinitionsArgs {
    /** Subscription the roles are defined in and assignable at (from the client config). Required. */
    subscriptionId: pulumi.Input<string>;
    /** Which catalog roles to define. Default: every role of lib/customRoles.ts (`CUSTOM_ROLE_KEYS`). */
    roles?: readonly CustomRoleKey[];
}

/** The RoleDefinition arguments of a shared custom role (lib/customRoles.ts sharedCustomRoleDefinition). */
export function roleDefinitionArgs(
    def: pulumi.Output<ReturnType<typeof sharedCustomRoleDefinition>>,
): authorization.RoleDefinitionArgs {
    return {
        scope: def.scope,
        roleDefinitionId: def.roleDefinitionId,
        roleName: def.roleName,
        description: def.description,
        roleType: "CustomRole",
        permissions: def.permissions,
        assignableScopes: def.assignableScopes,
    };
}

/**
 * The shared custom role definitions, declared once per subscription by the platform project (platform/): each
 * defined at and assignable at the subscription, with the deterministic GUID and the directory-unique name of
 * lib/customRoles.ts. Defining them once, before any team stack assigns them, means team deployers need no
 * `roleDefinitions/write` (neither Contributor nor RBAC Administrator has it: MicrosoftDocs/azure-docs
 * articles/role-based-access-control/built-in-roles/privileged.md, custom-roles-rest.md), no two stacks race for one
 * tenant-unique name, and the eventual propagation of a new definition is over long before a team assigns it.
 */
export class CustomRoleDefinitions extends pulumi.ComponentResource {
    /** The defined roles, by key. */
    readonly roles: Readonly<Partial<Record<CustomRoleKey, DeclaredCustomRole>>>;
    /** The role definition resources, by key. */
    readonly definitions: Readonly<Partial<Record<CustomRoleKey, authorization.RoleDefinition>>>;

    constructor(name: string, args: CustomRoleDefinitionsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("amlstamp:platform:CustomRoleDefinitions", name, {}, opts);
        const roles: Partial<Record<CustomRoleKey, DeclaredCustomRole>> = {};
        const definitions: Partial<Record<CustomRoleKey, authorization.RoleDefinition>> = {};
        for (const key of args.roles ?? CUSTOM_ROLE_KEYS) {
            const shape = CUSTOM_ROLES[key];
            const def = pulumi.output(args.subscriptionId).apply((sub) => sharedCustomRoleDefinition(shape, sub));
            const definition = new authorization.RoleDefinition(`${name}-${key}`, roleDefinitionArgs(def), {
                parent: this,
            });
            definitions[key] = definition;
            // Assignments name the definition by its subscription-scoped id; built after the definition's id so that
            // anything using it waits for the definition.
            const id = pulumi
                .all([definition.id, args.subscriptionId])
                .apply(([, sub]) => sharedCustomRoleId(sub, key));
            roles[key] = { name: shape.title, id };
        }
        this.roles = roles;
        this.definitions = definitions;
        this.registerOutputs({ roles: Object.fromEntries(Object.entries(roles).map(([k, r]) => [k, r.id])) });
    }
}
