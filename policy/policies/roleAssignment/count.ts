import { ROLE_ASSIGNMENTS_PER_SUBSCRIPTION } from "../../../lib/roles";
import { stackPolicy, T } from "../kit";

export default stackPolicy({
    id: "RA-04",
    name: "role-assignment-count",
    level: "baseline",
    description:
        "The stack's role assignments stay within its share of the 4,000-per-subscription limit (maxRoleAssignments, default the whole limit).",
    source: "Azure subscription limits (includes/role-based-access-control/limits.md)",
    configSchema: {
        properties: {
            maxRoleAssignments: {
                type: "integer",
                default: ROLE_ASSIGNMENTS_PER_SUBSCRIPTION,
                description: "This stack's share of the subscription's 4,000 role assignments.",
            },
        },
    },
    check: (resources, report, config) => {
        const max = Number(config["maxRoleAssignments"] ?? ROLE_ASSIGNMENTS_PER_SUBSCRIPTION);
        const count = resources.filter((r) => r.type === T.roleAssignment).length;
        if (count > max) report(`the stack declares ${count} role assignments, more than its share of ${max}`);
    },
});
