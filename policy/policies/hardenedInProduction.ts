import { has, type Rule, stackPolicy, type StackRule } from "./kit";

/** True when the stack is a production stack: pack config `production`, or any resource tagged `production: "true"`. */
export function isProductionStack(
    resources: readonly { props: Record<string, unknown> }[],
    configured: unknown,
): boolean {
    if (configured === true) return true;
    return resources.some((r) => {
        if (!has(r.props, "tags")) return false;
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
 * policy when the stack is production. Being a stack policy, it sees outputs: the Hardened resource rules it re-runs
 * read properties that the SDK declares as outputs of their types too (Azure returns the settings they check);
 * tests/policyShapes.spec.ts holds every re-run rule to that. The Workspace component tags every resource `production: "true"` on a
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
            },
        },
        check: (resources, report, config) => {
            if (!isProductionStack(resources, config["production"])) return;
            for (const rule of hardened) {
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
