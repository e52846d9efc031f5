/**
 * What a stack config may legally say but a reviewer should look at: produced here, as data, from the validated
 * config, and shown by the offline plan among its warnings (offline/plan/reviewer.ts reviewerWarnings). A setting that can
 * only be a mistake is refused by its section instead (config/*.ts).
 */
import type { StackConfig } from "./index";

/** The plan warnings the config alone implies (empty for the committed stacks). */
export function configWarnings(cfg: StackConfig): string[] {
    const warnings: string[] = [];
    // Production stacks must give the subnet (config/hardening.ts); elsewhere a private endpoint made outside the
    // stack (a hub team's) may be the way in, so this is legal, but without one nobody reaches the workspace.
    if (!cfg.production && cfg.publicNetworkAccess === "Disabled" && cfg.privateEndpointSubnetId === "") {
        warnings.push(
            "aml-stamp:publicNetworkAccess is Disabled but aml-stamp:privateEndpointSubnetId is empty: the stack creates no private endpoint, so the workspace (studio, SDK, CLI) is unreachable unless one is made outside this stack. Set privateEndpointSubnetId, or keep publicNetworkAccess Enabled on this non-production stack.",
        );
    }
    const join = joinWarning(cfg);
    if (join !== undefined) warnings.push(join);
    return warnings;
}

/** The subscription id of an ARM id (`/subscriptions/<id>/...`). */
const subscriptionOf = (id: string): string => /^\/subscriptions\/([^/]+)/i.exec(id)?.[1] ?? "?";

/**
 * A private endpoint into a subnet, or a DNS zone group onto zones, joins them: Microsoft.Network/virtualNetworks/
 * subnets/join/action on the subnet and Microsoft.Network/privateDnsZones/join/action on each zone (azure-docs
 * role-based-access-control/permissions/networking.md), checked in their subscription. The deploy identity's
 * Contributor covers only the stack's subscription; in a hub's, the hub's owners must grant them (docs/permissions.md).
 */
function joinWarning(cfg: StackConfig): string | undefined {
    const joins: string[] = [];
    if (cfg.privateEndpointSubnetId !== "") {
        joins.push(
            `Microsoft.Network/virtualNetworks/subnets/join/action on the subnet (subscription ${subscriptionOf(cfg.privateEndpointSubnetId)})`,
        );
    }
    const zoneSubs = [...new Set(cfg.privateDnsZoneIds.map(subscriptionOf))];
    if (zoneSubs.length > 0) {
        joins.push(`Microsoft.Network/privateDnsZones/join/action on the zones (subscription ${zoneSubs.join(", ")})`);
    }
    if (joins.length === 0) return undefined;
    return `the workspace private endpoint joins resources that may live in a hub subscription: CI's deploy identity needs ${joins.join(" and ")}; its Contributor covers only the stack's own subscription, so if they are elsewhere the hub's owners must grant these actions there first (docs/permissions.md).`;
}
