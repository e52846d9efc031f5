/**
 * Azure ABAC conditions on role assignments (pure): the condition that limits what the platform's deploy identity
 * may assign with Role Based Access Control Administrator, and its strict parser.
 *
 * Grammar: MicrosoftDocs/azure-docs articles/role-based-access-control/delegate-role-assignments-examples.md,
 * "Example: Constrain roles and principal types" (and delegate-role-assignments-portal.md): two conditions, one per
 * action, because the attribute source differs — `@Request[...]` for roleAssignments/write (what the caller asks to
 * create) and `@Resource[...]` for roleAssignments/delete (what the existing assignment is) — each allowing only the
 * listed role definition GUIDs (`ForAnyOfAnyValues:GuidEquals {…}`) and principal types
 * (`ForAnyOfAnyValues:StringEqualsIgnoreCase {'ServicePrincipal', 'Group'}`). The condition version is "2.0"
 * (azure-native authorization RoleAssignment `conditionVersion`; the docs' PowerShell example sets "2.0").
 */

import { GUID } from "./guid";

/** The condition version Azure accepts for these conditions. */
export const CONDITION_VERSION = "2.0";

/** Principal types the attribute accepts (conditions-authorization-actions-attributes.md, "Principal type"). */
export type ConditionPrincipalType = "User" | "ServicePrincipal" | "Group";

const ATTR = "Microsoft.Authorization/roleAssignments";

function block(action: "write" | "delete", roles: readonly string[], types: readonly ConditionPrincipalType[]): string {
    const source = action === "write" ? "@Request" : "@Resource";
    return (
        `((!(ActionMatches{'${ATTR}/${action}'})) OR ` +
        `(${source}[${ATTR}:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals {${roles.join(", ")}} AND ` +
        `${source}[${ATTR}:PrincipalType] ForAnyOfAnyValues:StringEqualsIgnoreCase {${types.map((t) => `'${t}'`).join(", ")}}))`
    );
}

/**
 * The condition: role assignments may be created and deleted only for `roleGuids` and only for `principalTypes`.
 * GUIDs are lower-cased, de-duplicated and sorted, so the condition text is stable.
 */
export function constrainRolesAndPrincipalTypes(
    roleGuids: readonly string[],
    principalTypes: readonly ConditionPrincipalType[],
): string {
    const roles = [...new Set(roleGuids.map((g) => g.toLowerCase()))].sort();
    const bad = roles.filter((g) => !GUID.test(g));
    if (bad.length > 0) throw new Error(`ABAC condition: not role definition GUIDs: ${bad.join(", ")}`);
    if (roles.length === 0) throw new Error("ABAC condition: at least one role");
    if (principalTypes.length === 0) throw new Error("ABAC condition: at least one principal type");
    return `${block("write", roles, principalTypes)} AND ${block("delete", roles, principalTypes)}`;
}

/** What a condition of that shape allows, per action. */
export interface ParsedCondition {
    readonly write: { readonly roles: readonly string[]; readonly principalTypes: readonly string[] };
    readonly delete: { readonly roles: readonly string[]; readonly principalTypes: readonly string[] };
}

function parseBlock(text: string, action: "write" | "delete"): ParsedCondition["write"] | undefined {
    const source = action === "write" ? "@Request" : "@Resource";
    const esc = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
    const re = new RegExp(
        `\\(\\(!\\(ActionMatches\\{'${esc(`${ATTR}/${action}`)}'\\}\\)\\) OR \\(${esc(source)}\\[${esc(ATTR)}:RoleDefinitionId\\] ForAnyOfAnyValues:GuidEquals \\{([^}]*)\\} AND ${esc(source)}\\[${esc(ATTR)}:PrincipalType\\] ForAnyOfAnyValues:StringEqualsIgnoreCase \\{([^}]*)\\}\\)\\)`,
    );
    const m = re.exec(text);
    if (m === null) return undefined;
    return {
        roles: m[1]!.split(",").map((s) => s.trim().toLowerCase()),
        principalTypes: m[2]!.split(",").map((s) => s.trim().replace(/^'|'$/g, "")),
    };
}

/**
 * Parses a condition written by {@link constrainRolesAndPrincipalTypes}; undefined for any other text (the policy pack
 * then refuses it: a condition it cannot read is not one it can vouch for).
 */
export function parseCondition(text: string): ParsedCondition | undefined {
    const write = parseBlock(text, "write");
    const del = parseBlock(text, "delete");
    if (write === undefined || del === undefined) return undefined;
    // Nothing else in the text: rebuilt from what was parsed, it must be the same string.
    const rebuilt = `${block("write", write.roles, write.principalTypes as ConditionPrincipalType[])} AND ${block("delete", del.roles, del.principalTypes as ConditionPrincipalType[])}`;
    if (rebuilt !== text) return undefined;
    return { write, delete: del };
}
