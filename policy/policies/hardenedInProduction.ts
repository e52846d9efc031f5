import { type Rule, stackPolicy, type StackRule } from "./kit";

/** True when the stack is a production stack: pack config `production`, or any resource tagged `production: "true"`. */
export function isProductionStack(
    resources: readonly { props: Record<string, unknown> }[],
    configured: unknown,
): boolean {
    if (configured === true) return true;
    return resources.some((r) => {
        const tags = r.props["tags"];
        return (
            tags !== null &&
            typeof tags === "object" &&
            String((tags as Record<string, unknown>)["production"]).toLowerCase() === "true"
        );
    });
}

/**
 * Production stacks meet the Hardened rows: re-runs every Hardened rule (not the optional ones) as one mandatory
 * policy when the stack is production. The Workspace component tags every resource `production: "true"` on a
 * production stack (config `production`); pack config `production: true` does the same for stacks deployed without it.
 */
export function hardenedInProduction(rules: readonly Rule[]): StackRule {
    const hardened = rules.filter((r) => r.level === "hardened");
    return stackPolicy({
        id: "PROD",
        name: "hardened-in-production",
        level: "baseline",
        description: "On a production stack every Hardened row of the security baseline is mandatory.",
        source: "security-baseline.md (Levels)",
        configSchema: {
            properties: {
                production: {
                    type: "boolean",
                    default: false,
                    description: "Treat the stack as production even without the production tag.",
                },
                exempt: {
                    type: "array",
                    items: { type: "string" },
                    default: [],
                    description:
                        "Rules (policy names) the stack carries a documented exemption for (lib/exemptions.ts): not re-run.",
                },
            },
        },
        check: (resources, report, config) => {
            if (!isProductionStack(resources, config["production"])) return;
            const exempt = new Set(Array.isArray(config["exempt"]) ? (config["exempt"] as unknown[]).map(String) : []);
            for (const rule of hardened.filter((r) => !exempt.has(r.name))) {
                const ruleConfig = {};
                if (rule.kind === "resource") {
                    for (const r of resources.filter((x) => rule.types.includes(x.type))) {
                        rule.check(r.props, (m) => report(`[${rule.id}] ${r.name}: ${m}`, r.urn), ruleConfig);
                    }
                } else {
                    rule.check(resources, (m, urn) => report(`[${rule.id}] ${m}`, urn), ruleConfig);
                }
            }
        },
    });
}
