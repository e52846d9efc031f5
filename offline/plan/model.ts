/**
 * The plan model (`--json`): what the text, Markdown and Mermaid renderers all take. Built from an evaluation; secrets
 * are masked everywhere: secret stack outputs and secret resource inputs show as [secret].
 */
import { stackCounts, type StackCounts } from "../../lib/counts";
import type { Evaluation, Registered } from "../evaluate";
import type { Violation } from "../policies";
import { principalsOf, appRoleAssignments } from "./principals";
import { outboundReach, type OutboundReach } from "./outbound";
import { type PlanSafeguards, planSafeguards } from "./safeguards";
import { publicEndpoints } from "./publicNetwork";
import { shortReason } from "./reasons";
import { reviewerWarnings } from "./reviewer";
import { declaredResources, type DeclaredResource } from "../planDiff";
import { at, fmt, MASK, mask, optionFlags, replacementNotes, summaryKeys } from "./settings";

export const NOTICE =
    "This is an OFFLINE PLAN: the program was evaluated under Pulumi's mock runtime with the stack's config. " +
    "Nothing was sent to Azure and it is not a `pulumi preview` diff: it shows what the stack declares, not what " +
    "would change. Ids, principal ids and random suffixes are offline placeholders.";

export interface PlanResource {
    readonly type: string;
    readonly name: string;
    readonly options: string[];
    readonly settings: Record<string, unknown>;
    /** What a reviewer must know before changing this resource (e.g. that a change recreates it). */
    readonly notes: string[];
    readonly children: PlanResource[];
}

/** What is reachable from public networks: one entry per resource with a public endpoint setting. */
export interface PublicEndpoint {
    readonly resource: string;
    readonly what: string;
    readonly open: boolean;
    /** The settings that decide it, as declared. */
    readonly why: string;
}

/** One principal of the access matrix, once, with every access level it holds and all its roles. */
export interface PlanPrincipal {
    /** How the plan names it: a group by its object id and levels, an identity by its label. */
    readonly principal: string;
    readonly kind: string;
    /** Object id, when the stack config states it (groups); identities' ids are offline placeholders. */
    readonly id?: string;
    /** The access levels it holds (`dataScientists`, `computeUser`, `caller of online endpoint scoring`). */
    readonly levels: readonly string[];
    /** The `principal` labels of its grants (access.grants), each once. */
    readonly labels: readonly string[];
    /** Its role assignments and Microsoft Graph application permissions, in grant order. */
    readonly roles: readonly { role: string; scope: string }[];
}

/** A Microsoft Graph application permission the stack grants (an app role assignment: admin consent). */
export interface PlanAppRoleAssignment {
    readonly principal: string;
    readonly kind: string;
    /** The permission's name (`Application.Read.All`) and app role id (lib/platform.ts GRAPH_APP_ROLES). */
    readonly permission: string;
    readonly permissionId: string;
    readonly resource: "Microsoft Graph";
    readonly reason: string;
    readonly why: string;
    /** Pulumi resource name of the app role assignment. */
    readonly resourceName: string;
}

/** The summary a reviewer reads first: what the stack is, its counts, exposure and warnings. */
export interface PlanSummary {
    /** The platform stack shows as team "platform", environment its stack name (kept for --json readers). */
    readonly team: string;
    readonly environment: string;
    /** True for the platform project's stack (platform/), which has no team. */
    readonly platform: boolean;
    readonly production: boolean;
    readonly location: string;
    /** The tags the stack puts on its resource group (else its workspace): cost center and owner are checked here. */
    readonly tags: Readonly<Record<string, string>>;
    /** Every principal once, with all its roles (the access matrix grouped by principal). */
    readonly principals: readonly PlanPrincipal[];
    /** Defined once in lib/counts.ts; the same numbers as `plan --all` and the `access.roleAssignments` output. */
    readonly counts: StackCounts;
    readonly publicNetwork: readonly PublicEndpoint[];
    /** What the workspace can reach outbound (offline/plan/outbound.ts); absent without a workspace. */
    readonly outbound?: OutboundReach;
    /** What a reviewer must look at (reviewerWarnings). */
    readonly warnings: readonly string[];
}

export interface PlanModel {
    readonly kind: "aml-stamp offline plan";
    readonly notice: string;
    readonly project: string;
    readonly stack: string;
    readonly summary: PlanSummary;
    /** Azure and Entra resources the stack declares: `summary.counts.resources`. */
    readonly resourceCount: number;
    readonly resources: PlanResource[];
    readonly outputs: Record<string, unknown>;
    /** The automation principal's secret rotation timeline (from the `secretRotation` stack output), if any. */
    readonly rotation?: RotationTimeline;
    readonly access: {
        /** Role assignments the stack declares: `summary.counts.roleAssignments.declared` (the rows of `grants`). */
        readonly roleAssignments: number;
        /** `reason` is the full text with its source (the assignment's description); `why` is the short form. */
        readonly grants: readonly {
            principal: string;
            kind: string;
            /** The principal's object id as declared, when it is known offline (groups). */
            principalId?: string;
            role: string;
            scope: string;
            reason: string;
            why: string;
            /** The assignment's ABAC condition, readable (the platform's deploy identity). */
            condition?: string;
        }[];
        /** Microsoft Graph application permissions (the platform's CI identities); not role assignments. */
        readonly appRoleAssignments: readonly PlanAppRoleAssignment[];
    };
    /** Every custom resource's declared inputs, flattened and masked, for `plan --compare` (offline/planDiff.ts). */
    readonly declared: readonly DeclaredResource[];
    /** The budget and the production locks (offline/plan/safeguards.ts); team stacks only. */
    readonly safeguards?: PlanSafeguards;
    /** Violations of the policy pack (policy/), when the plan ran it. */
    readonly policy?: { readonly mandatory: number; readonly violations: readonly Violation[] };
}

/** The rotation timeline the plan shows: today's window and each password slot's window and end date. */
export interface RotationTimeline {
    readonly periodDays: number;
    readonly graceDays: number;
    readonly window: { readonly start: string; readonly end: string };
    readonly nextRotation: string;
    readonly newest: string;
    readonly slots: readonly {
        slot: string;
        windowStart: string;
        rotatesAt: string;
        endDate: string;
        newest: boolean;
    }[];
}

function rotationTimeline(e: Evaluation): RotationTimeline | undefined {
    const out = e.outputs["secretRotation"];
    const v = out?.value as (Partial<RotationTimeline> & { clientSecrets?: boolean }) | undefined;
    if (out === undefined || out.secret || v === undefined || v.clientSecrets !== true || v.slots === undefined)
        return undefined;
    return v as RotationTimeline;
}

/** One role assignment as the plan model carries it. */
export type Grant = PlanModel["access"]["grants"][number];

const RESOURCE_GROUP = "azure-native:resources:ResourceGroup";

/** Where the stack's resource group is (the platform's region: its config is not a team's). */
function locationOf(resources: readonly Registered[]): string | undefined {
    const v = resources.find((r) => r.type === RESOURCE_GROUP)?.inputs["location"];
    return typeof v === "string" ? v : undefined;
}

/** The tags of the stack's resource group, or of its workspace when it uses an existing resource group. */
function tagsOf(resources: readonly Registered[]): Record<string, string> {
    for (const type of [RESOURCE_GROUP, "azure-native:machinelearningservices:Workspace"]) {
        const tags = resources.find((r) => r.type === type)?.inputs["tags"];
        if (tags !== null && typeof tags === "object") {
            return Object.fromEntries(
                Object.entries(mask(tags) as Record<string, unknown>).map(([k, v]) => [k, fmt(v)]),
            );
        }
    }
    return {};
}

export function planModel(e: Evaluation, violations?: readonly Violation[]): PlanModel {
    const cfg = e.config;
    const counts = stackCounts(e.resources, e.grants);
    const principalIdOf = new Map(
        e.resources
            .filter((r) => r.type === "azure-native:authorization:RoleAssignment")
            .map((r) => [r.name, r.inputs["principalId"]]),
    );
    const grants: Grant[] = e.grants.map(({ resourceName, principal, kind, role, scope, reason, condition }) => {
        const id = principalIdOf.get(resourceName);
        return {
            principal,
            kind,
            ...(kind === "Group" && typeof id === "string" ? { principalId: id.toLowerCase() } : {}),
            role,
            scope,
            reason,
            why: shortReason(reason),
            ...(condition !== undefined ? { condition } : {}),
        };
    });
    const appRoles = appRoleAssignments(e.resources);
    const appRoleOf = new Map(appRoles.map((a) => [a.resourceName, a]));
    const grantOf = new Map(e.grants.map((g) => [g.resourceName, g]));
    const byParent = new Map<string, Registered[]>();
    for (const r of e.resources) {
        const list = byParent.get(r.parent) ?? [];
        list.push(r);
        byParent.set(r.parent, list);
    }
    const build = (parent: string): PlanResource[] =>
        (byParent.get(parent) ?? [])
            .slice()
            .sort((a, b) => (a.custom === b.custom ? a.name.localeCompare(b.name) : a.custom ? 1 : -1))
            .map((r) => {
                const settings: Record<string, unknown> = {};
                for (const key of summaryKeys(r)) {
                    const v = at(r.inputs, key);
                    if (v !== undefined) settings[key] = v;
                }
                const g = grantOf.get(r.name);
                if (g !== undefined) settings["why"] = shortReason(g.reason);
                const a = appRoleOf.get(r.name);
                if (a !== undefined) {
                    settings["permission"] = `${a.permission} (${a.resource} application permission)`;
                    settings["why"] = a.why;
                }
                return {
                    type: r.type,
                    name: r.name,
                    options: optionFlags(r),
                    settings,
                    notes: replacementNotes(r),
                    children: build(r.urn),
                };
            });
    const outputs: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(e.outputs)) {
        // An export whose value is undefined (e.g. `automation` when automation.enabled is false) is not a stack
        // output: the SDK drops undefined properties when it serializes them ("We treat properties with undefined
        // values as if they do not exist", @pulumi/pulumi runtime/rpc.js serializeProperties).
        if (v.value === undefined && !v.secret) continue;
        outputs[k] = v.secret ? MASK : v.value;
    }
    return {
        kind: "aml-stamp offline plan",
        notice: NOTICE,
        project: e.project,
        stack: e.stack,
        summary: {
            // The platform stack has no team: it shows as team "platform" (docs/platform.md).
            team: cfg?.team ?? "platform",
            environment: cfg?.environment ?? e.stack,
            platform: cfg === undefined,
            production: cfg?.production ?? false,
            location: cfg?.location ?? locationOf(e.resources) ?? "(platform config)",
            tags: tagsOf(e.resources),
            principals: principalsOf(grants, appRoles),
            counts,
            publicNetwork: publicEndpoints(e.resources),
            outbound: outboundReach(e.resources),
            warnings: cfg !== undefined ? reviewerWarnings(cfg, grants) : [],
        },
        resourceCount: counts.resources,
        resources: build(""),
        outputs,
        rotation: rotationTimeline(e),
        access: { roleAssignments: counts.roleAssignments.declared, grants, appRoleAssignments: appRoles },
        declared: declaredResources(e.resources, mask),
        ...(cfg !== undefined ? { safeguards: planSafeguards(e) } : {}),
        ...(violations !== undefined
            ? { policy: { mandatory: violations.filter((v) => v.enforcement === "mandatory").length, violations } }
            : {}),
    };
}
