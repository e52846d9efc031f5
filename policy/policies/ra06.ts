import { isResourceGroupId } from "../../lib/customRoles";
import { resourcePolicy, show, T } from "./kit";

interface Permission {
    actions?: unknown;
    dataActions?: unknown;
}

export default resourcePolicy({
    id: "RA-06",
    name: "custom-role-least-privilege",
    level: "baseline",
    description:
        "Custom roles name every action (no * wildcard) and are defined at, and assignable only at, a resource group.",
    source: "Checkov CKV_AZURE_39",
    types: [T.roleDefinition],
    check: (props, report) => {
        const permissions = (props["permissions"] as Permission[] | undefined) ?? [];
        for (const p of permissions) {
            for (const field of ["actions", "dataActions"] as const) {
                const list = Array.isArray(p[field]) ? (p[field] as unknown[]) : [];
                for (const a of list) {
                    if (typeof a === "string" && a.includes("*"))
                        report(`${field} must not use wildcards; found "${a}"`);
                }
            }
        }
        const scopes = props["assignableScopes"];
        if (!Array.isArray(scopes) || scopes.length === 0) {
            report(`assignableScopes must list the team's resource group; found ${show(scopes)}`);
        } else {
            for (const s of scopes) {
                if (typeof s !== "string" || !isResourceGroupId(s))
                    report(`assignableScopes may hold only resource group ids; found ${show(s)}`);
            }
        }
        const scope = props["scope"];
        if (typeof scope !== "string" || !isResourceGroupId(scope))
            report(`scope must be the team's resource group id; found ${show(scope)}`);
    },
});
