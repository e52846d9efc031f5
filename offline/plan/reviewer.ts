/**
 * The reviewer rules of the plan: the warnings a reviewer needs (from the config and the grants), and how the policy
 * pack's findings are listed (which ones collapse into one shared line).
 */
import type { StackConfig } from "../../config";
import { configWarnings } from "../../config/warnings";
import { teamGroups } from "../../config/access";
import { workspaceIdentityOf } from "../../config/identity";
import { plural } from "../../lib/counts";
import { isUserAssigned } from "../../lib/identity";
import { COMPUTE_KINDS } from "../../lib/computeKinds";
import { ALL_RULES } from "../../policy/policies";
import { mandatory, type Violation } from "../policies";
import type { Grant } from "./model";

/** Stack custom roles (lib/customRoles.ts, the idle-shutdown role): the stack's own pattern at the resource group. */
const STACK_ROLE_PREFIXES = ["AzureML Compute Admin", "AzureML Compute User", "aml-stamp compute idle shutdown"];

/**
 * The warnings a reviewer needs: no group can reach the workspace; a compute instance whose user is not
 * declared a member of a team group (Entra membership cannot be resolved offline: `memberOf` states it, and must
 * be one of the groups in aml-stamp:access); a grant broader than the stack's usual pattern, i.e. a built-in role at the
 * resource group (it applies to every resource in it), where the stack itself grants only its custom compute roles.
 */
export function reviewerWarnings(cfg: StackConfig, grants: readonly Grant[]): string[] {
    const warnings: string[] = configWarnings(cfg); // config/warnings.ts: what the config alone implies
    const reaches = grants.some((g) => g.kind === "Group" && (g.scope === "workspace" || g.scope === "resource group"));
    if (!reaches) {
        warnings.push(
            "no group has a role on the workspace: no person can use it. Add Entra group ids to aml-stamp:access (dataScientists, computeOperators or readers).",
        );
    }
    if (isUserAssigned(workspaceIdentityOf(cfg))) {
        warnings.push(
            `workspace identity is user-assigned (aml-stamp:workspaceIdentity): its Contributor grants (storage, key vault, registry, Application Insights, workspace) are made under the reviewed exception WS-UAI-CONTRIBUTOR, which the platform's CI deploy identity cannot make (its ABAC condition allows no Contributor, docs/platform.md): an administrator must run this stack's pulumi up. The default, system-assigned, needs none of them (docs/hardening.md, "Workspace identity").`,
        );
    }
    const groups = teamGroups(cfg.access);
    // Instances are personal (memberOf is an instance setting, config/compute.ts).
    const { configKey, label } = COMPUTE_KINDS.instance;
    for (const [key, i] of Object.entries(cfg[configKey])) {
        if (i.memberOf !== undefined && !groups.includes(i.memberOf.toLowerCase())) {
            warnings.push(
                `${label} ${key}: memberOf ${i.memberOf} is not one of the team's groups in aml-stamp:access${groups.length > 0 ? ` (${groups.join(", ")})` : " (it names none)"}, so its user may not reach the workspace.`,
            );
        }
        if (i.memberOf === undefined) {
            warnings.push(
                `${label} ${key}: its user ${i.userObjectId} is not declared a member of any team group, so the plan cannot tell whether they can reach the workspace (Entra membership is not resolvable offline). Set aml-stamp:${configKey}.${key}.memberOf to their group${groups.length > 0 ? ` (one of ${groups.join(", ")})` : ""}.`,
            );
        }
    }
    for (const g of grants) {
        if (g.scope === "resource group" && !STACK_ROLE_PREFIXES.some((p) => g.role.startsWith(p))) {
            warnings.push(
                `broader than the stack's usual pattern: ${g.principal} gets ${g.role} at the resource group, which applies to every resource in it; the stack grants only its custom compute roles there.`,
            );
        }
    }
    return warnings;
}

const RULE_LEVEL = new Map(ALL_RULES.map((r) => [r.name, r.level]));

/**
 * Findings every stack of a kind shares: on a non-production stack, the advisory findings of Hardened rows (the
 * rows only production stacks must meet, docs/hardening.md). The plan collapses them into one line with a count;
 * `--json` keeps each one.
 */
export function sharedFinding(v: Violation, production: boolean): boolean {
    const level = RULE_LEVEL.get(v.policy);
    return !production && v.enforcement === "advisory" && (level === "hardened" || level === "hardened-optional");
}

/** A finding's message without a repeated resource name (`x: [WS-06] x: no ...` → `[WS-06] no ...`). */
function findingText(v: Violation): string {
    if (v.resource === "") return v.message;
    return v.message.replace(
        new RegExp(`^(\\[[^\\]]+\\] )?${v.resource.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: `),
        "$1",
    );
}

function ruleId(v: Violation): string {
    return /^\[([^\]]+)\]/.exec(v.message)?.[1] ?? v.policy;
}

/** The policy section's lines: mandatory first, then advisory, then the collapsed shared line. */
export function findingLines(
    violations: readonly Violation[],
    production: boolean,
): { lines: string[]; header: string } {
    const must = mandatory(violations);
    const shared = violations.filter((v) => sharedFinding(v, production));
    const listed = violations.filter((v) => !shared.includes(v));
    const lines = listed.map(
        (v) =>
            `${v.enforcement === "mandatory" ? "MANDATORY" : "advisory "} ${v.policy}  ${v.resource === "" ? "(stack)" : v.resource}: ${findingText(v)}`,
    );
    if (shared.length > 0) {
        const ids = [...new Set(shared.map(ruleId))].join(", ");
        lines.push(
            `advisory  ${plural(shared.length, "finding")} on Hardened rows, which are mandatory only on production team stacks (${ids}; docs/hardening.md; each one in --json)`,
        );
    }
    return {
        header: `Policy pack (policy/): ${must.length} mandatory, ${violations.length - must.length} advisory findings`,
        lines,
    };
}
