/**
 * The numbers every view of a stack shows (text plan, `--json`, `--format markdown`, `plan --all` and the `access`
 * stack output), defined once. Pure functions, no Pulumi.
 *
 * - resources: Azure and Entra resources the stack declares (custom resources; components are only groups).
 * - roleAssignments.declared: role assignments the stack declares, one per `grant()` (the access matrix's rows).
 * - roleAssignments.toGroups / toIdentities: of those, to Entra groups (people) / to managed identities and the
 *   automation service principal.
 * - roleAssignments.byAzure: assignments Azure ML makes itself for the workspace's system-assigned identity, outside
 *   the stack (SERVICE_ASSIGNMENTS_PER_WORKSPACE).
 * - roleAssignments.total: declared + byAzure, what counts against the subscription's role assignment limit.
 */

/**
 * Role assignments Azure ML makes itself for each workspace's system-assigned identity, outside the stack: one
 * resource-group role at workspace creation (MicrosoftDocs/azure-ai-docs `articles/machine-learning/how-to-assign-roles.md`,
 * `how-to-identity-based-service-authentication.md`: "managed by Microsoft"). They count against the same limit.
 */
export const SERVICE_ASSIGNMENTS_PER_WORKSPACE = 1;

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
}

/** The role assignment counts of a stack's grants (the records its components registered, components/access.ts). */
export function roleAssignmentCounts(grants: readonly { readonly kind: string }[]): RoleAssignmentCounts {
    const toGroups = grants.filter((g) => g.kind === "Group").length;
    return {
        declared: grants.length,
        toGroups,
        toIdentities: grants.length - toGroups,
        byAzure: SERVICE_ASSIGNMENTS_PER_WORKSPACE,
        total: grants.length + SERVICE_ASSIGNMENTS_PER_WORKSPACE,
    };
}

/** Every count of a stack, from what it registered and granted. */
export function stackCounts(
    resources: readonly { readonly custom: boolean }[],
    grants: readonly { readonly kind: string }[],
): StackCounts {
    return { resources: resources.filter((r) => r.custom).length, roleAssignments: roleAssignmentCounts(grants) };
}

/** `1 role assignment`, `2 role assignments`. */
export function plural(n: number, one: string, many = `${one}s`): string {
    return `${n} ${n === 1 ? one : many}`;
}

/** One line for the counts, the same in every view. */
export function countsLine(c: StackCounts): string {
    const ra = c.roleAssignments;
    return (
        `${plural(c.resources, "Azure and Entra resource")}; ${plural(ra.total, "role assignment")}: ${ra.declared} declared ` +
        `(${ra.toGroups} to groups, ${ra.toIdentities} to identities) + ${ra.byAzure} Azure ML makes for the workspace identity`
    );
}
