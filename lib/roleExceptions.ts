/**
 * Reviewed exceptions to "never a privileged role" (RA-02): the ONLY way a privileged role reaches a principal the
 * stack creates. Each exception is named, states exactly which role on which kinds of resource for which principal,
 * carries Microsoft's evidence and who reviewed it. `grant()` refuses a privileged role unless the grant names an
 * exception that covers it; the assignment's description carries the exception marker, and the policy pack (RA-02)
 * accepts a privileged assignment only when its marker names an exception here that covers its role and its scope's
 * resource type. Adding an entry here is a security review item: the plan lists every assignment made under one.
 */
import { type BuiltInRole, ROLES } from "./roles";

export interface RoleException {
    readonly id: string;
    readonly role: BuiltInRole;
    /** Which principal, in words. */
    readonly principal: string;
    /** The kinds of resource (ARM id patterns of the scope) the role may be assigned at, by scope label. */
    readonly scopes: Readonly<Record<string, RegExp>>;
    /** Microsoft's evidence that nothing narrower is documented. */
    readonly evidence: string;
    /** Review record. */
    readonly reviewed: string;
}

const RES = (type: string): RegExp =>
    new RegExp(`^/subscriptions/[^/]+/resourceGroups/[^/]+/providers/${type.replace(/\./g, "\\.")}/[^/]+$`, "i");

export const ROLE_EXCEPTIONS = {
    "WS-UAI-CONTRIBUTOR": {
        id: "WS-UAI-CONTRIBUTOR",
        role: ROLES.contributor,
        principal:
            "the workspace's user-assigned managed identity (created by the stack or named in workspaceIdentity)",
        scopes: {
            "workspace default storage": RES("Microsoft.Storage/storageAccounts"),
            "key vault": RES("Microsoft.KeyVault/vaults"),
            "container registry": RES("Microsoft.ContainerRegistry/registries"),
            "application insights": RES("Microsoft.Insights/components"),
            workspace: RES("Microsoft.MachineLearningServices/workspaces"),
        },
        evidence:
            "MicrosoftDocs/azure-ai-docs articles/machine-learning/how-to-identity-based-service-authentication.md (ms.date 06/10/2025), 'User-assigned managed identity' > 'Workspace': the required role assignments for a workspace's user-assigned identity are Contributor on the workspace, Contributor (control plane) on storage, Contributor (control plane) on the key vault (RBAC model), Contributor on the container registry and Contributor on Application Insights; no narrower role is documented for any of them (docs/identities.md).",
        reviewed: "2026-12-01; re-review when Microsoft documents a narrower role",
    },
    "WS-UAI-KV-ADMINISTRATOR": {
        id: "WS-UAI-KV-ADMINISTRATOR",
        role: ROLES.keyVaultAdministrator,
        principal:
            "the workspace's user-assigned managed identity (created by the stack or named in workspaceIdentity)",
        scopes: { "key vault": RES("Microsoft.KeyVault/vaults") },
        evidence:
            "MicrosoftDocs/azure-ai-docs articles/machine-learning/how-to-identity-based-service-authentication.md (ms.date 06/10/2025), 'User-assigned managed identity' > 'Workspace': Key Vault Administrator (data plane) on the workspace key vault with the RBAC permission model; Key Vault Administrator is privileged here (it reads every secret of the vault, lib/roles.ts), so like WS-UAI-CONTRIBUTOR only an administrator deploys it (the CI deploy identity's ABAC condition refuses it).",
        reviewed: "2026-12-07; re-review when Microsoft documents a narrower role",
    },
} as const satisfies Record<string, RoleException>;

export type RoleExceptionId = keyof typeof ROLE_EXCEPTIONS;

/** The marker a role assignment's description carries when it is made under an exception. */
export function exceptionMarker(id: RoleExceptionId): string {
    return `[reviewed exception ${id}]`;
}

/** The exception a description's marker names, if any. */
export function exceptionIn(description: unknown): RoleException | undefined {
    if (typeof description !== "string") return undefined;
    const m = /\[reviewed exception ([A-Z0-9-]+)\]/.exec(description);
    if (m === null) return undefined;
    return (ROLE_EXCEPTIONS as Record<string, RoleException>)[m[1]!];
}

/** True when `exception` covers assigning the role (GUID or full id) at `scope` (an ARM id). */
export function exceptionCovers(exception: RoleException, roleDefinitionId: string, scope: string): boolean {
    const guid = roleDefinitionId.split("/").pop()?.toLowerCase();
    return guid === exception.role.id && Object.values(exception.scopes).some((re) => re.test(scope));
}
