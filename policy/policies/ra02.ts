import { isPrivilegedRoleId, PRIVILEGED_ROLE_NAMES, roleById } from "../../lib/roles";
import { resourcePolicy, show, T } from "./kit";

export default resourcePolicy({
    id: "RA-02",
    name: "role-assignment-not-privileged",
    level: "baseline",
    // The one privileged list (lib/roles.ts), the same that config and grant() refuse.
    description: `No assignment of a privileged role: ${PRIVILEGED_ROLE_NAMES.join(", ")}.`,
    source: "Azure RBAC best practices; role ids and the privileged flag from lib/roles.ts (built-in-roles.md)",
    types: [T.roleAssignment],
    check: (props, report) => {
        const value = props["roleDefinitionId"];
        if (typeof value !== "string" || value === "") {
            report(`roleDefinitionId must be set; found ${show(value)}`);
        } else if (isPrivilegedRoleId(value)) {
            report(`role ${roleById(value)?.name ?? value} is privileged and never assigned by this project`);
        }
    },
});
