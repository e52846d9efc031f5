/**
 * The hardened profile (docs/hardening.md), stated once: the values a production stack must state in its own config.
 * config/hardening.ts refuses a production stack that does not state each of them, `npm run new-team -- --production`
 * writes them, and the tests' production stack (tests/helpers.ts PRODUCTION) starts from them.
 *
 * Settings that depend on the team (the private endpoint subnet, the platform's DNS zones, which cluster builds
 * images) are not values here: config/hardening.ts checks them, new-team and the tests supply their own.
 */

/** One setting of the hardened profile: config key, the value production requires, and why (baseline row). */
export interface HardenedSetting {
    readonly key: string;
    readonly value: string | boolean;
    readonly why: string;
    /** Checked only when this boolean key is true (e.g. the registry SKU only when the stack declares a registry). */
    readonly onlyWith?: string;
}

/** The hardened profile: every fixed value a production stack must state. */
export const HARDENED_PROFILE: readonly HardenedSetting[] = [
    {
        key: "publicNetworkAccess",
        value: "Disabled",
        why: "the workspace is reached through its private endpoint (WS-01)",
    },
    {
        key: "managedNetworkIsolation",
        value: "AllowOnlyApprovedOutbound",
        why: "outbound only to approved destinations (WS-05)",
    },
    {
        key: "containerRegistry",
        value: true,
        why: "the stack declares its registry so that its public access can be disabled (CR-03)",
    },
    {
        key: "containerRegistrySku",
        value: "Premium",
        why: "only Premium registries can disable public network access (CR-03)",
        onlyWith: "containerRegistry",
    },
];

/** The hardened profile as config values (key → value), e.g. to write into a new production stack file. */
export function hardenedValues(): Record<string, string | boolean> {
    return Object.fromEntries(HARDENED_PROFILE.map((s) => [s.key, s.value]));
}
