/**
 * What a stack config may legally say but a reviewer should look at: produced here, as data, from the validated
 * config, and shown by the offline plan among its warnings (offline/render.ts reviewerWarnings). A setting that can
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
    return warnings;
}
