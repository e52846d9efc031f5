/**
 * The platform's rules (pure, no resources): which Microsoft Graph application permissions each CI identity gets, the
 * federated subjects of the workflows, the roles and ABAC condition of the deploy identity, the backend URLs.
 * platform/index.ts and platform/components/ declare them; platform/readme.ts and platform/github.ts present them.
 */
import { CONDITION_VERSION, type ConditionPrincipalType, constrainRolesAndPrincipalTypes } from "./abac";
import { CUSTOM_ROLE_KEYS, CUSTOM_ROLES, type RoleShape, sharedCustomRoleGuid } from "./customRoles";
import { gitHubSubject, type GitHubTrust } from "./federation";
import { type BuiltInRole, ROLES } from "./roles";

/**
 * Microsoft Graph's application (client) id, the same in every tenant: the resource of Graph app role assignments
 * (learn.microsoft.com/graph/permissions-grant-via-msgraph, "servicePrincipals(appId='00000003-0000-0000-c000-000000000000')").
 */
export const MICROSOFT_GRAPH_APP_ID = "00000003-0000-0000-c000-000000000000";

/** A Microsoft Graph application permission (an app role of the Graph service principal). */
export interface GraphAppRole {
    readonly name: string;
    /** The app role id, from Microsoft's Graph permissions reference. */
    readonly id: string;
    readonly why: string;
}

/**
 * Graph application permissions, each id copied from the Microsoft Graph permissions reference
 * (learn.microsoft.com/graph/permissions-reference, microsoftgraph/microsoft-graph-docs-contrib
 * concepts/permissions-reference.md, "Application" column of each permission's Identifier row; checked 2026-12-01).
 */
export const GRAPH_APP_ROLES = {
    applicationReadWriteOwnedBy: {
        name: "Application.ReadWrite.OwnedBy",
        id: "18a4783c-866b-4cc7-a460-3d5e5662c884",
        why: "create the team stacks' automation applications and rotate their passwords; it manages only applications the caller owns, which is why the deployer always stays an owner (components/automationPrincipal.ts)",
    },
    applicationReadAll: {
        name: "Application.Read.All",
        id: "9a5d68dd-52b0-4cc2-bd40-abcf44ac3a30",
        why: "read the automation applications, service principals and federated credentials in the team stacks' state during `pulumi preview`; for deploy, one of the three permissions creating a Conditional Access policy needs",
    },
    policyReadWriteConditionalAccess: {
        name: "Policy.ReadWrite.ConditionalAccess",
        id: "01c0a623-fc9b-48e9-b794-0756f8e8f067",
        why: "create and update the team stacks' Conditional Access policies (only when platform/guardrails.yaml conditionalAccess.allowed)",
    },
    /**
     * The "Get conditionalAccessPolicy" API page (learn.microsoft.com/graph/api/conditionalaccesspolicy-get) names
     * Policy.Read.All as the least privileged application permission; the narrower Policy.Read.ConditionalAccess
     * (37730810-e9ba-4e46-b07e-8ca78d182097) exists in the reference but that page does not list it, so it is not used.
     */
    policyReadAll: {
        name: "Policy.Read.All",
        id: "246dd0d5-5bd0-4def-940b-0421030a5b68",
        why: "read the team stacks' Conditional Access policies during `pulumi preview`; for deploy, one of the three permissions creating one needs (only when platform/guardrails.yaml conditionalAccess.allowed)",
    },
} as const satisfies Record<string, GraphAppRole>;

/**
 * The Graph application permissions of each CI identity. Creating a Conditional Access policy as an application needs
 * "Policy.Read.All, Policy.ReadWrite.ConditionalAccess and Application.Read.All" (microsoft-graph-docs-contrib
 * api-reference/v1.0/api/conditionalaccessroot-post-policies.md, Permissions, Application row; the azuread
 * provider's conditionalAccessPolicy resource documents the same three), so deploy gets all three.
 */
export function graphAppRoles(identity: "preview" | "deploy", conditionalAccess: boolean): GraphAppRole[] {
    const G = GRAPH_APP_ROLES;
    if (identity === "preview") {
        return conditionalAccess ? [G.applicationReadAll, G.policyReadAll] : [G.applicationReadAll];
    }
    return conditionalAccess
        ? [G.applicationReadWriteOwnedBy, G.policyReadWriteConditionalAccess, G.policyReadAll, G.applicationReadAll]
        : [G.applicationReadWriteOwnedBy];
}

/** Where the CI identities' workflows run: the repository, its default branch and the optional GitHub environments. */
export interface WorkflowTrust {
    /** `OWNER/REPO`. */
    readonly repository: string;
    /** The default branch deploys run on (deploy.yml, rotate.yml); the deploy subject when there is no environment. */
    readonly defaultBranch: string;
    /** A GitHub environment the deploy jobs reference (then the only deploy subject); "" for none. */
    readonly deployEnvironment: string;
    /** A GitHub environment the preview job references (e.g. with required reviewers); "" for none. */
    readonly previewEnvironment: string;
}

/** One federated credential: its name and the GitHub trust it matches. */
export interface FederatedSubject {
    readonly name: string;
    readonly trust: GitHubTrust;
    readonly subject: string;
}

/**
 * The federated credentials of each identity, matching the workflows' tokens exactly. GitHub puts
 * `repo:OWNER/REPO:environment:NAME` in the subject of any job that references an environment, else
 * `repo:OWNER/REPO:pull_request` for pull_request events and `repo:OWNER/REPO:ref:refs/heads/BRANCH` for pushes,
 * schedules and workflow_dispatch on a branch (docs.github.com/actions/reference/openid-connect-reference,
 * "Example subject claims"). Validated by lib/federation.ts's rules (no wildcard, valid names).
 */
export function federatedSubjects(identity: "preview" | "deploy", t: WorkflowTrust): FederatedSubject[] {
    const make = (name: string, trust: GitHubTrust): FederatedSubject => ({
        name,
        trust,
        subject: gitHubSubject(trust),
    });
    if (identity === "preview") {
        return t.previewEnvironment !== ""
            ? [make("github-preview-environment", { repo: t.repository, environment: t.previewEnvironment })]
            : [make("github-pull-request", { repo: t.repository, pullRequest: true })];
    }
    // With a deploy environment, ONLY its subject: a branch subject as well would let any job on the default branch
    // that does not reference the environment get the deploy token, bypassing the environment's protection rules
    // (restrict the environment's deployment branches to the default branch instead).
    return t.deployEnvironment !== ""
        ? [make("github-deploy-environment", { repo: t.repository, environment: t.deployEnvironment })]
        : [make("github-default-branch", { repo: t.repository, branch: t.defaultBranch })];
}

/** Where a CI identity's Azure role applies. */
export type CiScope = "subscription" | "stateContainer" | "stateKey";

/** One Azure role of a CI identity: the role, where, and why (the README's deployer section is built from these). */
export interface CiAzureRole {
    readonly key: string;
    readonly role: BuiltInRole;
    readonly scope: CiScope;
    readonly reason: string;
    /** Role Based Access Control Administrator: carries the ABAC condition of {@link deployerCondition}. */
    readonly conditioned?: boolean;
}

const SCOPE_LABEL: Record<CiScope, string> = {
    subscription: "subscription",
    stateContainer: "state container",
    stateKey: "secrets provider key",
};

/** The access-matrix label of a CI scope. */
export function ciScopeLabel(scope: CiScope): string {
    return SCOPE_LABEL[scope];
}

/**
 * State data roles. On the DIY (azblob) backend `pulumi preview` takes no lock and writes nothing: `Preview` calls
 * `apply` with DryRun and no `Lock`, and `apply` persists snapshots, history and backups only when not DryRun, while
 * `Update`, `Refresh`, `Destroy` and `Import` take the stack lock, a blob in the container (pulumi/pulumi
 * pkg/backend/diy/backend.go; this corrects the reference note that a preview takes the lock). So the preview identity
 * reads the container and the deploy identity writes it. Both decrypt the stacks' secrets with the key vault key
 * (Pulumi azurekeyvault secrets provider): the preview identity can read every stack's secrets, which is why previews
 * of pull requests run behind a GitHub environment with required reviewers (config previewEnvironment).
 */
const KEY_ROLE: CiAzureRole = {
    key: "state-key",
    role: ROLES.keyVaultCryptoUser,
    scope: "stateKey",
    reason: "encrypt and decrypt the stacks' data keys (Pulumi azurekeyvault secrets provider)",
};
const STATE_READ: CiAzureRole = {
    key: "state-blob",
    role: ROLES.storageBlobDataReader,
    scope: "stateContainer",
    reason: "read stack state (a preview on the DIY backend takes no lock and writes nothing)",
};
const STATE_WRITE: CiAzureRole = {
    key: "state-blob",
    role: ROLES.storageBlobDataContributor,
    scope: "stateContainer",
    reason: "read and write stack state, history and backups, and take the stack lock (Pulumi DIY backend on Azure Blob)",
};

/** The Azure roles of each CI identity. Never Owner or User Access Administrator. */
export const CI_AZURE_ROLES: Readonly<Record<"preview" | "deploy", readonly CiAzureRole[]>> = {
    preview: [
        {
            key: "reader-subscription",
            role: ROLES.reader,
            scope: "subscription",
            reason: "read the team stacks' Azure resources during pulumi preview; the stacks create their resource groups, so no narrower scope exists in advance",
        },
        STATE_READ,
        KEY_ROLE,
    ],
    deploy: [
        {
            key: "contributor-subscription",
            role: ROLES.contributor,
            scope: "subscription",
            reason: "create the team stacks' resource groups (Microsoft.Resources/subscriptions/resourceGroups/write is a subscription-level operation) and their resources; Contributor has no Microsoft.Authorization write",
        },
        {
            key: "rbac-admin-subscription",
            role: ROLES.rbacAdministrator,
            scope: "subscription",
            reason: "create and delete the team stacks' role assignments, limited by an ABAC condition to the role catalog and the platform's custom roles, for service principals and groups only",
            conditioned: true,
        },
        STATE_WRITE,
        KEY_ROLE,
    ],
};

/**
 * The deploy identity's own custom role for Azure Policy exemptions, defined and assigned only when
 * platform/guardrails.yaml `policyExemptions.allowed`. An exemption needs `policyExemptions/write` (and `delete`) at
 * its scope and `policyAssignments/exempt/action` on the assignment; Contributor's NotActions exclude
 * `Microsoft.Authorization/*\/Write` and `*\/Delete` and RBAC Administrator has only role assignments (MicrosoftDocs/azure-docs
 * role-based-access-control/built-in-roles/privileged.md). The role names exempt/action as well, so it alone suffices. Each
 * action is Microsoft's (azure-docs role-based-access-control/permissions, Microsoft.Authorization: "Create a policy
 * exemption at the specified scope", "Exempt a policy assignment at the specified scope"). Not Resource Policy
 * Contributor, which can also write and delete assignments and definitions; and never in the ABAC condition: the
 * deploy identity holds it but cannot hand it out.
 */
export const POLICY_EXEMPTION_ROLE: RoleShape = {
    key: "policyExemptionWriter",
    title: "Policy Exemption Writer",
    description:
        "Creates, updates and deletes Azure Policy exemptions of assignments in this subscription; nothing else: no policy assignments or definitions.",
    actions: [
        "Microsoft.Authorization/policyExemptions/read",
        "Microsoft.Authorization/policyExemptions/write",
        "Microsoft.Authorization/policyExemptions/delete",
        "Microsoft.Authorization/policyAssignments/exempt/action",
    ],
    notActions: [],
};

/** Why the deploy identity holds the exemption role (the access matrix and the README). */
export const POLICY_EXEMPTION_REASON =
    "create and delete the team stacks' documented Azure Policy exemptions (only when platform/guardrails.yaml policyExemptions.allowed); Contributor excludes policyExemptions/write and delete (Microsoft.Authorization/*/Write, */Delete)";

/** The built-in roles the deploy identity may assign: every non-privileged role of the catalog (lib/roles.ts). */
export function assignableBuiltInRoles(): BuiltInRole[] {
    return Object.values(ROLES).filter((r: BuiltInRole) => !r.privileged && r.deployerAssignable !== false);
}

/** The role GUIDs the deploy identity may assign in a subscription: the catalog's and the platform's custom roles. */
export function deployerAssignableRoleGuids(subscriptionId: string): string[] {
    return [
        ...assignableBuiltInRoles().map((r) => r.id),
        ...CUSTOM_ROLE_KEYS.map((k) => sharedCustomRoleGuid(subscriptionId, k)),
    ];
}

/** The principal types team stacks assign to (grant() maps managed identities to ServicePrincipal). */
export const DEPLOYER_PRINCIPAL_TYPES: readonly ConditionPrincipalType[] = ["ServicePrincipal", "Group"];

/** The ABAC condition on the deploy identity's Role Based Access Control Administrator assignment. */
export function deployerCondition(subscriptionId: string): { condition: string; conditionVersion: string } {
    return {
        condition: constrainRolesAndPrincipalTypes(
            deployerAssignableRoleGuids(subscriptionId),
            DEPLOYER_PRINCIPAL_TYPES,
        ),
        conditionVersion: CONDITION_VERSION,
    };
}

/** The condition in words, for the access matrix: the role names it allows and the principal types. */
export function deployerConditionReadable(): string {
    const names = [
        ...assignableBuiltInRoles().map((r) => r.name),
        ...CUSTOM_ROLE_KEYS.map((k) => `${CUSTOM_ROLES[k].title} (custom)`),
    ];
    return `ABAC condition ${CONDITION_VERSION}: create and delete role assignments only for [${names.join(", ")}] and only to principal types [${DEPLOYER_PRINCIPAL_TYPES.join(", ")}]`;
}

/**
 * The Pulumi DIY backend URL for an Azure Blob container: `azblob://<container>?storage_account=<account>`
 * (pulumi.com/docs/iac/concepts/state-and-backends, "Azure Blob Storage").
 */
export function azblobUrl(container: string, account: string): string {
    return `azblob://${container}?storage_account=${account}`;
}

/**
 * The Pulumi secrets provider URL for a key vault key: `azurekeyvault://<vault>.vault.azure.net/keys/<key>`
 * (pulumi.com/docs/iac/concepts/secrets, "Azure Key Vault").
 */
export function azureKeyVaultSecretsProvider(vault: string, key: string): string {
    return `azurekeyvault://${vault}.vault.azure.net/keys/${key}`;
}
