import { RoleAssignment } from "@pulumi/azure-native/authorization";
import { CONDITION_VERSION, parseCondition } from "../../../lib/abac";
import { isPrivilegedRoleId, PRIVILEGED_ROLE_NAMES, roleById, ROLES } from "../../../lib/roles";
import { exceptionCovers, exceptionIn } from "../../../lib/roleExceptions";
import { resourceRule, show, isPlatformStack, platformStackSwitch } from "../kit";

const ALLOWED_TYPES = new Set(["serviceprincipal", "group"]);

/**
 * No privileged role assignment. The one exception is the platform stack (platform/, config `platformStack:
 * true`, set only by the platform's pack config): its deploy identity gets Contributor, and Role Based Access Control
 * Administrator only with an ABAC condition (lib/abac.ts) that allows no privileged role and only ServicePrincipal and
 * Group principals. Owner and User Access Administrator stay refused everywhere.
 */
export default resourceRule(RoleAssignment, {
    id: "RA-02",
    name: "role-assignment-not-privileged",
    level: "baseline",
    // The one privileged list (lib/roles.ts), the same that config and grant() refuse. Two ways past it: a reviewed
    // exception (lib/roleExceptions.ts) covering the role and the scope's resource type, and the platform
    // stack's deploy identity.
    description: `No assignment of a privileged role: ${PRIVILEGED_ROLE_NAMES.join(", ")}, except under a reviewed exception (lib/roleExceptions.ts) that covers the role and the scope's resource type, and the platform's deploy identity (Contributor, and RBAC Administrator only with an ABAC condition).`,
    source: "Azure RBAC best practices; role ids and the privileged flag from lib/roles.ts (built-in-roles.md); delegate-role-assignments-examples.md",
    configSchema: platformStackSwitch(
        "The platform stack: allow Contributor and a conditioned RBAC Administrator for its deploy identity.",
    ),
    // The exception check reads the scope: in a first preview decided from the scope's resource type (kit `linked`).
    linked: ["scope"],
    check: (props, report, config) => {
        const value = props["roleDefinitionId"];
        if (typeof value !== "string" || value === "") {
            report(`roleDefinitionId must be set; found ${show(value)}`);
            return;
        }
        if (!isPrivilegedRoleId(value)) return;
        const exception = exceptionIn(props["description"]);
        const scope = props["scope"];
        if (exception !== undefined && typeof scope === "string" && exceptionCovers(exception, value, scope)) return;
        const role = roleById(value);
        if (isPlatformStack(config) && role?.id === ROLES.contributor.id) return;
        if (isPlatformStack(config) && role?.id === ROLES.rbacAdministrator.id) {
            const condition = props["condition"];
            const parsed = typeof condition === "string" ? parseCondition(condition) : undefined;
            if (props["conditionVersion"] !== CONDITION_VERSION || parsed === undefined) {
                report(
                    `Role Based Access Control Administrator needs the ABAC condition of lib/abac.ts with conditionVersion "${CONDITION_VERSION}"; found ${show(condition)}`,
                );
                return;
            }
            for (const action of [parsed.write, parsed.delete]) {
                const privileged = action.roles.filter((g) => isPrivilegedRoleId(g));
                if (privileged.length > 0)
                    report(`the ABAC condition lets the deployer assign privileged roles: ${privileged.join(", ")}`);
                const types = action.principalTypes.filter((t) => !ALLOWED_TYPES.has(t.toLowerCase()));
                if (types.length > 0)
                    report(`the ABAC condition allows principal types other than ServicePrincipal and Group: ${types}`);
            }
            return;
        }
        report(`role ${role?.name ?? value} is privileged and never assigned by this project`);
    },
});
