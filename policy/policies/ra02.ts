import { isPrivilegedRoleId, roleById } from "../../lib/roles";
import { exceptionCovers, exceptionIn } from "../../lib/roleExceptions";
import { resourcePolicy, show, T } from "./kit";

export default resourcePolicy({
    id: "RA-02",
    name: "role-assignment-not-privileged",
    level: "baseline",
    description:
        "No Owner, Contributor, User Access Administrator or Role Based Access Control Administrator assignment, except under a reviewed exception (lib/roleExceptions.ts) that covers the role and the scope's resource type.",
    source: "Azure RBAC best practices; role ids from lib/roles.ts (built-in-roles.md)",
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
