/**
 * The numbers every view of a stack shows (text plan, `--json`, `--format markdown`, `plan --all` and the `access`
 * stack output), defined once. Pure functions, no Pulumi.
 *
 * - resources: Azure and Entra resources the stack declares (custom resources; components are only groups).
 * - roleAssignments.declared: role assignments the stack declares, one per `grant()` (the access matrix's rows).
 * - roleAssignments.toGroups / toIdentities: of those, to Entra groups (people) / to managed identities and the
 *   automation service principal.
 * - roleAssignments.byAzure: assignments Azure ML makes itself, outside the stack, for system-assigned workspace and
 *   online endpoint identities (azureMadeAssignments: SERVICE_ASSIGNMENTS_PER_WORKSPACE, ..._PER_SYSTEM_ENDPOINT).
 * - roleAssignments.total: declared + byAzure, what counts against the subscription's role assignment limit.
 */

/**
 * Role assignments Azure ML makes itself for each workspace's system-assigned identity, outside the stack: one
 * resource-group role at workspace creation (MicrosoftDocs/azure-ai-docs `articles/machine-learning/how-to-assign-roles.md`,
 * `how-to-identity-based-service-authentication.md`: "managed by Microsoft"). They count against the same limit.
 */
export const SERVICE_ASSIGNMENTS_PER_WORKSPACE = 1;

/**
 * Role assignments Azure ML makes itself for each managed online endpoint with a system-assigned identity: AcrPull,
 * Storage Blob Data Reader and AzureML Metrics Writer (MicrosoftDocs/azure-ai-docs
 * `articles/machine-learning/concept-endpoints-online-auth.md`; none for a user-assigned identity, docs/endpoints.md).
 */
export const SERVICE_ASSIGNMENTS_PER_SYSTEM_ENDPOINT = 3;

export interface RoleAssignmentCounts {
    readonly declared: number;
    readonly toGroups: number;
    readonly toIdentities: number;
    readonly byAzure: number;
    readonly total: number;
}

export interface StackCounts {
    readonly resources: number;
    readonly roleAssignments: RoleAssignmentCounts;
    /** What `roleAssignments.byAzure` is made for: the system-assigned workspace and endpoint identities. */
    readonly azureMadeFor?: AzureMadeSources;
}

/** What makes Azure assign roles itself: workspaces and online endpoints with a system-assigned identity. */
export interface AzureMadeSources {
    readonly systemAssignedWorkspaces: number;
    readonly systemAssignedEndpoints: number;
}

/** The assignments Azure makes itself for these identities. */
export function azureMadeAssignments(s: AzureMadeSources): number {
    return (
        s.systemAssignedWorkspaces * SERVICE_ASSIGNMENTS_PER_WORKSPACE +
        s.systemAssignedEndpoints * SERVICE_ASSIGNMENTS_PER_SYSTEM_ENDPOINT
    );
}

/** The role assignment counts of a stack's grants (the access matrix) and the assignments Azure makes itself. */
export function roleAssignmentCounts(
    grants: readonly { readonly kind: string }[],
    byAzure: number,
): RoleAssignmentCounts {
    const toGroups = grants.filter((g) => g.kind === "Group").length;
    return {
        declared: grants.length,
        toGroups,
        toIdentities: grants.length - toGroups,
        byAzure,
        total: grants.length + byAzure,
    };
}

const WORKSPACE_TYPE = "azure-native:machinelearningservices:Workspace";
const ENDPOINT_TYPE = "azure-native:machinelearningservices:OnlineEndpoint";

function systemAssigned(inputs: Record<string, unknown>): boolean {
    const identity = inputs["identity"] as { type?: unknown } | undefined;
    return typeof identity?.type === "string" && /SystemAssigned/i.test(identity.type);
}

/** Workspaces and endpoints with a system-assigned identity among the registered resources. */
export function azureMadeSourcesOf(
    resources: readonly { readonly type: string; readonly inputs: Record<string, unknown> }[],
): AzureMadeSources {
    const count = (type: string): number => resources.filter((r) => r.type === type && systemAssigned(r.inputs)).length;
    return { systemAssignedWorkspaces: count(WORKSPACE_TYPE), systemAssignedEndpoints: count(ENDPOINT_TYPE) };
}

/** Every count of a stack, from what it registered and granted. */
export function stackCounts(
    resources: readonly { readonly custom: boolean; readonly type: string; readonly inputs: Record<string, unknown> }[],
    grants: readonly { readonly kind: string }[],
): StackCounts {
    const azureMadeFor = azureMadeSourcesOf(resources);
    return {
        resources: resources.filter((r) => r.custom).length,
        roleAssignments: roleAssignmentCounts(grants, azureMadeAssignments(azureMadeFor)),
        azureMadeFor,
    };
}

/** `1 role assignment`, `2 role assignments`. */
export function plural(n: number, one: string, many = `${one}s`): string {
    return `${n} ${n === 1 ? one : many}`;
}

/** What Azure's own assignments are for, as the counts line says it: only the identities the stack has. */
function azureMadeForText(s: AzureMadeSources | undefined): string {
    if (s === undefined) return "";
    const parts = [
        ...(s.systemAssignedWorkspaces > 0
            ? [
                  `${s.systemAssignedWorkspaces * SERVICE_ASSIGNMENTS_PER_WORKSPACE} for the workspace identity${s.systemAssignedWorkspaces > 1 ? "s" : ""}`,
              ]
            : []),
        ...(s.systemAssignedEndpoints > 0
            ? [
                  `${s.systemAssignedEndpoints * SERVICE_ASSIGNMENTS_PER_SYSTEM_ENDPOINT} for ${s.systemAssignedEndpoints === 1 ? "the online endpoint identity" : `${s.systemAssignedEndpoints} online endpoint identities`}`,
              ]
            : []),
    ];
    return parts.length > 0 ? ` (${parts.join(", ")})` : "";
}

/** One line for the counts, the same in every view; Azure's own assignments only when there are some. */
export function countsLine(c: StackCounts): string {
    const ra = c.roleAssignments;
    const byAzure = ra.byAzure > 0 ? ` + ${ra.byAzure} Azure ML makes itself${azureMadeForText(c.azureMadeFor)}` : "";
    return (
        `${plural(c.resources, "Azure and Entra resource")}; ${plural(ra.total, "role assignment")}: ${ra.declared} declared ` +
        `(${ra.toGroups} to groups, ${ra.toIdentities} to identities)${byAzure}`
    );
}
