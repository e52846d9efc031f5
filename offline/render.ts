/**
 * Turns an evaluation into the offline plan: a JSON-friendly model (`--json`) and its text rendering. Secrets are
 * masked everywhere: secret stack outputs and secret resource inputs print as [secret].
 */
import type { StackConfig } from "../config";
import { configWarnings } from "../config/warnings";
import { teamGroups } from "../config/access";
import { workspaceIdentityOf } from "../config/identity";
import { countsLine, plural, stackCounts, type StackCounts } from "../lib/counts";
import { ALL_RULES } from "../policy/policies";
import type { Evaluation, Registered } from "./evaluate";
import { isSecretValue } from "./evaluate";
import { mandatory, type Violation } from "./policies";
import { COMPUTE_KINDS, COMPUTE_KIND_LIST, COMPUTE_PLAN_SETTINGS, kindOfComputeType } from "../lib/computeKinds";
import { GRAPH_APP_ROLES, type GraphAppRole } from "../lib/platform";
import { accessTable } from "./accessDiff";
import { declaredResources, type DeclaredResource } from "./planDiff";
import { dataMarkdown, dataText } from "./plan/data";

export const MASK = "[secret]";

export const NOTICE =
    "This is an OFFLINE PLAN: the program was evaluated under Pulumi's mock runtime with the stack's config. " +
    "Nothing was sent to Azure and it is not a `pulumi preview` diff: it shows what the stack declares, not what " +
    "would change. Ids, principal ids and random suffixes are offline placeholders.";

/** The settings a reviewer cares about, per resource type (input paths). */
const SUMMARY: Record<string, readonly string[]> = {
    "azure-native:resources:ResourceGroup": ["resourceGroupName", "location"],
    "azure-native:storage:StorageAccount": [
        "accountName",
        "sku.name",
        "enableHttpsTrafficOnly",
        "minimumTlsVersion",
        "allowBlobPublicAccess",
        "allowCrossTenantReplication",
        "allowSharedKeyAccess",
        "isLocalUserEnabled",
        "publicNetworkAccess",
        "networkRuleSet.defaultAction",
    ],
    "azure-native:storage:BlobServiceProperties": ["deleteRetentionPolicy", "containerDeleteRetentionPolicy"],
    "azure-native:monitor:DiagnosticSetting": ["name", "logs", "workspaceId"],
    "azure-native:network:PrivateEndpoint": [
        "privateEndpointName",
        "subnet.id",
        "privateLinkServiceConnections.0.groupIds",
    ],
    "azure-native:network:PrivateDnsZoneGroup": ["privateDnsZoneConfigs"],
    "azure-native:keyvault:Vault": [
        "vaultName",
        "properties.enableRbacAuthorization",
        "properties.enableSoftDelete",
        "properties.softDeleteRetentionInDays",
        "properties.enablePurgeProtection",
        // Not properties.publicNetworkAccess: the SDK fills in "enabled" and the dev plan would change.
        "properties.networkAcls.defaultAction",
    ],
    "azure-native:operationalinsights:Workspace": ["workspaceName", "sku.name", "retentionInDays"],
    "azure-native:applicationinsights:Component": [
        "resourceName",
        "workspaceResourceId",
        "ingestionMode",
        "disableLocalAuth",
    ],
    "azure-native:containerregistry:Registry": [
        "registryName",
        "sku.name",
        "adminUserEnabled",
        "anonymousPullEnabled",
        "publicNetworkAccess",
    ],
    "azure-native:machinelearningservices:Workspace": [
        "workspaceName",
        "identity.type",
        "publicNetworkAccess",
        "managedNetwork.isolationMode",
        "systemDatastoresAuthMode",
        "imageBuildCompute",
        "primaryUserAssignedIdentity",
    ],
    "azure-native:managedidentity:UserAssignedIdentity": ["resourceName"],
    // Issue 12: the auth mode and, for key / aml_token, the stated reason (in the description).
    "azure-native:machinelearningservices:OnlineEndpoint": [
        "endpointName",
        "identity.type",
        "properties.authMode",
        "properties.description",
    ],
    // Computes: the common settings, then the kind's own (lib/computeKinds.ts planSettings; summaryKeys).
    "azure-native:machinelearningservices:Compute": COMPUTE_PLAN_SETTINGS,
    "azure-native:authorization:RoleAssignment": ["principalType", "description"],
    "azure-native:authorization:RoleDefinition": [
        "roleName",
        "assignableScopes",
        "permissions.0.actions",
        "permissions.0.notActions",
    ],
    "azuread:index/conditionalAccessPolicy:ConditionalAccessPolicy": [
        "displayName",
        "state",
        "conditions.applications.includedApplications",
        "conditions.users.includedGroups",
        "grantControls.operator",
        "grantControls.builtInControls",
    ],
    "random:index/randomString:RandomString": ["length"],
    "azuread:index/application:Application": ["displayName", "signInAudience", "owners"],
    "azuread:index/servicePrincipal:ServicePrincipal": ["owners"],
    // `value` is an output (never an input); the SDK and the component both mark it secret.
    "azuread:index/applicationPassword:ApplicationPassword": ["displayName", "endDate", "rotateWhenChanged"],
    "azuread:index/applicationFederatedIdentityCredential:ApplicationFederatedIdentityCredential": [
        "displayName",
        "issuer",
        "subject",
        "audiences",
    ],
    "azure-native:keyvault:Secret": ["secretName", "properties.value", "properties.attributes.expires"],
};

export interface PlanResource {
    readonly type: string;
    readonly name: string;
    readonly options: string[];
    readonly settings: Record<string, unknown>;
    /** What a reviewer must know before changing this resource (e.g. that a change recreates it). */
    readonly notes: string[];
    readonly children: PlanResource[];
}

/** What is reachable from public networks: one entry per resource with a public endpoint setting. */
export interface PublicEndpoint {
    readonly resource: string;
    readonly what: string;
    readonly open: boolean;
    /** The settings that decide it, as declared. */
    readonly why: string;
}

/** One principal of the access matrix, once, with every access level it holds and all its roles. */
export interface PlanPrincipal {
    /** How the plan names it: a group by its object id and levels, an identity by its label. */
    readonly principal: string;
    readonly kind: string;
    /** Object id, when the stack config states it (groups); identities' ids are offline placeholders. */
    readonly id?: string;
    /** The access levels it holds (`dataScientists`, `computeUser`, `caller of online endpoint scoring`). */
    readonly levels: readonly string[];
    /** The `principal` labels of its grants (access.grants), each once. */
    readonly labels: readonly string[];
    /** Its role assignments and Microsoft Graph application permissions, in grant order. */
    readonly roles: readonly { role: string; scope: string }[];
}

/** A Microsoft Graph application permission the stack grants (an app role assignment: admin consent). */
export interface PlanAppRoleAssignment {
    readonly principal: string;
    readonly kind: string;
    /** The permission's name (`Application.Read.All`) and app role id (lib/platform.ts GRAPH_APP_ROLES). */
    readonly permission: string;
    readonly permissionId: string;
    readonly resource: "Microsoft Graph";
    readonly reason: string;
    readonly why: string;
    /** Pulumi resource name of the app role assignment. */
    readonly resourceName: string;
}

/** The summary a reviewer reads first (issue 16): what the stack is, its counts, exposure and warnings. */
export interface PlanSummary {
    /** The platform stack shows as team "platform", environment its stack name (kept for --json readers). */
    readonly team: string;
    readonly environment: string;
    /** True for the platform project's stack (platform/), which has no team. */
    readonly platform: boolean;
    readonly production: boolean;
    readonly location: string;
    /** The tags the stack puts on its resource group (else its workspace): cost center and owner are checked here. */
    readonly tags: Readonly<Record<string, string>>;
    /** Every principal once, with all its roles (the access matrix grouped by principal). */
    readonly principals: readonly PlanPrincipal[];
    /** Defined once in lib/counts.ts; the same numbers as `plan --all` and the `access.roleAssignments` output. */
    readonly counts: StackCounts;
    readonly publicNetwork: readonly PublicEndpoint[];
    /** What a reviewer must look at (reviewerWarnings). */
    readonly warnings: readonly string[];
}

export interface PlanModel {
    readonly kind: "aml-stamp offline plan";
    readonly notice: string;
    readonly project: string;
    readonly stack: string;
    readonly summary: PlanSummary;
    /** Azure and Entra resources the stack declares: `summary.counts.resources`. */
    readonly resourceCount: number;
    readonly resources: PlanResource[];
    readonly outputs: Record<string, unknown>;
    /** The automation principal's secret rotation timeline (from the `secretRotation` stack output), if any. */
    readonly rotation?: RotationTimeline;
    readonly access: {
        /** Role assignments the stack declares: `summary.counts.roleAssignments.declared` (the rows of `grants`). */
        readonly roleAssignments: number;
        /** `reason` is the full text with its source (the assignment's description); `why` is the short form. */
        readonly grants: readonly {
            principal: string;
            kind: string;
            /** The principal's object id as declared, when it is known offline (groups). */
            principalId?: string;
            role: string;
            scope: string;
            reason: string;
            why: string;
            /** The assignment's ABAC condition, readable (the platform's deploy identity). */
            condition?: string;
        }[];
        /** Microsoft Graph application permissions (the platform's CI identities); not role assignments. */
        readonly appRoleAssignments: readonly PlanAppRoleAssignment[];
    };
    /** Every custom resource's declared inputs, flattened and masked, for `plan --compare` (offline/planDiff.ts). */
    readonly declared: readonly DeclaredResource[];
    /** Violations of the policy pack (policy/), when the plan ran it. */
    readonly policy?: { readonly mandatory: number; readonly violations: readonly Violation[] };
}

/** The rotation timeline the plan shows: today's window and each password slot's window and end date. */
export interface RotationTimeline {
    readonly periodDays: number;
    readonly graceDays: number;
    readonly window: { readonly start: string; readonly end: string };
    readonly nextRotation: string;
    readonly newest: string;
    readonly slots: readonly {
        slot: string;
        windowStart: string;
        rotatesAt: string;
        endDate: string;
        newest: boolean;
    }[];
}

function rotationTimeline(e: Evaluation): RotationTimeline | undefined {
    const out = e.outputs["secretRotation"];
    const v = out?.value as (Partial<RotationTimeline> & { clientSecrets?: boolean }) | undefined;
    if (out === undefined || out.secret || v === undefined || v.clientSecrets !== true || v.slots === undefined)
        return undefined;
    return v as RotationTimeline;
}

export function mask(value: unknown): unknown {
    if (isSecretValue(value)) return MASK;
    if (Array.isArray(value)) return value.map(mask);
    if (value !== null && typeof value === "object") {
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mask(v)]));
    }
    return value;
}

/** The compute kind (lib/computeKinds.ts) of a registered Compute, from its `properties.computeType`. */
function computeKindOf(r: Registered): ReturnType<typeof kindOfComputeType> {
    return kindOfComputeType((r.inputs["properties"] as Record<string, unknown> | undefined)?.["computeType"]);
}

/** The settings the plan shows for a resource: its type's, and for a compute its kind's after them. */
function summaryKeys(r: Registered): readonly string[] {
    return [...(SUMMARY[r.type] ?? []), ...(computeKindOf(r)?.planSettings ?? [])];
}

function at(inputs: Record<string, unknown>, dotted: string): unknown {
    let node: unknown = inputs;
    for (const part of dotted.split(".")) {
        if (isSecretValue(node)) return MASK;
        if (node === null || typeof node !== "object") return undefined;
        node = (node as Record<string, unknown>)[part];
    }
    return mask(node);
}

/**
 * Notes for resources that Pulumi replaces instead of updating: with deleteBeforeReplace the old one is deleted
 * before the new one exists. A compute instance loses its local disk (docs/compute.md).
 */
function replacementNotes(r: Registered): string[] {
    if (!r.options.deleteBeforeReplace || r.options.replaceOnChanges.length === 0) return [];
    const paths = r.options.replaceOnChanges.join(", ");
    const kind = computeKindOf(r);
    if (kind?.replaceLosesDisk === true) {
        return [
            `changing any of ${paths} DELETES and recreates this ${kind.label}, and its local disk with it (Azure cannot update these settings in place; see docs/compute.md)`,
        ];
    }
    return [`changing any of ${paths} deletes and recreates this resource (Azure cannot update these in place)`];
}

function optionFlags(r: Registered): string[] {
    const flags: string[] = [];
    if (r.options.protect) flags.push("protect");
    if (r.options.deleteBeforeReplace) flags.push("deleteBeforeReplace");
    if (r.options.replaceOnChanges.length > 0) flags.push(`replaceOnChanges=${r.options.replaceOnChanges.join(",")}`);
    if (r.options.ignoreChanges.length > 0) flags.push(`ignoreChanges=${r.options.ignoreChanges.join(",")}`);
    if (r.options.retainOnDelete) flags.push("retainOnDelete");
    if (r.options.additionalSecretOutputs.length > 0)
        flags.push(`secretOutputs=${r.options.additionalSecretOutputs.join(",")}`);
    return flags;
}

/**
 * The short form of a grant reason: the first clause, without quoted Microsoft text and source references (they
 * stay in `reason`, in `--json`, `--access` and the assignment's description).
 */
export function shortReason(reason: string): string {
    let r = reason;
    for (const cut of [
        ": '",
        "; ",
        " (learn.microsoft.com",
        " (MicrosoftDocs/",
        " (built-in-roles/",
        " (custom role",
    ]) {
        const at = r.indexOf(cut);
        if (at > 0) r = r.slice(0, at);
    }
    r = r.replace(/\s*\([^)]*(?:\.md|learn\.microsoft\.com|built-in-roles)[^)]*\)/g, "").trim();
    return cutAtWord(r, SHORT_REASON_MAX);
}

/** The longest short reason, "…" included. */
export const SHORT_REASON_MAX = 100;

/** `text` cut at the last word boundary that fits `max` characters with "…"; unchanged when it fits. */
export function cutAtWord(text: string, max: number): string {
    if (text.length <= max) return text;
    const room = text.slice(0, max - 1);
    const space = room.lastIndexOf(" ");
    const head = (space > 0 ? room.slice(0, space) : room).replace(/[\s,;:.(-]+$/, "");
    return `${head}…`;
}

const PUBLIC_CHECKS: Record<string, { what: string; access?: string; acl?: string }> = {
    "azure-native:machinelearningservices:Workspace": { what: "workspace", access: "publicNetworkAccess" },
    "azure-native:storage:StorageAccount": {
        what: "storage account",
        access: "publicNetworkAccess",
        acl: "networkRuleSet.defaultAction",
    },
    "azure-native:keyvault:Vault": {
        what: "key vault",
        access: "properties.publicNetworkAccess",
        acl: "properties.networkAcls.defaultAction",
    },
    "azure-native:containerregistry:Registry": { what: "container registry", access: "publicNetworkAccess" },
};

/** The workspace's storage account: the name the access matrix gives it (one name in every section of the plan). */
export const DEFAULT_STORAGE = "workspace default storage";

function whatOf(r: Registered, what: string): string {
    const inWorkspace = r.parent.split("::").at(-2)?.split("$").includes("amlstamp:workspace:Workspace") === true;
    return r.type === "azure-native:storage:StorageAccount" && inWorkspace ? DEFAULT_STORAGE : what;
}

/**
 * What is reachable from public networks, from the declared inputs: a resource is closed when its public network
 * access is Disabled or its network rules deny by default; otherwise its public endpoint is open (Azure's default
 * for all four when the setting is absent). Compute nodes with a public IP are listed too.
 */
export function publicEndpoints(resources: readonly Registered[]): PublicEndpoint[] {
    const out: PublicEndpoint[] = [];
    for (const r of resources) {
        const check = PUBLIC_CHECKS[r.type];
        if (check !== undefined) {
            const access = check.access !== undefined ? at(r.inputs, check.access) : undefined;
            const acl = check.acl !== undefined ? at(r.inputs, check.acl) : undefined;
            const closed = String(access).toLowerCase() === "disabled" || String(acl).toLowerCase() === "deny";
            const why = [
                `${check.access}: ${access === undefined ? "not set" : fmt(access)}`,
                ...(check.acl !== undefined ? [`${check.acl}: ${acl === undefined ? "not set" : fmt(acl)}`] : []),
            ].join(", ");
            out.push({ resource: r.name, what: whatOf(r, check.what), open: !closed, why });
        }
        if (r.type === "azure-native:machinelearningservices:Compute") {
            // A compute of a kind the stamp does not know is reported open: nothing says where its setting is.
            const kind = computeKindOf(r);
            const ip = kind !== undefined ? at(r.inputs, kind.publicIpPath) : undefined;
            const name = String(at(r.inputs, "computeName") ?? r.name);
            out.push({
                resource: r.name,
                what: `compute ${name}`,
                open: ip !== false,
                why: `enableNodePublicIp: ${ip === undefined ? "not set" : fmt(ip)}`,
            });
        }
    }
    return out;
}

type Grant = PlanModel["access"]["grants"][number];

/** Stack custom roles (lib/customRoles.ts, the idle-shutdown role): the stack's own pattern at the resource group. */
const STACK_ROLE_PREFIXES = ["AzureML Compute Admin", "AzureML Compute User", "aml-stamp compute idle shutdown"];

/**
 * The warnings a reviewer needs (issue 16): no group can reach the workspace; a compute instance whose user is not
 * declared a member of a team group (Entra membership cannot be resolved offline: `memberOf` states it, and must
 * be one of the groups in aml-stamp:access); a grant broader than the stack's usual pattern, i.e. a built-in role at the
 * resource group (it applies to every resource in it), where the stack itself grants only its custom compute roles.
 */
export function reviewerWarnings(cfg: StackConfig, grants: readonly Grant[]): string[] {
    const warnings: string[] = configWarnings(cfg); // config/warnings.ts: what the config alone implies
    const reaches = grants.some((g) => g.kind === "Group" && (g.scope === "workspace" || g.scope === "resource group"));
    if (!reaches) {
        warnings.push(
            "no group has a role on the workspace: no person can use it. Add Entra group ids to aml-stamp:access (dataScientists, computeOperators or readers).",
        );
    }
    if (workspaceIdentityOf(cfg).type === "user") {
        warnings.push(
            `workspace identity is user-assigned (aml-stamp:workspaceIdentity): its Contributor grants (storage, key vault, registry, Application Insights, workspace) are made under the reviewed exception WS-UAI-CONTRIBUTOR, which the platform's CI deploy identity cannot make (its ABAC condition allows no Contributor, docs/platform.md): an administrator must run this stack's pulumi up. The default, system-assigned, needs none of them (docs/hardening.md, "Workspace identity").`,
        );
    }
    const groups = teamGroups(cfg.access);
    // Instances are personal (memberOf is an instance setting, config/compute.ts).
    const { configKey, label } = COMPUTE_KINDS.instance;
    for (const [key, i] of Object.entries(cfg[configKey])) {
        if (i.memberOf !== undefined && !groups.includes(i.memberOf.toLowerCase())) {
            warnings.push(
                `${label} ${key}: memberOf ${i.memberOf} is not one of the team's groups in aml-stamp:access${groups.length > 0 ? ` (${groups.join(", ")})` : " (it names none)"}, so its user may not reach the workspace.`,
            );
        }
        if (i.memberOf === undefined) {
            warnings.push(
                `${label} ${key}: its user ${i.userObjectId} is not declared a member of any team group, so the plan cannot tell whether they can reach the workspace (Entra membership is not resolvable offline). Set aml-stamp:${configKey}.${key}.memberOf to their group${groups.length > 0 ? ` (one of ${groups.join(", ")})` : ""}.`,
            );
        }
    }
    for (const g of grants) {
        if (g.scope === "resource group" && !STACK_ROLE_PREFIXES.some((p) => g.role.startsWith(p))) {
            warnings.push(
                `broader than the stack's usual pattern: ${g.principal} gets ${g.role} at the resource group, which applies to every resource in it; the stack grants only its custom compute roles there.`,
            );
        }
    }
    return warnings;
}

const RESOURCE_GROUP = "azure-native:resources:ResourceGroup";
const APP_ROLE_ASSIGNMENT = "azuread:index/appRoleAssignment:AppRoleAssignment";

/** Where the stack's resource group is (the platform's region: its config is not a team's). */
function locationOf(resources: readonly Registered[]): string | undefined {
    const v = resources.find((r) => r.type === RESOURCE_GROUP)?.inputs["location"];
    return typeof v === "string" ? v : undefined;
}

/** The tags of the stack's resource group, or of its workspace when it uses an existing resource group. */
function tagsOf(resources: readonly Registered[]): Record<string, string> {
    for (const type of [RESOURCE_GROUP, "azure-native:machinelearningservices:Workspace"]) {
        const tags = resources.find((r) => r.type === type)?.inputs["tags"];
        if (tags !== null && typeof tags === "object") {
            return Object.fromEntries(
                Object.entries(mask(tags) as Record<string, unknown>).map(([k, v]) => [k, fmt(v)]),
            );
        }
    }
    return {};
}

/**
 * The Microsoft Graph application permissions the stack grants: each app role assignment (components/ciIdentity.ts),
 * named by its app role id (lib/platform.ts GRAPH_APP_ROLES), its principal the display name of the application
 * declared beside it.
 */
function appRoleAssignments(resources: readonly Registered[]): PlanAppRoleAssignment[] {
    const byId = new Map<string, GraphAppRole>(Object.values(GRAPH_APP_ROLES).map((r) => [r.id, r]));
    return resources
        .filter((r) => r.type === APP_ROLE_ASSIGNMENT)
        .map((r) => {
            const id = String(r.inputs["appRoleId"]);
            const role = byId.get(id);
            const app = resources.find(
                (x) => x.parent === r.parent && x.type === "azuread:index/application:Application",
            );
            const name = app?.inputs["displayName"];
            const reason =
                role?.why ?? "an app role this plan does not know: check it in Microsoft's Graph permissions reference";
            return {
                principal: typeof name === "string" ? name : r.name,
                kind: "ServicePrincipal",
                permission: role?.name ?? id,
                permissionId: id,
                resource: "Microsoft Graph" as const,
                reason,
                why: shortReason(reason),
                resourceName: r.name,
            };
        });
}

const GUID_AT_END = /\s([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

/** A grant's principal as the access matrix groups it: a group by its object id, anyone else by label. */
function principalKey(g: Grant): string {
    const id = g.principalId ?? GUID_AT_END.exec(g.principal)?.[1]?.toLowerCase();
    return g.kind === "Group" && id !== undefined ? `Group:${id}` : `${g.kind}:${g.principal}`;
}

/**
 * The access level a group grant stands for: the level its label names (`group dataScientists <id>`), or, for an
 * endpoint's callers (labelled `group <id>`), the endpoint it may score.
 */
function levelOf(g: Grant): string | undefined {
    if (g.kind !== "Group") return undefined;
    const m = /^group (.+?)\s+[0-9a-f-]{36}$/i.exec(g.principal);
    if (m !== null) return m[1];
    return g.scope.startsWith("online endpoint") ? `caller of ${g.scope}` : undefined;
}

/** Every principal once (first-grant order), labelled by every access level it holds, with all its roles. */
export function principalsOf(
    grants: readonly Grant[],
    appRoles: readonly PlanAppRoleAssignment[] = [],
): PlanPrincipal[] {
    const out = new Map<
        string,
        { kind: string; id?: string; levels: string[]; labels: string[]; roles: { role: string; scope: string }[] }
    >();
    const entry = (key: string, kind: string, id: string | undefined) => {
        let p = out.get(key);
        if (p === undefined) {
            p = { kind, ...(id !== undefined ? { id } : {}), levels: [], labels: [], roles: [] };
            out.set(key, p);
        }
        return p;
    };
    const add = <T>(list: T[], v: T): void => {
        if (!list.includes(v)) list.push(v);
    };
    for (const g of grants) {
        const key = principalKey(g);
        const p = entry(key, g.kind, key.startsWith("Group:") ? key.slice("Group:".length) : undefined);
        const level = levelOf(g);
        if (level !== undefined) add(p.levels, level);
        add(p.labels, g.principal);
        p.roles.push({ role: g.role, scope: g.scope });
    }
    for (const a of appRoles) {
        const p = entry(`${a.kind}:${a.principal}`, a.kind, undefined);
        add(p.labels, a.principal);
        p.roles.push({ role: a.permission, scope: `${a.resource} (application permission)` });
    }
    return [...out.values()].map((p) => ({
        principal:
            p.id !== undefined
                ? `group ${p.id}${p.levels.length > 0 ? ` (${p.levels.join(", ")})` : ""}`
                : p.labels[0]!,
        ...p,
    }));
}

export function planModel(e: Evaluation, violations?: readonly Violation[]): PlanModel {
    const cfg = e.config;
    const counts = stackCounts(e.resources, e.grants);
    const principalIdOf = new Map(
        e.resources
            .filter((r) => r.type === "azure-native:authorization:RoleAssignment")
            .map((r) => [r.name, r.inputs["principalId"]]),
    );
    const grants: Grant[] = e.grants.map(({ resourceName, principal, kind, role, scope, reason, condition }) => {
        const id = principalIdOf.get(resourceName);
        return {
            principal,
            kind,
            ...(kind === "Group" && typeof id === "string" ? { principalId: id.toLowerCase() } : {}),
            role,
            scope,
            reason,
            why: shortReason(reason),
            ...(condition !== undefined ? { condition } : {}),
        };
    });
    const appRoles = appRoleAssignments(e.resources);
    const appRoleOf = new Map(appRoles.map((a) => [a.resourceName, a]));
    const grantOf = new Map(e.grants.map((g) => [g.resourceName, g]));
    const byParent = new Map<string, Registered[]>();
    for (const r of e.resources) {
        const list = byParent.get(r.parent) ?? [];
        list.push(r);
        byParent.set(r.parent, list);
    }
    const build = (parent: string): PlanResource[] =>
        (byParent.get(parent) ?? [])
            .slice()
            .sort((a, b) => (a.custom === b.custom ? a.name.localeCompare(b.name) : a.custom ? 1 : -1))
            .map((r) => {
                const settings: Record<string, unknown> = {};
                for (const key of summaryKeys(r)) {
                    const v = at(r.inputs, key);
                    if (v !== undefined) settings[key] = v;
                }
                const g = grantOf.get(r.name);
                if (g !== undefined) settings["why"] = shortReason(g.reason);
                const a = appRoleOf.get(r.name);
                if (a !== undefined) {
                    settings["permission"] = `${a.permission} (${a.resource} application permission)`;
                    settings["why"] = a.why;
                }
                return {
                    type: r.type,
                    name: r.name,
                    options: optionFlags(r),
                    settings,
                    notes: replacementNotes(r),
                    children: build(r.urn),
                };
            });
    const outputs: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(e.outputs)) {
        // An export whose value is undefined (e.g. `automation` when automation.enabled is false) is not a stack
        // output: the SDK drops undefined properties when it serializes them ("We treat properties with undefined
        // values as if they do not exist", @pulumi/pulumi runtime/rpc.js serializeProperties).
        if (v.value === undefined && !v.secret) continue;
        outputs[k] = v.secret ? MASK : v.value;
    }
    return {
        kind: "aml-stamp offline plan",
        notice: NOTICE,
        project: e.project,
        stack: e.stack,
        summary: {
            // The platform stack has no team: it shows as team "platform" (docs/platform.md).
            team: cfg?.team ?? "platform",
            environment: cfg?.environment ?? e.stack,
            platform: cfg === undefined,
            production: cfg?.production ?? false,
            location: cfg?.location ?? locationOf(e.resources) ?? "(platform config)",
            tags: tagsOf(e.resources),
            principals: principalsOf(grants, appRoles),
            counts,
            publicNetwork: publicEndpoints(e.resources),
            warnings: cfg !== undefined ? reviewerWarnings(cfg, grants) : [],
        },
        resourceCount: counts.resources,
        resources: build(""),
        outputs,
        rotation: rotationTimeline(e),
        access: { roleAssignments: counts.roleAssignments.declared, grants, appRoleAssignments: appRoles },
        declared: declaredResources(e.resources, mask),
        ...(violations !== undefined
            ? { policy: { mandatory: violations.filter((v) => v.enforcement === "mandatory").length, violations } }
            : {}),
    };
}

function fmt(value: unknown): string {
    return typeof value === "string" ? value : JSON.stringify(value);
}

/** Settings that hold a date as Unix epoch seconds (Key Vault secret attributes): shown as a date. */
const EPOCH_SETTINGS = new Set(["properties.attributes.expires", "properties.attributes.notBefore"]);

/** A setting as the text and Markdown plans show it: dates as dates, everything else as declared. */
export function showSetting(key: string, value: unknown): string {
    if (EPOCH_SETTINGS.has(key) && typeof value === "number") {
        return `${new Date(value * 1000).toISOString().slice(0, 10)} (epoch ${value})`;
    }
    if (typeof value === "string" && /^\d{4}-\d{2}-\d{2}T00:00:00(?:\.000)?Z$/.test(value)) return value.slice(0, 10);
    return fmt(value);
}

/** `properties.properties.vmSize` → `vmSize`: the replace list as a person reads it (the full paths are in --json). */
function shortPath(p: string): string {
    return p.replace(/^properties\.properties\./, "").replace(/^properties\./, "");
}

/** The one replace warning of a resource (its paths listed once, shortened). */
function replaceNote(n: PlanResource): string | undefined {
    const flag = n.options.find((o) => o.startsWith("replaceOnChanges="));
    if (flag === undefined || n.notes.length === 0) return undefined;
    const paths = flag.slice("replaceOnChanges=".length).split(",").map(shortPath);
    const losesDisk = COMPUTE_KIND_LIST.find((k) => k.replaceLosesDisk && n.notes.some((x) => x.includes(k.label)));
    return losesDisk !== undefined
        ? `changing any of ${paths.join(", ")} DELETES and recreates this ${losesDisk.label}, and its local disk with it (docs/compute.md)`
        : `changing any of ${paths.join(", ")} deletes and recreates this resource (Azure cannot update these in place)`;
}

/** Options shown next to the name: the replace paths are left to the note, so they appear once. */
function shownOptions(n: PlanResource): string[] {
    return n.options.map((o) => (o.startsWith("replaceOnChanges=") && n.notes.length > 0 ? "replaceOnChanges" : o));
}

const RULE_LEVEL = new Map(ALL_RULES.map((r) => [r.name, r.level]));

/**
 * Findings every stack of a kind shares: on a non-production stack, the advisory findings of Hardened rows (the
 * rows only production stacks must meet, docs/hardening.md). The plan collapses them into one line with a count;
 * `--json` keeps each one.
 */
export function sharedFinding(v: Violation, production: boolean): boolean {
    const level = RULE_LEVEL.get(v.policy);
    return !production && v.enforcement === "advisory" && (level === "hardened" || level === "hardened-optional");
}

/** A finding's message without a repeated resource name (`x: [WS-06] x: no ...` → `[WS-06] no ...`). */
function findingText(v: Violation): string {
    if (v.resource === "") return v.message;
    return v.message.replace(
        new RegExp(`^(\\[[^\\]]+\\] )?${v.resource.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: `),
        "$1",
    );
}

function ruleId(v: Violation): string {
    return /^\[([^\]]+)\]/.exec(v.message)?.[1] ?? v.policy;
}

/** The policy section's lines: mandatory first, then advisory, then the collapsed shared line. */
function findingLines(violations: readonly Violation[], production: boolean): { lines: string[]; header: string } {
    const must = mandatory(violations);
    const shared = violations.filter((v) => sharedFinding(v, production));
    const listed = violations.filter((v) => !shared.includes(v));
    const lines = listed.map(
        (v) =>
            `${v.enforcement === "mandatory" ? "MANDATORY" : "advisory "} ${v.policy}  ${v.resource === "" ? "(stack)" : v.resource}: ${findingText(v)}`,
    );
    if (shared.length > 0) {
        const ids = [...new Set(shared.map(ruleId))].join(", ");
        lines.push(
            `advisory  ${plural(shared.length, "finding")} on Hardened rows, which are mandatory only on production team stacks (${ids}; docs/hardening.md; each one in --json)`,
        );
    }
    return {
        header: `Policy pack (policy/): ${must.length} mandatory, ${violations.length - must.length} advisory findings`,
        lines,
    };
}

/** Who can do what: one line per principal (every principal once), its roles grouped by scope. */
function whoCanDoWhat(principals: readonly PlanPrincipal[]): string[] {
    return principals.map((p) => {
        const byScope = new Map<string, string[]>();
        for (const r of p.roles) byScope.set(r.scope, [...(byScope.get(r.scope) ?? []), r.role]);
        const parts = [...byScope].map(([scope, roles]) => `${roles.join(", ")} @ ${scope}`);
        return `${p.principal}: ${parts.join("; ")}`;
    });
}

/** The display name of a grant's principal: the one its principal entry has (a group once, with its levels). */
function displayOf(principals: readonly PlanPrincipal[]): (label: string) => string {
    const byLabel = new Map<string, string>();
    for (const p of principals) for (const l of p.labels) byLabel.set(l, p.principal);
    return (label) => byLabel.get(label) ?? label;
}

function identityLine(m: PlanModel): string {
    const s = m.summary;
    if (s.platform) return `platform project, stack ${m.stack}, region ${s.location}`;
    return `team ${s.team}, environment ${s.environment}, ${s.production ? "PRODUCTION" : "not production"}, region ${s.location}`;
}

/** Tags reviewers check on every stamp: a cost center and an owner (any spelling of cost center). */
const CHECKED_TAGS: readonly { what: string; key: RegExp }[] = [
    { what: "cost center", key: /^cost[-_ ]?cent(?:er|re)$/i },
    { what: "owner", key: /^owner$/i },
];

/** The tags line: every tag the stack sets, and which checked tag is missing. */
function tagsLine(tags: Readonly<Record<string, string>>): string {
    const entries = Object.entries(tags);
    const missing = CHECKED_TAGS.filter((c) => !entries.some(([k]) => c.key.test(k))).map((c) => c.what);
    const shown = entries.length > 0 ? entries.map(([k, v]) => `${k}=${v}`).join(", ") : "none";
    return `${shown}${missing.length > 0 ? `; NO ${missing.join(" or ")} tag` : ""}`;
}

/** The summary's access headline: role assignments and, when there are any, Graph application permissions. */
function accessCounts(m: PlanModel): string {
    const graph = m.access.appRoleAssignments.length;
    return `${plural(m.summary.counts.roleAssignments.declared, "declared role assignment")}${graph > 0 ? `, ${plural(graph, "Microsoft Graph application permission")}` : ""}`;
}

function publicLine(s: PlanSummary): string {
    const isCompute = (p: PublicEndpoint): boolean => p.what.startsWith("compute ");
    const open = s.publicNetwork
        .filter((p) => p.open)
        .map((p) => (isCompute(p) ? `${p.what} (node public IP)` : p.what));
    const closed = s.publicNetwork.filter((p) => !p.open && !isCompute(p)).map((p) => p.what);
    const computes = s.publicNetwork.filter(isCompute);
    const noIp = computes.length > 0 && computes.every((p) => !p.open) ? "; no compute has a public IP" : "";
    if (open.length === 0) return `nothing: every endpoint is closed${noIp}`;
    return `${open.join(", ")}${closed.length > 0 ? `; closed: ${closed.join(", ")}` : ""}${noIp}`;
}

/** The outputs a section of its own already shows: printed as a pointer, not twice. */
const OUTPUTS_SHOWN_ELSEWHERE: Record<string, string> = { secretRotation: "see Client secret rotation below" };

export function renderText(m: PlanModel): string {
    const s = m.summary;
    const lines: string[] = [];
    lines.push(`Offline plan: stack "${m.stack}" of project "${m.project}": ${identityLine(m)}`);
    lines.push(`  ${countsLine(s.counts)}`);
    lines.push(`  tags: ${tagsLine(s.tags)}`);
    lines.push(`  reachable from public networks: ${publicLine(s)}`);
    lines.push(`  who can do what (${accessCounts(m)}; reasons: --access):`);
    if (s.principals.length === 0) lines.push("    (nobody)");
    for (const l of whoCanDoWhat(s.principals)) lines.push(`    ${l}`);
    const display = displayOf(s.principals);
    for (const g of m.access.grants.filter((x) => x.condition !== undefined)) {
        lines.push(`    ${display(g.principal)}'s ${g.role} @ ${g.scope} carries an ${g.condition}`);
    }
    if (s.warnings.length > 0) {
        lines.push(`  ${plural(s.warnings.length, "warning")}:`);
        for (const w of s.warnings) lines.push(`    ! ${w}`);
    }
    lines.push(...dataText(m));
    if (m.policy !== undefined) {
        const f = findingLines(m.policy.violations, s.production);
        lines.push(`  ${f.header}`);
        for (const l of f.lines) lines.push(`    ${l}`);
    }
    lines.push("");
    lines.push(m.notice);
    lines.push("");
    lines.push("Resources (components shown as groups):");
    const walk = (nodes: PlanResource[], indent: string): void => {
        for (const n of nodes) {
            const opts = shownOptions(n);
            const flags = opts.length > 0 ? `  [${opts.join(", ")}]` : "";
            lines.push(`${indent}+ ${n.type}  ${n.name}${flags}`);
            for (const [k, v] of Object.entries(n.settings)) {
                if (k === "description" && "why" in n.settings) continue; // the full reason is in --json / --access
                lines.push(`${indent}    ${k}: ${showSetting(k, v)}`);
            }
            const note = replaceNote(n);
            for (const x of note !== undefined ? [note] : n.notes) lines.push(`${indent}    ! ${x}`);
            walk(n.children, `${indent}    `);
        }
    };
    walk(m.resources, "  ");
    lines.push("");
    lines.push("Stack outputs (secrets masked):");
    for (const [k, v] of Object.entries(m.outputs)) {
        const shown = OUTPUTS_SHOWN_ELSEWHERE[k];
        lines.push(`  ${k}: ${shown !== undefined && v !== MASK ? `(${shown})` : (JSON.stringify(v) ?? "undefined")}`);
    }
    if (m.rotation !== undefined) {
        const r = m.rotation;
        const day = (iso: string): string => iso.slice(0, 10);
        lines.push("");
        lines.push(`Client secret rotation (period ${r.periodDays} days, grace ${r.graceDays} days; values masked):`);
        lines.push(
            `  today's window: ${day(r.window.start)} .. ${day(r.window.end)}; next rotation ${day(r.nextRotation)}`,
        );
        for (const sl of r.slots) {
            lines.push(
                `  slot ${sl.slot}: ${MASK}  window from ${day(sl.windowStart)}, replaced at the first up after ${day(sl.rotatesAt)}, ends ${day(sl.endDate)}${sl.newest ? "  <- newest (in outputs)" : ""}`,
            );
        }
    }
    return lines.join("\n");
}

/** Markdown table cell: pipes escaped, newlines flattened. */
function cell(text: string): string {
    return text.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}

/** Mermaid label text: quotes and angle brackets as entities (mermaid.js.org/syntax/flowchart.html#entity-codes-to-escape-characters). */
function label(text: string): string {
    return text.replace(/"/g, "#quot;").replace(/</g, "#lt;").replace(/>/g, "#gt;");
}

/**
 * A Mermaid flowchart principals → roles → scopes (GitHub renders ```mermaid blocks in Markdown:
 * docs.github.com "Creating diagrams"). One role node per role and scope, so every path reads as one grant.
 */
export function accessDiagram(principals: readonly PlanPrincipal[]): string {
    const ids = new Map<string, string>();
    const id = (prefix: string, key: string): string => {
        const k = `${prefix}:${key}`;
        if (!ids.has(k)) ids.set(k, `${prefix}${ids.size}`);
        return ids.get(k)!;
    };
    const lines = ["```mermaid", "flowchart LR"];
    const declared = new Set<string>();
    const node = (nid: string, text: string, shape: "box" | "round" | "db"): void => {
        if (declared.has(nid)) return;
        declared.add(nid);
        const t = label(text);
        lines.push(`    ${nid}${shape === "box" ? `["${t}"]` : shape === "round" ? `("${t}")` : `[("${t}")]`}`);
    };
    const edges = new Set<string>();
    for (const pr of principals) {
        const p = id("p", `${pr.kind}:${pr.principal}`);
        node(p, `${pr.principal} (${pr.kind})`, "box");
        for (const g of pr.roles) {
            const r = id("r", `${g.role}@${g.scope}`);
            const s = id("s", g.scope);
            node(r, g.role, "round");
            node(s, g.scope, "db");
            for (const e of [`${p} --> ${r}`, `${r} --> ${s}`]) {
                if (!edges.has(e)) lines.push(`    ${e}`);
                edges.add(e);
            }
        }
    }
    lines.push("```");
    return lines.join("\n");
}

/**
 * `--access`: the access matrix as a Markdown table, one row per role assignment with its full reason, each principal
 * under its one name (a group once, with all its levels), then the Microsoft Graph application permissions.
 */
export function accessMarkdown(m: PlanModel): string {
    return accessTable(accessRows(m));
}

/** The access matrix's rows: each role assignment, then each Graph application permission, under its one name. */
function accessRows(
    m: PlanModel,
): { principal: string; kind: string; role: string; scope: string; why: string; reason: string }[] {
    const display = displayOf(m.summary.principals);
    return [
        ...m.access.grants.map((g) => ({ ...g, principal: display(g.principal) })),
        ...m.access.appRoleAssignments.map((a) => ({
            principal: display(a.principal),
            kind: a.kind,
            role: a.permission,
            scope: `${a.resource} (application permission)`,
            why: a.why,
            reason: `${a.reason} (app role id ${a.permissionId})`,
        })),
    ];
}

/** The same plan as Markdown, for a pull request's step summary (`npm run -s plan -- --format markdown`). */
export function renderMarkdown(m: PlanModel): string {
    const s = m.summary;
    const out: string[] = [];
    out.push(`## Offline plan: stack \`${m.stack}\``);
    out.push("");
    out.push(`- **What**: ${identityLine(m)}`);
    out.push(`- **Counts**: ${countsLine(s.counts)}`);
    out.push(`- **Tags**: ${tagsLine(s.tags)}`);
    out.push(`- **Reachable from public networks**: ${publicLine(s)}`);
    if (s.warnings.length > 0) {
        out.push("");
        out.push(`### Warnings (${s.warnings.length})`);
        for (const w of s.warnings) out.push(`- :warning: ${w}`);
    }
    out.push(...dataMarkdown(m));
    out.push("");
    out.push(`### Who can do what (${accessCounts(m)})`);
    out.push("");
    if (s.principals.length === 0) out.push("Nobody: the stack declares no role assignment.");
    else {
        // Each principal once: its name on its first row, its other roles below it.
        out.push("| principal | kind | role | scope | why |", "|---|---|---|---|---|");
        const rows = accessRows(m);
        for (const p of s.principals) {
            rows.filter((g) => g.principal === p.principal && g.kind === p.kind).forEach((g, i) => {
                const who = i === 0 ? `${cell(p.principal)} | ${p.kind}` : " | ";
                out.push(`| ${who} | ${cell(g.role)} | ${cell(g.scope)} | ${cell(g.why)} |`);
            });
        }
        out.push("", accessDiagram(s.principals));
    }
    if (m.policy !== undefined) {
        const f = findingLines(m.policy.violations, s.production);
        out.push("", `### ${f.header}`, "");
        for (const l of f.lines) out.push(`- ${l.replace(/^(MANDATORY|advisory) +/, (x) => `**${x.trim()}** `)}`);
    }
    out.push("", "<details><summary>Resources</summary>", "");
    const walk = (nodes: PlanResource[], indent: string): void => {
        for (const n of nodes) {
            const opts = shownOptions(n);
            out.push(`${indent}- \`${n.type}\` **${n.name}**${opts.length > 0 ? ` _${opts.join(", ")}_` : ""}`);
            for (const [k, v] of Object.entries(n.settings)) {
                if (k === "description" && "why" in n.settings) continue;
                out.push(`${indent}  - ${k}: \`${showSetting(k, v).replace(/`/g, "'")}\``);
            }
            const note = replaceNote(n);
            for (const x of note !== undefined ? [note] : n.notes) out.push(`${indent}  - :warning: ${x}`);
            walk(n.children, `${indent}  `);
        }
    };
    walk(m.resources, "");
    out.push("", "</details>", "");
    out.push(`> ${m.notice}`);
    return out.join("\n");
}
