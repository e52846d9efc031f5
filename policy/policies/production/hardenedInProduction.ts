import {
    containsUnknown,
    has,
    isUnknownValueError,
    linkedView,
    peek,
    raw,
    type ResourceRule,
    resourcePolicy,
    type Rule,
    type StackResource,
    stackPolicy,
    type StackRule,
    withDefaults,
} from "../kit";
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

/**
 * True when the props carry the tag `production: "true"`. Read raw (kit `peek`): in a first preview the tags output of
 * a resource whose inputs set none is unknown (PreviewOutputs), and an untagged resource is not a production one; the
 * Workspace component's tags are literals, known in every preview.
 */
function taggedProduction(props: Record<string, unknown>): boolean {
    if (!has(props, "tags")) return false;
    const tags = raw(peek(props, "tags"));
    return (
        tags !== null &&
        typeof tags === "object" &&
        String((tags as Record<string, unknown>)["production"]).toLowerCase() === "true"
    );
}

/** The finding of a rule that cannot decide in this preview: mandatory, never a silent "can't run". */
const CANNOT_DECIDE = "cannot be decided in this preview";

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
            // Each inner rule on its own: one that reads an unknown value says so as a mandatory finding, and the
            // others still run (an uncaught read would make the analyzer skip this whole policy as advisory).
            for (const rule of hardened.filter((r) => !exempt.has(r.name))) {
                try {
                    rule.check(resources, (m, urn) => report(`[${rule.id}] ${m}`, urn), {});
                } catch (err) {
                    if (!isUnknownValueError(err)) throw err;
                    report(`[${rule.id}] ${rule.name} ${CANNOT_DECIDE}: ${err.message}`);
                }
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
                try {
                    rule.check(props, (m) => report(`[${rule.id}] ${resource.name}: ${m}`), {}, resource);
                } catch (err) {
                    if (!isUnknownValueError(err)) throw err;
                    report(`[${rule.id}] ${resource.name}: ${rule.name} ${CANNOT_DECIDE}: ${err.message}`);
                }
            }
        },
    });
}

const LINKED_SCHEMA: PolicyConfigSchema = {
    properties: {
        ...PRODUCTION_SCHEMA.properties,
        platformStack: {
            type: "boolean",
            default: false,
            description: "The platform stack: the platformStack switch of the rules it decides for (RA-02, RA-03).",
        },
    },
};

/**
 * True when the resource half of `rule` left `r` to this stack half: `r` is being created (its outputs hold
 * unknowns, which a finished state never does) and a linked input came from a resource being created too, so the
 * input was unknown when the resource policy ran.
 */
function deferred(rule: ResourceRule, r: StackResource, byUrn: ReadonlyMap<string, StackResource>): boolean {
    if (!containsUnknown(r.props)) return false;
    return (rule.linked ?? []).some((key) => {
        const value = peek(r.props, key);
        const sources = (r.propertyDependencies[key] ?? []).map((u) => byUrn.get(u));
        if (sources.length === 0) return false;
        return value === undefined
            ? sources.some((s) => s === undefined || containsUnknown(s.props))
            : containsUnknown(value);
    });
}

/**
 * The stack half of the resource rules with `linked` inputs (kit ResourceRule): in the first preview of a new stack a
 * role assignment's scope, Application Insights' workspace, a private endpoint's target or a diagnostic setting's
 * resource is the id of a resource not created yet, unknown to the resource policy, which then leaves it here. A stack
 * policy knows where the value came from (`propertyDependencies`, known in a preview) and so its ARM type (kit
 * ARM_TYPES): each deferred resource is decided by the rule's own check over its linkedView (the linked id replaced by
 * an id of the source's type). One that cannot be placed is a mandatory finding saying so. Baseline rules always,
 * Hardened ones on production stacks (as hardened-in-production-resources); exemptions as the escalation's.
 */
export function linkedInputsInPreview(rules: readonly Rule[]): StackRule {
    const linked = rules.filter(
        (r): r is ResourceRule & { decide: ResourceRule["check"] } => r.kind === "resource" && r.decide !== undefined,
    );
    return stackPolicy({
        id: "PREVIEW",
        level: "baseline",
        name: "first-preview-linked-inputs",
        description:
            "In a first preview, every resource rule whose input is a new resource's id (unknown until created) decides from that resource's type, or says it cannot.",
        source: "docs/policy.md (What each policy kind sees); pulumi-azure-native previewOutputs.go",
        configSchema: LINKED_SCHEMA,
        check: (resources, report, config) => {
            const byUrn = new Map(resources.map((r) => [r.urn, r]));
            const production = isProductionStack(resources, config["production"]);
            const exempt = exemptions(config);
            for (const rule of linked) {
                if (rule.level !== "baseline" && !(rule.level === "hardened" && production)) continue;
                if (exempt.has(rule.name)) continue;
                const ruleConfig = config["platformStack"] === true ? { platformStack: true } : {};
                for (const r of resources.filter((x) => rule.types.includes(x.type) && deferred(rule, x, byUrn))) {
                    const at = `[${rule.id}] ${r.name}`;
                    const view = linkedView(r, rule.linked ?? [], byUrn);
                    if (typeof view === "string") {
                        report(`${at}: ${rule.name} ${CANNOT_DECIDE}: ${view}`, r.urn);
                        continue;
                    }
                    rule.decide(
                        view,
                        (m) => report(`${at}: ${m}`, r.urn),
                        withDefaults(rule.configSchema, ruleConfig),
                        {
                            type: r.type,
                            name: r.name,
                        },
                    );
                }
            }
        },
    });
}
