import { RoleAssignment } from "@pulumi/azure-native/authorization";
import { resourceRule, show, isPlatformStack, platformStackSwitch } from "../kit";

/** A scope inside a resource group: the resource group itself or a resource in it. */
export const RESOURCE_GROUP_OR_NARROWER = /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+(\/.+)?$/i;
const SUBSCRIPTION = /^\/subscriptions\/[^/]+$/i;

/**
 * Team stacks assign roles inside a resource group only. The platform stack (config `platformStack: true`, set
 * only by its own pack config) may also assign at its one subscription: its CI identities read and deploy resource
 * groups the team stacks create, which no resource-group scope can cover. Management groups and "/" stay refused.
 */
export default resourceRule(RoleAssignment, {
    id: "RA-03",
    name: "role-assignment-narrow-scope",
    level: "baseline",
    description:
        "Role assignments are scoped to a resource group or a resource in it, never a subscription or management group (the platform stack: also its subscription).",
    source: "Azure RBAC best practices",
    configSchema: platformStackSwitch(
        "The platform stack: also allow the subscription scope (never a management group or /).",
    ),
    // A scope built from a new resource's id is unknown in a first preview: decided then from that resource's type
    // (kit `linked`, first-preview-linked-inputs), here once the id is known (pulumi up analyzes after it exists).
    linked: ["scope"],
    check: (props, report, config) => {
        const value = props["scope"];
        if (typeof value === "string" && isPlatformStack(config) && SUBSCRIPTION.test(value)) return;
        if (typeof value !== "string" || !RESOURCE_GROUP_OR_NARROWER.test(value)) {
            report(
                `scope must be a resource group or a resource in one (not a subscription, management group or /); found ${show(value)}`,
            );
        }
    },
});
