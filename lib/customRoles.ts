/**
 * The two custom role shapes for the compute split that Azure ML's own guidance describes ("an admin or automation
 * process might have access to create a compute instance, but not use it, while a data scientist could use it, but
 * not delete or create it": how-to-setup-authentication.md, seed doc). Pure: no resources.
 *
 * Every action string below is copied from Microsoft's resource provider operations reference for
 * Microsoft.MachineLearningServices: MicrosoftDocs/azure-docs
 * articles/role-based-access-control/permissions/ai-machine-learning.md (section "Microsoft.MachineLearningServices",
 * stored commit 01365cd560a07fc6351755e3fd853ee1f4d0e169). The set a compute instance user needs (start, stop,
 * restart, applicationaccess, updateSchedules) is the list MicrosoftDocs/azure-ai-docs
 * articles/machine-learning/how-to-create-compute-instance.md gives for a data scientist an instance is created for;
 * creating needs computes/write plus checkComputeNameAvailability/action (concept-compute-instance.md). No wildcard
 * is ever used (RA-06): a wildcard would silently grow with every new operation Microsoft adds.
 */

import { IDLE_SHUTDOWN_ACTIONS, IDLE_SHUTDOWN_ROLE_DESCRIPTION } from "./idleShutdownRole";
import { deterministicUuid } from "./uuid";

const P = "Microsoft.MachineLearningServices/workspaces";

/** The Azure ML operations the custom roles use, each verified in the operations reference. */
export const ML_ACTIONS = {
    /** "Gets the Machine Learning Services Workspace(s)". */
    workspaceRead: `${P}/read`,
    /** "Checks name for compute in ... Machine Learning Services Workspace(s)": needed to create a compute. */
    checkComputeName: `${P}/checkComputeNameAvailability/action`,
    /** "Gets the compute resources in Machine Learning Services Workspace(s)". */
    computeRead: `${P}/computes/read`,
    /** "Creates or updates the compute resources in Machine Learning Services Workspace(s)". */
    computeWrite: `${P}/computes/write`,
    /** "Deletes the compute resources in Machine Learning Services Workspace(s)". */
    computeDelete: `${P}/computes/delete`,
    /** "List secrets for compute resources in Machine Learning Services Workspace". */
    computeListKeys: `${P}/computes/listKeys/action`,
    /** "Start compute resource in Machine Learning Services Workspace". */
    computeStart: `${P}/computes/start/action`,
    /** "Stop compute resource in Machine Learning Services Workspace". */
    computeStop: `${P}/computes/stop/action`,
    /** "Restart compute resource in Machine Learning Services Workspace". */
    computeRestart: `${P}/computes/restart/action`,
    /** "Update compute idle shutdown settings in Machine Learning Services Workspace". */
    computeUpdateIdleShutdown: `${P}/computes/updateIdleShutdownSetting/action`,
    /** "Access compute resource in Machine Learning Services Workspace" (Jupyter, JupyterLab, terminal, VS Code). */
    computeApplicationAccess: `${P}/computes/applicationaccess/action`,
    /** "Edit compute start/stop schedules". */
    computeUpdateSchedules: `${P}/computes/updateSchedules/action`,
    /** "Enable compute instance UI links". */
    computeApplicationAccessUiLinks: `${P}/computes/applicationaccessuilinks/action`,
    /** "Reimages compute resource in Machine Learning Services Workspace". */
    computeReimage: `${P}/computes/reimage/action`,
    /**
     * Scoring a managed online endpoint with a Microsoft Entra token: "Invoke managed online endpoints with
     * Microsoft Entra token (aad_token) | ... any role allowing
     * Microsoft.MachineLearningServices/workspaces/onlineEndpoints/score/action | endpoint" (MicrosoftDocs/azure-ai-docs
     * articles/machine-learning/concept-endpoints-online-auth.md, "Authorization for data plane operations"; the
     * operation is listed in the permissions page above under onlineEndpoints).
     */
    onlineEndpointScore: `${P}/onlineEndpoints/score/action`,
} as const;

/**
 * The keys of the custom role catalog. Every key is defined once per subscription by the platform project
 * (platform/, platform/components/customRoleDefinitions.ts) and assigned by the team stacks; adding a key here adds the role to the
 * platform, to the deploy identity's ABAC condition and to what team stacks may assign.
 */
export type CustomRoleKey = "computeAdmin" | "computeUser" | "idleShutdown" | "endpointScorer";

/** A custom role shape: what Azure calls a role definition's permissions, plus the intent in words. */
export interface CustomRoleShape extends RoleShape {
    readonly key: CustomRoleKey;
}

/** Any role the platform defines: the team catalog's and the deploy identity's own (lib/platform.ts). */
export interface RoleShape {
    /** Stable key: part of the role definition GUID. */
    readonly key: string;
    /** Short name; the role name in Azure adds the subscription, because custom role names are directory-unique. */
    readonly title: string;
    readonly description: string;
    readonly actions: readonly string[];
    /**
     * Operations the role must never allow, stated explicitly. NotActions only subtract from Actions, so with no
     * wildcard in Actions they change nothing at runtime: they document the intent in Azure itself and keep it true
     * if someone later widens Actions.
     */
    readonly notActions: readonly string[];
}

const A = ML_ACTIONS;

/** The "use" operations: connecting to and running an instance, or reading its secrets. */
const USE = [
    A.computeStart,
    A.computeRestart,
    A.computeApplicationAccess,
    A.computeApplicationAccessUiLinks,
    A.computeListKeys,
];
/** The lifecycle operations: creating, changing or deleting a compute. */
const LIFECYCLE = [A.computeWrite, A.computeDelete, A.checkComputeName, A.computeReimage];

export const CUSTOM_ROLES: Readonly<Record<CustomRoleKey, CustomRoleShape>> = {
    computeAdmin: {
        key: "computeAdmin",
        title: "AzureML Compute Admin",
        description:
            "Creates, configures and deletes Azure ML computes (instances and clusters) but cannot start, connect to or read the secrets of one.",
        actions: [
            A.workspaceRead,
            A.computeRead,
            A.checkComputeName,
            A.computeWrite,
            A.computeDelete,
            A.computeStop, // stopping an idle instance saves cost and grants no use
            A.computeUpdateIdleShutdown,
            A.computeUpdateSchedules,
        ],
        notActions: USE,
    },
    computeUser: {
        key: "computeUser",
        title: "AzureML Compute User",
        description:
            "Starts, stops, restarts and connects to Azure ML compute instances (Jupyter, terminal, VS Code) and edits their schedules, but cannot create, change or delete a compute.",
        actions: [
            A.workspaceRead,
            A.computeRead,
            A.computeStart,
            A.computeStop,
            A.computeRestart,
            A.computeApplicationAccess,
            A.computeUpdateSchedules,
        ],
        notActions: LIFECYCLE,
    },
    idleShutdown: {
        key: "idleShutdown",
        title: "AzureML Compute Idle Shutdown",
        description: IDLE_SHUTDOWN_ROLE_DESCRIPTION,
        actions: [...IDLE_SHUTDOWN_ACTIONS],
        notActions: [],
    },
    endpointScorer: {
        key: "endpointScorer",
        title: "AzureML Online Endpoint Scorer",
        description:
            "Scores (invokes) Azure ML managed online endpoints with a Microsoft Entra token; nothing else: no reading, changing or deploying endpoints, no keys or aml_token.",
        actions: [A.onlineEndpointScore],
        notActions: [],
    },
};

/**
 * The CI deploy identity's own custom role for management locks: production stamps put CanNotDelete locks on their
 * workspace, storage account and key vault (components/locks.ts). "To create or delete management locks, you need
 * access to `Microsoft.Authorization/*` or `Microsoft.Authorization/locks/*` actions. Users assigned to the Owner and
 * the User Access Administrator roles have the required access ... You can create a custom role with the required
 * permissions" (MicrosoftDocs/azure-docs articles/azure-resource-manager/management/lock-resources.md, "Who can create
 * or delete locks"); Contributor's NotActions exclude `Microsoft.Authorization/*\/Write` and `*\/Delete`
 * (built-in-roles/privileged.md). The three operations are Microsoft's (azure-docs role-based-access-control/
 * permissions, Microsoft.Authorization: locks/read "Gets locks at the specified scope", locks/write "Add locks at the
 * specified scope", locks/delete "Delete locks at the specified scope"), named one by one rather than `locks/*`
 * (RA-06: no wildcard). Not in the team catalog (CUSTOM_ROLES): the deploy identity holds it but its ABAC condition
 * never lets it hand the role out; the platform defines it (platform/index.ts).
 */
export const LOCK_WRITER_ROLE: RoleShape = {
    key: "lockWriter",
    title: "Management Lock Writer",
    description:
        "Reads, creates and deletes management locks in this subscription (the production stamps' CanNotDelete locks); nothing else.",
    actions: [
        "Microsoft.Authorization/locks/read",
        "Microsoft.Authorization/locks/write",
        "Microsoft.Authorization/locks/delete",
    ],
    notActions: [],
};

/** Why the deploy identity holds the lock role (the access matrix, the README and docs/permissions.md). */
export const LOCK_WRITER_REASON =
    "create and delete the CanNotDelete locks of production stamps (workspace, storage account, key vault); Contributor excludes locks/write and delete (Microsoft.Authorization/*/Write, */Delete)";

/** Every custom role of the catalog, in a stable order: what the platform defines. */
export const CUSTOM_ROLE_KEYS: readonly CustomRoleKey[] = Object.keys(CUSTOM_ROLES) as CustomRoleKey[];

/** The custom roles a team stack may give to its groups (and automation principal) through `access.customRoles`. */
export const PEOPLE_CUSTOM_ROLE_KEYS = ["computeAdmin", "computeUser"] as const satisfies readonly CustomRoleKey[];
export type PeopleCustomRoleKey = (typeof PEOPLE_CUSTOM_ROLE_KEYS)[number];

/** True when a permission pattern (possibly with `*` wildcards) matches an operation, case-insensitively as Azure does. */
export function patternMatches(pattern: string, operation: string): boolean {
    const re = new RegExp(
        `^${pattern
            .split("*")
            .map((part) => part.replace(/[.+?^${}()|[\]\\/]/g, "\\$&"))
            .join(".*")}$`,
        "i",
    );
    return re.test(operation);
}

/** What Azure computes for one permission block: allowed = matches some action and no notAction. */
export function allows(
    permission: { actions: readonly string[]; notActions: readonly string[] },
    operation: string,
): boolean {
    return (
        permission.actions.some((a) => patternMatches(a, operation)) &&
        !permission.notActions.some((n) => patternMatches(n, operation))
    );
}

/** True for a subscription id (`/subscriptions/<id>`): where the platform defines the shared custom roles. */
export function isSubscriptionId(scope: string): boolean {
    return /^\/subscriptions\/[^/]+$/i.test(scope);
}

/**
 * The role definition GUID of a shared custom role in a subscription: ONE function, used by the platform that
 * defines the role and by every team stack that assigns it, so a team stack knows the id without the platform's
 * outputs (its offline plan needs no platform) and both always agree. Deterministic like Bicep's `guid()`.
 */
export function sharedCustomRoleGuid(subscriptionId: string, key: CustomRoleKey): string {
    return roleGuid(subscriptionId, key);
}

function roleGuid(subscriptionId: string, key: string): string {
    return deterministicUuid("aml-stamp/custom-role", subscriptionId, key);
}

/** The subscription-scoped role definition id that role assignments name (the same form as built-in roles). */
export function sharedCustomRoleId(subscriptionId: string, key: CustomRoleKey): string {
    return `/subscriptions/${subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${sharedCustomRoleGuid(subscriptionId, key)}`;
}

/**
 * The role's name in Azure. Custom role names are unique in the Microsoft Entra directory, not per subscription
 * (MicrosoftDocs/azure-docs articles/role-based-access-control/custom-roles.md, as recorded in the project's checked
 * facts; the exact sentence was not re-read here): one platform per subscription, so the name carries the
 * subscription id.
 */
export function sharedCustomRoleName(shape: RoleShape, subscriptionId: string): string {
    return `aml-stamp ${shape.title} (${subscriptionId})`;
}

/**
 * The role definition the platform declares for one catalog entry: defined at the subscription and assignable at
 * the subscription (so every team resource group and resource below it can assign it; RA-06).
 */
export function sharedCustomRoleDefinition(
    shape: RoleShape,
    subscriptionId: string,
): {
    roleDefinitionId: string;
    roleName: string;
    description: string;
    scope: string;
    permissions: { actions: string[]; notActions: string[]; dataActions: string[]; notDataActions: string[] }[];
    assignableScopes: string[];
} {
    const scope = `/subscriptions/${subscriptionId}`;
    if (!isSubscriptionId(scope)) throw new Error(`custom role ${shape.key}: bad subscription id "${subscriptionId}"`);
    return {
        roleDefinitionId: roleGuid(subscriptionId, shape.key),
        roleName: sharedCustomRoleName(shape, subscriptionId),
        description: `aml-stamp: ${shape.description}`,
        scope,
        permissions: [
            { actions: [...shape.actions], notActions: [...shape.notActions], dataActions: [], notDataActions: [] },
        ],
        assignableScopes: [scope],
    };
}
