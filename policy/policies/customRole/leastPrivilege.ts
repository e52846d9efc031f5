import { RoleDefinition } from "@pulumi/azure-native/authorization";
import { isSubscriptionId } from "../../../lib/customRoles";
import { resourceRule, show, isPlatformStack, platformStackSwitch } from "../kit";

interface Permission {
    actions?: unknown;
    dataActions?: unknown;
}

/**
 * Custom roles are defined once per subscription by the platform project (platform/): defined at the subscription and
 * assignable at the subscription, never at a management group or the root scope "/", and never with a wildcard.
 * Team stacks declare no role definition at all (they assign the platform's, lib/customRoles.ts sharedCustomRoleId).
 */
export default resourceRule(RoleDefinition, {
    id: "RA-06",
    name: "custom-role-least-privilege",
    level: "baseline",
    description:
        "Custom roles are defined only by the platform stack, name every action (no * wildcard) and are defined at, and assignable only at, one subscription.",
    source: "Checkov CKV_AZURE_39",
    configSchema: platformStackSwitch(
        "The platform stack (platform/), the only one that defines custom roles; every other stack declaring a role definition is refused.",
    ),
    check: (props, report, config) => {
        if (!isPlatformStack(config)) {
            report(
                "team stacks declare no role definition: custom roles are defined once per subscription by the platform (platform/) and assigned by id (lib/customRoles.ts sharedCustomRoleId)",
            );
            return;
        }
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
            report(`assignableScopes must list the platform's subscription; found ${show(scopes)}`);
        } else {
            for (const s of scopes) {
                if (typeof s !== "string" || !isSubscriptionId(s))
                    report(`assignableScopes may hold only the subscription id; found ${show(s)}`);
            }
        }
        const scope = props["scope"];
        if (typeof scope !== "string" || !isSubscriptionId(scope))
            report(`scope must be the platform's subscription id; found ${show(scope)}`);
    },
});
