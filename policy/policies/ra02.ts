import { isPrivilegedRoleId, PRIVILEGED_ROLE_NAMES, roleById } from "../../lib/roles";
import { exceptionCovers, exceptionIn } from "../../lib/roleExceptions";
import { resourcePolicy, show, T } from "./kit";

export default resourcePolicy({
    id: "RA-02",
    name: "role-assignment-not-privileged",
    level: "baseline",
    // The one privileged list (lib/roles.ts), the same that config and grant() refuse; the one way past it is a
    // reviewed exception (lib/roleExceptions.ts) covering the role and the scope's resource type (issue 12).
    description: `No assignment of a privileged role: ${PRIVILEGED_ROLE_NAMES.join(", ")}, except under a reviewed exception (lib/roleExceptions.ts) that covers the role and the scope's resource type.`,
    source: "Azure RBAC best practices; role ids and the privileged flag from lib/roles.ts (built-in-roles.md)",
    types: [T.roleAssignment],
    check: (props, report) => {
        const value = props["roleDefinitionId"];
        if (typeof value !== "string" || value === "") {
            report(`roleDefinitionId must be set; found ${show(value)}`);
        } else if (isPrivilegedRoleId(value)) {
            const exception = exceptionIn(props["description"]);
            const scope = props["scope"];
            if (exception !== undefined && typeof scope === "string" && exceptionCovers(exception, value, scope))
                return;
            report(`role ${roleById(value)?.name ?? value} is privileged and never assigned by this project`);
        }
    },
});
