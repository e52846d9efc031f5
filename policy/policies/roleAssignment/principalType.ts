import { RoleAssignment } from "@pulumi/azure-native/authorization";
import { MUST, settingsRule } from "../kit";

/**
 * What is checkable from a role assignment's own inputs: principalType is set explicitly and is one of the kinds the
 * project grants to. "User" is refused: people get access through groups (docs/access.md), and "User" is also the
 * value the azure-native SDK silently fills in when principalType is forgotten, which fails for managed identities
 * and service principals (PrincipalNotFound). Whether the type matches the actual principal is checked across the
 * stack by RA-01-ids (principalTypeMatches.ts).
 */
export const GRANTABLE_PRINCIPAL_TYPES = ["ServicePrincipal", "Group"] as const;

export default settingsRule(RoleAssignment, {
    id: "RA-01",
    name: "role-assignment-principal-type",
    level: "baseline",
    description:
        "Role assignments set principalType explicitly: ServicePrincipal for managed identities and service principals, Group for groups (never the SDK default User).",
    source: "Azure RBAC docs (role-assignments-template.md)",
    settings: { principalType: MUST.oneOf(GRANTABLE_PRINCIPAL_TYPES, " (people are granted through groups)") },
});
