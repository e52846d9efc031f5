/**
 * The one role-assignment helper. Every role assignment in the project is declared through `grant`, which:
 * - sets `principalType` from the principal's kind (the azure-native SDK defaults it to "User", which fails for
 *   managed identities, service principals and groups with PrincipalNotFound or a type mismatch; RA-01);
 * - names the assignment with a deterministic UUID of scope, principal and role, like Bicep's `guid()`, so re-runs
 *   and imports never duplicate and reordering config never replaces an assignment;
 * - refuses the privileged roles (PRIVILEGED_ROLE_NAMES in lib/roles.ts: Owner, Contributor, User Access
 *   Administrator, RBAC Administrator, Storage Account Contributor; RA-02);
 * - records why the grant exists, as the assignment's description (at most 2 KB, the Azure limit), and returns it as
 *   a {@link GrantRecord}: the component that granted exposes its records (`readonly grants`) and registers them as
 *   its `grants` output, which is where the offline plan reads the access matrix from (no module-level ledger).
 */
import * as pulumi from "@pulumi/pulumi";
import * as authorization from "@pulumi/azure-native/authorization";
import {
    type BuiltInRole,
    isPrivilegedRoleId,
    PRIVILEGED_ROLE_NAMES,
    roleDefinitionResourceId,
    ROLES,
} from "../lib/roles";
import { deterministicUuid } from "../lib/uuid";
import { exceptionMarker, ROLE_EXCEPTIONS, type RoleExceptionId } from "../lib/roleExceptions";

/** What kind of principal receives a grant. */
export type PrincipalKind = "ManagedIdentity" | "ServicePrincipal" | "Group" | "User";

/** The principal of a grant. */
export interface Principal {
    /** Object (principal) id in Entra ID. */
    readonly id: pulumi.Input<string>;
    readonly kind: PrincipalKind;
    /** Human label for the access matrix, e.g. `compute cluster cpu` or `group data-scientists`. */
    readonly label: string;
}

/** A role to grant: a built-in role from the catalog, or a custom role definition declared by the stack. */
export type GrantedRole =
    | { readonly builtIn: BuiltInRole }
    | { readonly custom: { readonly name: string; readonly id: pulumi.Input<string> } };

/** Arguments of {@link grant}. */
export interface GrantArgs {
    readonly principal: Principal;
    readonly role: GrantedRole;
    /** ARM id of the scope: the narrowest resource that works. */
    readonly scope: pulumi.Input<string>;
    /** Human label of the scope for the access matrix, e.g. `storage account` or `workspace`. */
    readonly scopeLabel: string;
    /** Why the grant exists, with its Microsoft source. Stored as the assignment description. */
    readonly reason: string;
    /** Subscription of the built-in role definition id. */
    readonly subscriptionId: pulumi.Input<string>;
    /**
     * An Azure ABAC condition on the assignment (lib/abac.ts), with its readable form for the access matrix.
     * Default: none.
     */
    readonly condition?: {
        readonly expression: pulumi.Input<string>;
        readonly version: string;
        readonly readable: string;
    };
    /**
     * Only for the platform's deploy identity (platform/): allows Contributor, and Role Based Access Control
     * Administrator with a `condition`, to a service principal. Owner and User Access Administrator stay refused.
     * Default: false.
     */
    readonly platformDeployer?: boolean;
    /**
     * A reviewed exception (lib/roleExceptions.ts) that allows this privileged role at this kind of scope. Default:
     * none, and a privileged role is refused.
     */
    readonly exception?: RoleExceptionId;
}

/** One line of the access matrix. */
export interface GrantRecord {
    /** Pulumi resource name of the role assignment. */
    readonly resourceName: string;
    readonly principal: string;
    readonly kind: PrincipalKind;
    readonly role: string;
    readonly scope: string;
    readonly reason: string;
    /** The ABAC condition in readable form, when the assignment has one. */
    readonly condition?: string;
    /** The reviewed exception the grant is made under, if any. */
    readonly exception?: RoleExceptionId;
}

/** What {@link grant} declared: the role assignment and its line of the access matrix. */
export interface Granted {
    readonly assignment: authorization.RoleAssignment;
    readonly record: GrantRecord;
}

/** The name of the component output that holds a component's grant records (read by the offline plan). */
export const GRANTS_OUTPUT = "grants";

/** The ARM `principalType` for a kind of principal (RA-01). */
export function principalTypeOf(kind: PrincipalKind): authorization.PrincipalType {
    switch (kind) {
        case "ManagedIdentity":
        case "ServicePrincipal":
            return authorization.PrincipalType.ServicePrincipal;
        case "Group":
            return authorization.PrincipalType.Group;
        case "User":
            return authorization.PrincipalType.User;
    }
}

/** Maximum description length Azure accepts on a role assignment (includes/role-based-access-control/limits.md). */
export const MAX_DESCRIPTION_BYTES = 2048;

/**
 * Declares one role assignment. `name` is the Pulumi resource name: derive it from the principal and role names
 * (never an index), e.g. `${computeName}-blob-reader`.
 */
export function grant(name: string, args: GrantArgs, opts: pulumi.CustomResourceOptions): Granted {
    const roleName = "builtIn" in args.role ? args.role.builtIn.name : args.role.custom.name;
    const deployerException =
        args.platformDeployer === true &&
        args.principal.kind === "ServicePrincipal" &&
        "builtIn" in args.role &&
        (args.role.builtIn.id === ROLES.contributor.id ||
            (args.role.builtIn.id === ROLES.rbacAdministrator.id && args.condition !== undefined));
    const exception = args.exception !== undefined ? ROLE_EXCEPTIONS[args.exception] : undefined;
    const excepted =
        exception !== undefined &&
        "builtIn" in args.role &&
        exception.role.id === args.role.builtIn.id &&
        args.scopeLabel in exception.scopes;
    if (args.exception !== undefined && !excepted) {
        throw new pulumi.ResourceError(
            `role assignment ${name}: exception ${args.exception} does not cover ${roleName} on the ${args.scopeLabel}`,
            opts.parent,
        );
    }
    if (
        !deployerException &&
        !excepted &&
        "builtIn" in args.role &&
        (args.role.builtIn.privileged || isPrivilegedRoleId(args.role.builtIn.id))
    ) {
        throw new pulumi.ResourceError(
            `refusing to grant privileged role "${roleName}" to ${args.principal.label}: the project never assigns ${PRIVILEGED_ROLE_NAMES.join(", ")}`,
            opts.parent,
        );
    }
    const description = `aml-stamp: ${args.principal.label}: ${args.exception !== undefined ? `${exceptionMarker(args.exception)} ` : ""}${args.reason}`;
    if (Buffer.byteLength(description, "utf8") > MAX_DESCRIPTION_BYTES) {
        throw new pulumi.ResourceError(
            `role assignment ${name}: description exceeds ${MAX_DESCRIPTION_BYTES} bytes`,
            opts.parent,
        );
    }
    const role = args.role;
    const roleDefinitionId =
        "builtIn" in role
            ? pulumi.output(args.subscriptionId).apply((sub) => roleDefinitionResourceId(sub, role.builtIn))
            : pulumi.output(role.custom.id);
    const assignment = new authorization.RoleAssignment(
        name,
        {
            roleAssignmentName: pulumi
                .all([args.scope, args.principal.id, roleDefinitionId])
                .apply(([scope, principalId, roleId]) =>
                    deterministicUuid(scope, principalId, roleId.split("/").pop() ?? roleId),
                ),
            scope: args.scope,
            principalId: args.principal.id,
            principalType: principalTypeOf(args.principal.kind),
            roleDefinitionId,
            description,
            ...(args.condition !== undefined
                ? { condition: args.condition.expression, conditionVersion: args.condition.version }
                : {}),
        },
        opts,
    );
    const record: GrantRecord = {
        resourceName: name,
        principal: args.principal.label,
        kind: args.principal.kind,
        role: roleName,
        scope: args.scopeLabel,
        reason: args.reason,
        ...(args.condition !== undefined ? { condition: args.condition.readable } : {}),
        ...(args.exception !== undefined ? { exception: args.exception } : {}),
    };
    return { assignment, record };
}
