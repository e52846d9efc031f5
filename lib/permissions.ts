/**
 * The permission model: every resource type the code can declare → the rights that create, update and delete it →
 * which identity holds them. Pure: scripts/permissionsDocs.ts finds the declared types in the source (declaredTypes)
 * and writes docs/permissions.md from this table; tests/permissions.spec.ts fails when a declared type has no entry,
 * or when the identity that deploys it holds no right to create it.
 *
 * Azure actions follow the resource provider operations reference (MicrosoftDocs/azure-docs
 * articles/role-based-access-control/permissions/*.md: `<type>/write` "creates or updates", `<type>/delete`); the
 * role definitions are copied from built-in-roles/privileged.md and general.md. Graph permissions are the least
 * privileged application permissions of each API page (microsoftgraph/microsoft-graph-docs-contrib api-reference/v1.0).
 */
import { allows, LOCK_WRITER_ROLE } from "./customRoles";
import { CI_AZURE_ROLES, graphAppRoles, POLICY_EXEMPTION_ROLE } from "./platform";
import { ROLES } from "./roles";

/** The control-plane permissions of a role. */
export interface RolePermissions {
    readonly name: string;
    readonly actions: readonly string[];
    readonly notActions: readonly string[];
    readonly source: string;
}

/** The built-in roles the CI identities hold at the subscription, as Microsoft defines them. */
export const BUILT_IN_PERMISSIONS: Readonly<Record<string, RolePermissions>> = {
    [ROLES.contributor.id]: {
        name: ROLES.contributor.name,
        actions: ["*"],
        notActions: [
            "Microsoft.Authorization/*/Delete",
            "Microsoft.Authorization/*/Write",
            "Microsoft.Authorization/elevateAccess/Action",
            "Microsoft.Blueprint/blueprintAssignments/write",
            "Microsoft.Blueprint/blueprintAssignments/delete",
            "Microsoft.Compute/galleries/share/action",
            "Microsoft.Purview/consents/write",
            "Microsoft.Purview/consents/delete",
            "Microsoft.Resources/deploymentStacks/manageDenySetting/action",
            "Microsoft.Subscription/cancel/action",
            "Microsoft.Subscription/enable/action",
        ],
        source: "azure-docs built-in-roles/privileged.md (ms.date 07/01/2026)",
    },
    [ROLES.rbacAdministrator.id]: {
        name: ROLES.rbacAdministrator.name,
        actions: [
            "Microsoft.Authorization/roleAssignments/write",
            "Microsoft.Authorization/roleAssignments/delete",
            "*/read",
            "Microsoft.Support/*",
        ],
        notActions: [],
        source: "azure-docs built-in-roles/privileged.md (ms.date 07/01/2026); its ABAC condition limits the roles (lib/abac.ts)",
    },
    [ROLES.reader.id]: {
        name: ROLES.reader.name,
        actions: ["*/read"],
        notActions: [],
        source: "azure-docs built-in-roles/general.md",
    },
};

/** Who deploys what: CI's identities deploy the team stacks, an administrator the platform stack (docs/platform.md). */
export type Deployer = "team" | "platform";

/** The rights one resource type needs. */
export interface TypeRights {
    /** The Pulumi type token. */
    readonly token: string;
    /** Azure (ARM) or Microsoft Graph; `state` for resources that live only in Pulumi state. */
    readonly plane: "azure" | "graph" | "state";
    /** The ARM resource type or Graph API, for the table. */
    readonly resource: string;
    /** Create and update: ARM actions, or Graph application permissions (all needed). */
    readonly write: readonly string[];
    readonly delete: readonly string[];
    /** Read (`pulumi preview`, refresh). */
    readonly read: readonly string[];
    /** Rights needed on something outside the stack (another subscription, a hub), and where. */
    readonly elsewhere?: string;
    /** When the stack declares it. */
    readonly when: string;
    readonly source: string;
}

const OPS = "azure-docs role-based-access-control/permissions";

function arm(
    token: string,
    type: string,
    when: string,
    extra: { write?: readonly string[]; elsewhere?: string; page: string },
): TypeRights {
    return {
        token,
        plane: "azure",
        resource: type,
        write: [`${type}/write`, ...(extra.write ?? [])],
        delete: [`${type}/delete`],
        read: [`${type}/read`],
        ...(extra.elsewhere !== undefined ? { elsewhere: extra.elsewhere } : {}),
        when,
        source: `${OPS}/${extra.page}`,
    };
}

const OWNED_BY = "Application.ReadWrite.OwnedBy";
const APP_READ = "Application.Read.All";
const GRAPH = "microsoft-graph-docs-contrib api-reference/v1.0/api";

/**
 * A Graph type: `sdk` is the resource's file in @pulumi/azuread (6.9.1), whose "API Permissions" section names the
 * application roles the provider needs ("Application.ReadWrite.OwnedBy or Application.ReadWrite.All", with OwnedBy
 * only while the caller owns the application, and for a service principal both it and its application).
 */
function graph(
    token: string,
    resource: string,
    when: string,
    write: readonly string[],
    sdk: string,
    also?: string,
): TypeRights {
    const source = `@pulumi/azuread ${sdk}.d.ts "API Permissions"${also !== undefined ? `; ${also}` : ""}`;
    return { token, plane: "graph", resource, write, delete: write, read: [APP_READ], when, source };
}

/** The rights of each resource type the code can declare. */
const RIGHTS_LIST: readonly TypeRights[] = [
    arm("azure-native:resources:ResourceGroup", "Microsoft.Resources/subscriptions/resourceGroups", "always", {
        page: "management-and-governance.md",
    }),
    arm("azure-native:storage:StorageAccount", "Microsoft.Storage/storageAccounts", "always", {
        page: "storage.md",
    }),
    arm("azure-native:storage:BlobServiceProperties", "Microsoft.Storage/storageAccounts/blobServices", "always", {
        page: "storage.md",
    }),
    arm(
        "azure-native:storage:BlobContainer",
        "Microsoft.Storage/storageAccounts/blobServices/containers",
        "platform: the state container",
        { page: "storage.md" },
    ),
    arm("azure-native:keyvault:Vault", "Microsoft.KeyVault/vaults", "always", { page: "security.md" }),
    arm(
        "azure-native:keyvault:Key",
        "Microsoft.KeyVault/vaults/keys",
        "customerManagedKey.enabled; platform: the secrets provider key",
        { page: "security.md" },
    ),
    arm("azure-native:keyvault:Secret", "Microsoft.KeyVault/vaults/secrets", "automation.storeSecretInKeyVault", {
        page: "security.md",
    }),
    arm("azure-native:containerregistry:Registry", "Microsoft.ContainerRegistry/registries", "containerRegistry", {
        page: "containers.md",
    }),
    arm("azure-native:operationalinsights:Workspace", "Microsoft.OperationalInsights/workspaces", "always", {
        page: "monitor.md",
    }),
    arm("azure-native:applicationinsights:Component", "Microsoft.Insights/components", "always", {
        page: "monitor.md",
    }),
    arm(
        "azure-native:monitor:DiagnosticSetting",
        "Microsoft.Insights/diagnosticSettings",
        "production: the workspace, the default storage's blob service, the key vault, the registry",
        {
            page: "monitor.md",
            write: [
                "Microsoft.OperationalInsights/workspaces/read",
                "Microsoft.OperationalInsights/workspaces/sharedKeys/action",
            ],
            elsewhere:
                "on the destination, the platform's Log Analytics workspace (platform/guardrails.yaml monitoring.logAnalyticsWorkspaceId): Microsoft.OperationalInsights/workspaces/read and Microsoft.OperationalInsights/workspaces/sharedKeys/action, what a user needs to \"use it as a destination for diagnostic settings\" (azure-docs azure-monitor/logs/manage-access.md; Azure answers LinkedAuthorizationFailed without them). In the stack's subscription the deploy identity's Contributor has both; in another subscription the platform's owners grant the deploy identity a custom role with exactly these two actions on that workspace",
        },
    ),
    arm(
        "azure-native:monitor:PrivateLinkScopedResource",
        "Microsoft.Insights/privateLinkScopes/scopedResources",
        "production (platform/guardrails.yaml monitoring.privateLinkScopeId)",
        {
            page: "monitor.md",
            elsewhere:
                "the write is on the platform's Azure Monitor Private Link Scope (platform/guardrails.yaml monitoring.privateLinkScopeId), which must be in the stack's subscription (the provider deploys there), in a resource group of the platform's: the deploy identity's Contributor at the subscription covers it; a platform that narrows it grants Microsoft.Insights/privateLinkScopes/scopedResources/write, /read and /delete on the scope",
        },
    ),
    arm(
        "azure-native:managedidentity:UserAssignedIdentity",
        "Microsoft.ManagedIdentity/userAssignedIdentities",
        "workspaceIdentity or a compute/endpoint identity {type: user, create: true}",
        { page: "identity.md", write: ["Microsoft.ManagedIdentity/userAssignedIdentities/assign/action"] },
    ),
    arm("azure-native:machinelearningservices:Workspace", "Microsoft.MachineLearningServices/workspaces", "always", {
        page: "ai-machine-learning.md",
        elsewhere:
            "an existing user-assigned identity named by resourceId needs Microsoft.ManagedIdentity/userAssignedIdentities/assign/action on it: Contributor has it only in the stack's subscription",
    }),
    arm(
        "azure-native:machinelearningservices:Compute",
        "Microsoft.MachineLearningServices/workspaces/computes",
        "computeClusters, computeInstances",
        { page: "ai-machine-learning.md" },
    ),
    arm(
        "azure-native:machinelearningservices:OnlineEndpoint",
        "Microsoft.MachineLearningServices/workspaces/onlineEndpoints",
        "onlineEndpoints",
        { page: "ai-machine-learning.md" },
    ),
    // Actions as Microsoft's custom-role examples spell them (azure-ai-docs how-to-assign-roles.md:
    // "Microsoft.MachineLearningServices/workspaces/datastores/write", ".../datastores/delete"; connections/write).
    arm(
        "azure-native:machinelearningservices:Datastore",
        "Microsoft.MachineLearningServices/workspaces/datastores",
        "datastores",
        {
            page: "ai-machine-learning.md",
            elsewhere:
                "the data role on a datastore's container is a role assignment there: the deploy identity's RBAC Administrator (and its ABAC condition) covers only the stack's subscription, so a target account in another subscription needs the platform to grant it there (docs/data.md)",
        },
    ),
    arm(
        "azure-native:machinelearningservices:WorkspaceConnection",
        "Microsoft.MachineLearningServices/workspaces/connections",
        "connections",
        { page: "ai-machine-learning.md" },
    ),
    arm("azure-native:network:PrivateEndpoint", "Microsoft.Network/privateEndpoints", "privateEndpointSubnetId", {
        page: "networking.md",
        write: ["Microsoft.Network/virtualNetworks/subnets/join/action"],
        elsewhere:
            "Microsoft.Network/virtualNetworks/subnets/join/action on the subnet (privateEndpointSubnetId): in a hub subscription the deploy identity has no role, so the hub's owners grant it there (e.g. a custom role with that action on the subnet)",
    }),
    arm(
        "azure-native:network:PrivateDnsZoneGroup",
        "Microsoft.Network/privateEndpoints/privateDnsZoneGroups",
        "privateDnsZoneIds",
        {
            page: "networking.md",
            write: ["Microsoft.Network/privateDnsZones/join/action"],
            elsewhere:
                "Microsoft.Network/privateDnsZones/join/action on each zone (privateDnsZoneIds): in a hub subscription the hub's owners grant it there",
        },
    ),
    {
        token: "azure-native:authorization:RoleAssignment",
        plane: "azure",
        resource: "Microsoft.Authorization/roleAssignments",
        write: ["Microsoft.Authorization/roleAssignments/write"],
        delete: ["Microsoft.Authorization/roleAssignments/delete"],
        read: ["Microsoft.Authorization/roleAssignments/read"],
        when: "always (grant(), components/access.ts); team stacks: only roles and principal types the deploy identity's ABAC condition allows (tests/deployerCanAssign.spec.ts)",
        source: `${OPS}/management-and-governance.md`,
    },
    {
        token: "azure-native:authorization:PolicyExemption",
        plane: "azure",
        resource: "Microsoft.Authorization/policyExemptions",
        write: [
            "Microsoft.Authorization/policyExemptions/write",
            "Microsoft.Authorization/policyAssignments/exempt/action",
        ],
        delete: ["Microsoft.Authorization/policyExemptions/delete"],
        read: ["Microsoft.Authorization/policyExemptions/read"],
        when: "policyExemptions.assignmentId on a production stack (only when platform/guardrails.yaml policyExemptions.allowed)",
        source: `${OPS}/management-and-governance.md`,
    },
    {
        token: "azure-native:authorization:RoleDefinition",
        plane: "azure",
        resource: "Microsoft.Authorization/roleDefinitions",
        write: ["Microsoft.Authorization/roleDefinitions/write"],
        delete: ["Microsoft.Authorization/roleDefinitions/delete"],
        read: ["Microsoft.Authorization/roleDefinitions/read"],
        when: "platform: the shared custom roles and the exemption role",
        source: `${OPS}/management-and-governance.md`,
    },
    {
        token: "azure-native:authorization:ManagementLockByScope",
        plane: "azure",
        resource: "Microsoft.Authorization/locks",
        write: ["Microsoft.Authorization/locks/write"],
        delete: ["Microsoft.Authorization/locks/delete"],
        read: ["Microsoft.Authorization/locks/read"],
        when: "production stacks, unless locks.enabled is false (only when platform/guardrails.yaml locks.optOutAllowed); the deploy identity's lock role (lib/customRoles.ts LOCK_WRITER_ROLE)",
        source: `${OPS}/management-and-governance.md (Microsoft.Authorization: locks); azure-docs azure-resource-manager/management/lock-resources.md "Who can create or delete locks"`,
    },
    {
        token: "azure-native:consumption:Budget",
        plane: "azure",
        resource: "Microsoft.Consumption/budgets",
        write: ["Microsoft.Consumption/budgets/write"],
        delete: ["Microsoft.Consumption/budgets/delete"],
        read: ["Microsoft.Consumption/budgets/read"],
        when: "budget.amount (platform/guardrails.yaml budget.required may require it)",
        source: `${OPS} (Microsoft.Consumption: budgets/read, budgets/write "Creates and update the budgets", budgets/delete)`,
    },
    graph(
        "azuread:index/application:Application",
        "applications",
        "automation.enabled; platform: the CI identities",
        [OWNED_BY],
        "application",
    ),
    graph(
        "azuread:index/servicePrincipal:ServicePrincipal",
        "servicePrincipals",
        "automation.enabled; platform: the CI identities",
        [OWNED_BY],
        "servicePrincipal",
    ),
    graph(
        "azuread:index/applicationPassword:ApplicationPassword",
        "application: addPassword / removePassword",
        "automation.clientSecrets (two rotating slots)",
        [OWNED_BY],
        "applicationPassword",
    ),
    graph(
        "azuread:index/applicationFederatedIdentityCredential:ApplicationFederatedIdentityCredential",
        "application federatedIdentityCredentials",
        "automation.federatedCredentials; platform: the CI identities' GitHub subjects",
        [OWNED_BY],
        "applicationFederatedIdentityCredential",
    ),
    {
        ...graph(
            "azuread:index/conditionalAccessPolicy:ConditionalAccessPolicy",
            "identity/conditionalAccess/policies",
            "conditionalAccess.enabled (only when platform/guardrails.yaml conditionalAccess.allowed)",
            ["Policy.Read.All", "Policy.ReadWrite.ConditionalAccess", APP_READ],
            "conditionalAccessPolicy",
            `${GRAPH}/conditionalaccessroot-post-policies.md: "Policy.Read.All, Policy.ReadWrite.ConditionalAccess and Application.Read.All"`,
        ),
        read: ["Policy.Read.All"],
    },
    graph(
        "azuread:index/appRoleAssignment:AppRoleAssignment",
        "servicePrincipals appRoleAssignedTo (admin consent of a Graph application permission)",
        "platform: the CI identities' Graph permissions",
        ["AppRoleAssignment.ReadWrite.All", APP_READ],
        "appRoleAssignment",
    ),
    {
        token: "random:index/randomString:RandomString",
        plane: "state",
        resource: "(Pulumi state only)",
        write: [],
        delete: [],
        read: [],
        when: "the workspace's name suffix",
        source: "@pulumi/random: computed locally, nothing in Azure",
    },
];

/** The rights one invoke (a read at preview and update time) needs: any one of `anyOf` suffices. */
export interface InvokeRights {
    readonly token: string;
    readonly plane: "azure" | "graph" | "none";
    readonly anyOf: readonly string[];
    readonly when: string;
    readonly source: string;
}

/**
 * Every invoke the programs make (offline/mocks.ts INVOKES answers exactly these; tests/permissions.spec.ts): both CI
 * identities run them, the preview identity in `pulumi preview` and the deploy identity in `pulumi up`.
 */
export const INVOKE_RIGHTS: readonly InvokeRights[] = [
    {
        token: "azure-native:authorization:getClientConfig",
        plane: "none",
        anyOf: [],
        when: "always (the caller's own tenant, subscription and object id)",
        source: "local: the provider's credentials",
    },
    {
        token: "azuread:index/getClientConfig:getClientConfig",
        plane: "none",
        anyOf: [],
        when: "automation.enabled (the deployer owns the application)",
        source: "local: the provider's credentials",
    },
    {
        token: "azuread:index/getServicePrincipal:getServicePrincipal",
        plane: "graph",
        anyOf: [APP_READ, OWNED_BY],
        when: 'customerManagedKey.enabled (the "Azure Cosmos DB" service principal by app id); platform: Microsoft Graph',
        source: `${GRAPH}/serviceprincipal-get.md: least privileged Application.Read.All; "The Application.ReadWrite.OwnedBy permission allows an app to call GET /applications and GET /servicePrincipals to list all applications and service principals in the tenant"`,
    },
    {
        token: "azuread:index/getServicePrincipals:getServicePrincipals",
        plane: "graph",
        anyOf: [APP_READ, OWNED_BY],
        when: "conditionalAccess.enabled",
        source: `${GRAPH}/serviceprincipal-get.md: Application.ReadWrite.OwnedBy "allows an app to call ... GET /servicePrincipals to list all ... service principals in the tenant"; least privileged Application.Read.All`,
    },
    {
        token: "azure-native:managedidentity:getUserAssignedIdentity",
        plane: "azure",
        anyOf: ["Microsoft.ManagedIdentity/userAssignedIdentities/read"],
        when: "an identity {type: user, resourceId}",
        source: `${OPS}/identity.md`,
    },
    {
        token: "azure-native:resources:getResourceGroup",
        plane: "azure",
        anyOf: ["Microsoft.Resources/subscriptions/resourceGroups/read"],
        when: "existingResourceGroup",
        source: `${OPS}/management-and-governance.md`,
    },
];

/** The invokes `h` cannot make (none of an invoke's alternatives held). */
export function invokeProblems(h: Holdings, invokes: readonly InvokeRights[] = INVOKE_RIGHTS): string[] {
    return invokes
        .filter((i) => {
            if (i.plane === "none") return false;
            if (i.plane === "graph") return !i.anyOf.some((p) => h.graph.includes(p));
            return !i.anyOf.some((a) => rolesAllowing(h, a).length > 0);
        })
        .map((i) => `${i.token}: the ${h.label} holds none of ${i.anyOf.join(", ")}`);
}

/** Every resource type the code can declare, by Pulumi type token. */
export const TYPE_RIGHTS: Readonly<Record<string, TypeRights>> = Object.fromEntries(
    RIGHTS_LIST.map((r) => [r.token, r] as const),
);

/** What an identity holds: Azure roles at the subscription and Graph application permissions. */
export interface Holdings {
    readonly label: string;
    readonly roles: readonly RolePermissions[];
    readonly graph: readonly string[];
}

/** The options the platform's guardrails open (platform/guardrails.yaml). */
export interface PlatformOptions {
    readonly conditionalAccess: boolean;
    readonly policyExemptions: boolean;
}

/** What a CI identity holds at the subscription (lib/platform.ts CI_AZURE_ROLES, graphAppRoles, the exemption role). */
export function ciHoldings(identity: "preview" | "deploy", options: PlatformOptions): Holdings {
    const roles = CI_AZURE_ROLES[identity]
        .filter((r) => r.scope === "subscription")
        .map((r) => {
            const p = BUILT_IN_PERMISSIONS[r.role.id];
            if (p === undefined) throw new Error(`lib/permissions.ts: no permissions for ${r.role.name}`);
            return p;
        });
    const exemption: RolePermissions[] =
        identity === "deploy" && options.policyExemptions
            ? [
                  {
                      name: `${POLICY_EXEMPTION_ROLE.title} (custom)`,
                      actions: POLICY_EXEMPTION_ROLE.actions,
                      notActions: POLICY_EXEMPTION_ROLE.notActions,
                      source: "lib/platform.ts POLICY_EXEMPTION_ROLE",
                  },
              ]
            : [];
    const locks: RolePermissions[] =
        identity === "deploy"
            ? [
                  {
                      name: `${LOCK_WRITER_ROLE.title} (custom)`,
                      actions: LOCK_WRITER_ROLE.actions,
                      notActions: LOCK_WRITER_ROLE.notActions,
                      source: "lib/customRoles.ts LOCK_WRITER_ROLE",
                  },
              ]
            : [];
    return {
        label: `CI ${identity} identity`,
        roles: [...roles, ...exemption, ...locks],
        graph: graphAppRoles(identity, options.conditionalAccess).map((g) => g.name),
    };
}

/** The holder's roles that allow `action` (a role allows it when an action matches and no notAction does). */
export function rolesAllowing(h: Holdings, action: string): RolePermissions[] {
    return h.roles.filter((r) => allows(r, action));
}

/**
 * The rights of `t` for `op` that `h` does not hold at its subscription (empty: it can). Rights on something in
 * another subscription (`elsewhere`) are granted there; the table says so.
 */
export function missingRights(t: TypeRights, op: "write" | "delete" | "read", h: Holdings): string[] {
    if (t.plane === "state") return [];
    if (t.plane === "graph") return t[op].filter((p) => !h.graph.includes(p));
    return t[op].filter((a) => rolesAllowing(h, a).length === 0);
}

/** A source file as the scanner sees it. */
export interface SourceFile {
    readonly file: string;
    readonly text: string;
}

const lowerFirst = (s: string): string => s.charAt(0).toLowerCase() + s.slice(1);

/**
 * The resource type tokens a source file declares: `new <alias>.<Class>(` where `<alias>` is imported with
 * `import * as <alias> from "@pulumi/azure-native/<module>"`, `"@pulumi/azuread"` or `"@pulumi/random"` (the project
 * imports providers only that way: eslint and docs/architecture.md).
 */
export function declaredTokens(text: string): string[] {
    const aliases = new Map<string, (cls: string) => string>();
    for (const m of text.matchAll(/import \* as (\w+) from "@pulumi\/(azure-native\/(\w+)|azuread|random)"/g)) {
        const [, alias, , module] = m;
        if (module !== undefined) aliases.set(alias!, (cls) => `azure-native:${module}:${cls}`);
        else if (m[2] === "azuread") aliases.set(alias!, (cls) => `azuread:index/${lowerFirst(cls)}:${cls}`);
        else aliases.set(alias!, (cls) => `random:index/${lowerFirst(cls)}:${cls}`);
    }
    const out = new Set<string>();
    for (const m of text.matchAll(/new (\w+)\.([A-Z]\w*)\(/g)) {
        const token = aliases.get(m[1]!)?.(m[2]!);
        if (token !== undefined) out.add(token);
    }
    return [...out].sort();
}

/** The relative imports of a source file, resolved against its path (".ts" added; "dir" → "dir/index.ts" left to the caller). */
export function relativeImports(file: string, text: string): string[] {
    const dir = file.includes("/") ? file.slice(0, file.lastIndexOf("/")) : "";
    const out: string[] = [];
    for (const m of text.matchAll(/(?:(?:import|export)\s[^"']*?from\s+|import\s+)"(\.[^"]+)"/g)) {
        const parts = [...(dir === "" ? [] : dir.split("/")), ...m[1]!.split("/")];
        const stack: string[] = [];
        for (const p of parts) {
            if (p === "." || p === "") continue;
            if (p === "..") stack.pop();
            else stack.push(p);
        }
        out.push(`${stack.join("/")}.ts`);
    }
    return out;
}

/** One declared type: its token and which stacks can declare it (from the import graph of each entry point). */
export interface DeclaredType {
    readonly token: string;
    readonly deployers: readonly Deployer[];
    readonly files: readonly string[];
}

/** The entry points: the team program and the platform program. */
export const ENTRY_POINTS: Readonly<Record<Deployer, string>> = { team: "index.ts", platform: "platform/index.ts" };

/** Every type the programs can declare, with all options on: each `new` reachable from an entry point's imports. */
export function declaredTypes(sources: readonly SourceFile[]): DeclaredType[] {
    const byFile = new Map(sources.map((s) => [s.file, s.text]));
    const reach = (entry: string): Set<string> => {
        const seen = new Set<string>();
        const todo = [entry];
        while (todo.length > 0) {
            const f = todo.pop()!;
            const text = byFile.get(f) ?? byFile.get(f.replace(/\.ts$/, "/index.ts"));
            if (text === undefined || seen.has(f)) continue;
            seen.add(f);
            todo.push(...relativeImports(f, text));
        }
        return seen;
    };
    const types = new Map<string, { deployers: Set<Deployer>; files: Set<string> }>();
    for (const deployer of Object.keys(ENTRY_POINTS) as Deployer[]) {
        for (const f of reach(ENTRY_POINTS[deployer])) {
            for (const token of declaredTokens(byFile.get(f) ?? "")) {
                const t = types.get(token) ?? { deployers: new Set(), files: new Set() };
                t.deployers.add(deployer);
                t.files.add(f);
                types.set(token, t);
            }
        }
    }
    return [...types.entries()]
        .map(([token, t]) => ({ token, deployers: [...t.deployers].sort().reverse(), files: [...t.files].sort() }))
        .sort((a, b) => a.token.localeCompare(b.token));
}

/** Everything the guardrails can open: the "all options on" the permission check uses. */
export const ALL_OPTIONS: PlatformOptions = { conditionalAccess: true, policyExemptions: true };

/** Problems: a declared type without an entry, or one the identity that deploys it cannot create or delete. */
export function permissionProblems(types: readonly DeclaredType[], options: PlatformOptions = ALL_OPTIONS): string[] {
    const deploy = ciHoldings("deploy", options);
    const problems: string[] = [];
    for (const t of types) {
        const rights = TYPE_RIGHTS[t.token];
        if (rights === undefined) {
            problems.push(`${t.token} (${t.files.join(", ")}): no entry in lib/permissions.ts TYPE_RIGHTS`);
            continue;
        }
        if (!t.deployers.includes("team")) continue; // the platform: an administrator (docs/platform.md)
        for (const op of ["write", "delete"] as const) {
            const missing = missingRights(rights, op, deploy);
            if (missing.length > 0)
                problems.push(`${t.token}: the CI deploy identity cannot ${op}: ${missing.join(", ")}`);
        }
    }
    return problems;
}
