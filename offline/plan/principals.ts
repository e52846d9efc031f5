/**
 * The access matrix's principals: every principal once with all its roles, and the Microsoft Graph application
 * permissions the stack grants.
 */
import type { Registered } from "../evaluate";
import { GRAPH_APP_ROLES, type GraphAppRole } from "../../lib/platform";
import type { Grant, PlanAppRoleAssignment, PlanPrincipal } from "./model";
import { shortReason } from "./reasons";

const APP_ROLE_ASSIGNMENT = "azuread:index/appRoleAssignment:AppRoleAssignment";

/**
 * The Microsoft Graph application permissions the stack grants: each app role assignment (platform/components/ciIdentity.ts),
 * named by its app role id (lib/platform.ts GRAPH_APP_ROLES), its principal the display name of the application
 * declared beside it.
 */
export function appRoleAssignments(resources: readonly Registered[]): PlanAppRoleAssignment[] {
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
