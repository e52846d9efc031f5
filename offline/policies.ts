/**
 * Runs the policy pack's own CrossGuard policies (policy/policies) over the resources an offline evaluation
 * registered, handing each policy kind what the engine hands it, and collects every `reportViolation` call. One
 * implementation for `pulumi preview --policy-pack policy` and for the offline plan (and the policy tests).
 *
 * What the engine gives (pulumi/pulumi at 1b59498, pkg/resource/deploy/step_generator.go):
 * - resource policies (`analyzeAll`, called from `generateSteps` for every registered resource, components too):
 *   the resource's INPUTS (after the provider's Check), its options (protect, ignoreChanges, deleteBeforeReplace,
 *   additionalSecretOutputs, aliases, customTimeouts, parent) and its provider's inputs;
 * - stack policies (`AnalyzeResources` → `analyzer.AnalyzeStack`, over `deployment.news`: every resource registered
 *   by this run, components included, reads excluded): each resource's OUTPUTS only ("Unlike Analyze, AnalyzeStack
 *   is called on the final outputs of each resource"), the same options, `parent`, `dependencies` and
 *   `propertyDependencies`. @pulumi/policy (server.js `makeAnalyzeStackRpcFun`) turns `parent`, `dependencies` and
 *   `propertyDependencies` into references to the other PolicyResource objects, dropping URNs not in the list, and
 *   deserializes props with secrets unwrapped (`deserializeProperties(…, false)`).
 * Both kinds get their props through @pulumi/policy's `unknownCheckingProxy`, as server.js wraps them; a policy that
 * reads an unknown value (an evaluation with `preview: "first"`, offline/evaluate.ts) is reported the way server.js
 * reports it: an advisory "can't run policy '…' from policy pack '…' during preview: …", whatever the policy's own
 * enforcement (a resource policy per resource, a stack policy once). `lostCoverage` names those of mandatory policies.
 * Not modelled offline: provider resources (the mock runtime registers no default providers) and the provider's
 * Check defaults.
 */
import type {
    EnforcementLevel,
    PolicyResource,
    PolicyResourceOptions,
    ResourceValidationArgs,
    StackValidationArgs,
} from "@pulumi/policy";
import type { StackConfig } from "../config";
import { type Guardrails, loadGuardrails } from "../config/guardrails";
import { maxLifetimeDays } from "../lib/rotation";
import { exemptPolicies } from "../lib/exemptions";
import { stackExemptions } from "../config/hardening";
import type { Registered } from "./evaluate";
import { unwrapSecrets } from "./evaluate";
import { ALL_RULES } from "../policy/policies";
import * as policyPackage from "../policy/package.json";
import { isUnknownValueError, type Rule, unknownCheckingProxy } from "../policy/policies/kit";

export interface Violation {
    /** CrossGuard policy name. */
    readonly policy: string;
    readonly enforcement: EnforcementLevel;
    /** Pulumi resource name ("" for a stack-wide violation without a resource). */
    readonly resource: string;
    readonly type: string;
    readonly message: string;
}

export interface PolicyRunOptions {
    /** Per-policy config, as `--policy-pack-config` would give it: `{policyName: {key: value}}`. */
    readonly config?: Readonly<Record<string, Record<string, unknown>>>;
    /** The rules to run. Default: the whole pack. */
    readonly rules?: readonly Rule[];
}

class NotApplicable extends Error {}

function options(r: Registered): PolicyResourceOptions {
    return {
        protect: r.options.protect,
        ignoreChanges: [...r.options.ignoreChanges],
        deleteBeforeReplace: r.options.deleteBeforeReplace,
        aliases: [],
        customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
        additionalSecretOutputs: [...r.options.additionalSecretOutputs],
        ...(r.parent !== "" ? { parent: r.parent } : {}),
    };
}

const notApplicable = (reason?: string): never => {
    throw new NotApplicable(reason);
};

/**
 * `view` with a `props` property holding `source` without secret wrappers, copied on first read: each policy gets
 * its own copy, as the analyzer deserializes the properties again for each policy (@pulumi/policy server.js), and
 * most rules look at the type and stop there.
 */
function withProps<T extends object>(view: T, source: Record<string, unknown>): T & { props: Record<string, unknown> } {
    let props: Record<string, unknown> | undefined;
    return Object.defineProperty(view, "props", {
        enumerable: true,
        get: () =>
            // The analyzer's own proxy (@pulumi/policy proxy.js, server.js wraps every props object in it).
            (props ??= unknownCheckingProxy(unwrapSecrets(source) as Record<string, unknown>)),
    }) as T & { props: Record<string, unknown> };
}

/** The pack as server.js names it in a "can't run" message (policy/index.ts's name, policy/package.json's version). */
const POLICY_FROM = (policy: string): string =>
    `policy '${policy}' from policy pack 'aml-stamp@v${policyPackage.version}'`;

/** The diagnostic server.js makes of an UnknownValueError: advisory, whatever the policy's enforcement. */
function cannotRunDuringPreview(policy: string, err: Error, resource: string, type: string): Violation {
    return {
        policy,
        enforcement: "advisory",
        resource,
        type,
        message: `can't run ${POLICY_FROM(policy)} during preview: ${err.message}`,
    };
}

/** True for the diagnostic of a policy that could not run because it read an unknown value. */
export function cannotRun(v: Violation): boolean {
    return v.message.startsWith("can't run policy ");
}

/**
 * The policies whose check a preview silently loses: "can't run" diagnostics of policies that are mandatory
 * (reported as advisory by the analyzer, so they never fail the preview). A first preview must have none.
 */
export function lostCoverage(violations: readonly Violation[], rules: readonly Rule[] = ALL_RULES): Violation[] {
    const mandatoryRules = new Set(rules.filter((r) => r.policy.enforcementLevel === "mandatory").map((r) => r.name));
    return violations.filter((v) => cannotRun(v) && mandatoryRules.has(v.policy));
}

/** `validateResource` args for one registered resource, as the policy engine would build them during a preview. */
export function resourceArgs(r: Registered, config: Record<string, unknown> = {}): ResourceValidationArgs {
    return withProps(
        {
            type: r.type,
            urn: r.urn,
            name: r.name,
            opts: options(r),
            stackTags: new Map(),
            isType: () => {
                throw new Error("offline policies: use args.type, not isType()");
            },
            asType: () => {
                throw new Error("offline policies: use args.props, not asType()");
            },
            getConfig: <T extends object>() => config as T,
            notApplicable,
        },
        r.inputs,
    );
}

/**
 * `validateStack` args' resources, as @pulumi/policy builds them from the engine's AnalyzeStack request: outputs
 * only (never inputs), with parent, dependencies and propertyDependencies resolved to the other resources.
 */
export function stackResources(resources: readonly Registered[]): PolicyResource[] {
    const views = resources.map((r): PolicyResource =>
        withProps(
            {
                type: r.type,
                urn: r.urn,
                name: r.name,
                opts: options(r),
                dependencies: [],
                propertyDependencies: {},
                isType: () => false,
                asType: () => undefined,
            },
            r.outputs,
        ),
    );
    const byUrn = new Map(views.map((v) => [v.urn, v]));
    const resolve = (urns: readonly string[]): PolicyResource[] =>
        urns.map((u) => byUrn.get(u)).filter((v): v is PolicyResource => v !== undefined);
    resources.forEach((r, i) => {
        const view = views[i]! as { -readonly [K in keyof PolicyResource]: PolicyResource[K] };
        const parent = byUrn.get(r.parent);
        if (parent !== undefined) view.parent = parent;
        view.dependencies = resolve(r.dependencies);
        view.propertyDependencies = Object.fromEntries(
            Object.entries(r.propertyDependencies).map(([k, urns]) => [k, resolve(urns)]),
        );
    });
    return views;
}

/** Runs the pack's policies over an evaluation's resources and returns every violation, in rule order. */
export async function runPolicies(resources: readonly Registered[], opts: PolicyRunOptions = {}): Promise<Violation[]> {
    // The engine analyses every registered resource, components included (rules filter by type).
    const all = resources;
    const violations: Violation[] = [];
    for (const rule of opts.rules ?? ALL_RULES) {
        const config = opts.config?.[rule.name] ?? {};
        const enforcement = rule.policy.enforcementLevel ?? "advisory";
        if (rule.kind === "resource") {
            const validations = rule.policy.validateResource;
            const fns = validations === undefined ? [] : Array.isArray(validations) ? validations : [validations];
            for (const r of all) {
                for (const fn of fns) {
                    try {
                        await fn(resourceArgs(r, config), (message) =>
                            violations.push({
                                policy: rule.name,
                                enforcement,
                                resource: r.name,
                                type: r.type,
                                message,
                            }),
                        );
                    } catch (err) {
                        if (isUnknownValueError(err)) {
                            violations.push(cannotRunDuringPreview(rule.name, err, r.name, r.type));
                        } else if (!(err instanceof NotApplicable)) throw err;
                    }
                }
            }
        } else {
            const byUrn = new Map(all.map((r) => [r.urn, r]));
            const args: StackValidationArgs = {
                resources: stackResources(all),
                stackTags: new Map(),
                getConfig: <T extends object>() => config as T,
                notApplicable,
            };
            try {
                await rule.policy.validateStack(args, (message, urn) => {
                    const r = urn === undefined ? undefined : byUrn.get(urn);
                    violations.push({
                        policy: rule.name,
                        enforcement,
                        resource: r?.name ?? "",
                        type: r?.type ?? "stack",
                        message,
                    });
                });
            } catch (err) {
                if (isUnknownValueError(err)) {
                    violations.push(cannotRunDuringPreview(rule.name, err, "", "stack"));
                } else if (!(err instanceof NotApplicable)) throw err;
            }
        }
    }
    return violations;
}

/** The mandatory violations (the ones that fail a preview and the offline plan). */
export function mandatory(violations: readonly Violation[]): Violation[] {
    return violations.filter((v) => v.enforcement === "mandatory");
}

/**
 * The pack config for a team stack, as `--policy-pack-config` would carry it. The limits come from the platform's
 * guardrails (platform/guardrails.yaml, or the base branch's copy named by $AMLSTAMP_GUARDRAILS in CI), never from
 * the team's stack file: the VM-size rule gets the platform's allow-list, the outbound rule its outbound allow-list, the password rule the maximum secret
 * lifetime of the platform's longest rotation period (2P + grace, lib/rotation.ts). Only `production` is the
 * stack's own (and the guardrails force it on for production environments, config/guardrails.ts). The offline plan
 * uses it; `npm run plan -- --policy-config` prints it for `pulumi preview --policy-pack policy --policy-pack-config`.
 */
export function policyConfigFor(
    cfg: StackConfig,
    guardrails: Guardrails = loadGuardrails(),
): Record<string, Record<string, unknown>> {
    // The stack's documented exemptions from built-in definitions (lib/exemptions.ts) switch their rules off.
    const exempt = exemptPolicies(stackExemptions(cfg));
    const production = cfg.production || guardrails.production.environments.includes(cfg.environment);
    return {
        "hardened-in-production": { production, ...(exempt.length > 0 ? { exempt } : {}) },
        "hardened-in-production-resources": { production, ...(exempt.length > 0 ? { exempt } : {}) },
        "first-preview-linked-inputs": { production, ...(exempt.length > 0 ? { exempt } : {}) },
        ...Object.fromEntries(exempt.map((policy) => [policy, { exempt: true }])),
        "compute-vm-size-allowed": { allowedVmSizes: [...guardrails.allowedVmSizes] },
        "workspace-outbound-allowed": {
            fqdns: [...guardrails.outbound.fqdns],
            serviceTags: [...guardrails.outbound.serviceTags],
            privateEndpointTargets: { ...guardrails.outbound.privateEndpointTargets },
        },
        "entra-password-end-date": { maxLifetimeDays: maxLifetimeDays(guardrails.rotationDays.max) },
    };
}

/**
 * The pack config for the platform stack (platform/): its deploy identity may hold Contributor and a conditioned
 * Role Based Access Control Administrator at the subscription (RA-02, RA-03 `platformStack`), and it is the only
 * stack that may define custom roles (RA-06 `platformStack`); nothing else is loosened. Never used for a team stack.
 */
export function platformPolicyConfig(): Record<string, Record<string, unknown>> {
    return {
        "role-assignment-not-privileged": { platformStack: true },
        "role-assignment-narrow-scope": { platformStack: true },
        "custom-role-least-privilege": { platformStack: true },
        "first-preview-linked-inputs": { platformStack: true },
    };
}
