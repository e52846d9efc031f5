import { resourcePolicy, show, T } from "./kit";

/** A scope inside a resource group: the resource group itself or a resource in it. */
export const RESOURCE_GROUP_OR_NARROWER = /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+(\/.+)?$/i;

export default resourcePolicy({
    id: "RA-03",
    name: "role-assignment-narrow-scope",
    level: "baseline",
    description:
        "Role assignments are scoped to a resource group or a resource in it, never a subscription or management group.",
    source: "Azure RBAC best practices",
    types: [T.roleAssignment],
    check: (props, report) => {
        const value = props["scope"];
        if (typeof value !== "string" || !RESOURCE_GROUP_OR_NARROWER.test(value)) {
            report(
                `scope must be a resource group or a resource in one (not a subscription, management group or /); found ${show(value)}`,
            );
        }
    },
});
