import { has, type ResourceRule, resourcePolicy, type Rule, stackPolicy, type StackRule } from "../kit";
import type { PolicyConfigSchema } from "@pulumi/policy";

const PRODUCTION_SCHEMA: PolicyConfigSchema = {
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
};

/** The rules a stack's pack config exempts (policy names). */
function exemptions(config: Record<string, unknown>): Set<string> {
    return new Set(Array.isArray(config["exempt"]) ? (config["exempt"] as unknown[]).map(String) : []);
}

function taggedProduction(props: Record<string, unknown>): boolean {
    if (!has(props, "tags")) return false;
    const tags = props["tags"];
    return (
        tags !== null &&
        typeof tags === "object" &&
        String((tags as Record<string, unknown>)["production"]).toLowerCase() === "true"
    );
}

/** True when the stack is a production stack: pack config `production`, or any resource tagged `production: "true"`. */
export function isProductionStack(
    resources: readonly { props: Record<string, unknown> }[],
    configured: unknown,
): boolean {
    if (configured === true) return true;
    return resources.some((r) => taggedProduction(r.props));
}

/**
 * Production stacks meet the Hardened rows, in two mandatory policies because the engine hands the two kinds
 * different data (docs/policy.md "What each policy kind sees"):
 *
 * - `hardened-in-production-resources` (resource policy) re-runs every Hardened resource rule on each resource's
 *   INPUTS. It cannot be a stack policy: a stack policy sees outputs, and in a preview azure-native returns every
 *   response property the program did not set as unknown (provider.go `Create`, `PreviewOutputs`); reading one makes
 *   @pulumi/policy skip the whole policy as advisory, so a production stack that omits, say, `disableLocalAuth` would
 *   pass its preview. A resource is production when the pack config says so or its own inputs carry the tag.
 * - `hardened-in-production` (stack policy) re-runs the Hardened stack rules (existence checks over outputs and
 *   propertyDependencies) when the pack config says production or any resource's outputs carry the tag.
 *
 * The Workspace component tags every resource `production: "true"` on a production stack (config `production`);
 * pack config `production: true` does the same for stacks deployed without it. Optional Hardened rows stay advisory.
 */
/** The metadata both halves share; `kind` is "stack" or "resource", the rules each half re-runs. */
function productionMeta(kind: "stack" | "resource") {
    return {
        id: "PROD",
        level: "baseline" as const,
        description: `On a production stack every Hardened ${kind} rule of the security baseline is mandatory.`,
        source: "docs/security-baseline.md (Levels)",
        configSchema: PRODUCTION_SCHEMA,
    };
}

export function hardenedInProduction(rules: readonly Rule[]): StackRule {
    const hardened = rules.filter((r): r is StackRule => r.level === "hardened" && r.kind === "stack");
    return stackPolicy({
        ...productionMeta("stack"),
        name: "hardened-in-production",
        check: (resources, report, config) => {
            if (!isProductionStack(resources, config["production"])) return;
            const exempt = exemptions(config);
            for (const rule of hardened.filter((r) => !exempt.has(r.name))) {
                rule.check(resources, (m, urn) => report(`[${rule.id}] ${m}`, urn), {});
            }
        },
    });
}

/** The resource half of the production escalation (see hardenedInProduction): a resource policy over inputs. */
export function hardenedResourcesInProduction(rules: readonly Rule[]): ResourceRule {
    const hardened = rules.filter((r): r is ResourceRule => r.level === "hardened" && r.kind === "resource");
    return resourcePolicy({
        ...productionMeta("resource"),
        name: "hardened-in-production-resources",
        types: [...new Set(hardened.flatMap((r) => r.types))],
        check: (props, report, config, resource) => {
            if (resource === undefined) throw new Error("hardened-in-production-resources: needs the resource type");
            if (config["production"] !== true && !taggedProduction(props)) return;
            const exempt = exemptions(config);
            for (const rule of hardened.filter((r) => r.types.includes(resource.type) && !exempt.has(r.name))) {
                rule.check(props, (m) => report(`[${rule.id}] ${resource.name}: ${m}`), {}, resource);
            }
        },
    });
}
