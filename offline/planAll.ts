/**
 * `npm run plan -- --all`: evaluates every `Pulumi.<stack>.yaml` in the project offline, one after the other, and
 * reports every stack: each failure names its file and (for invalid config) the key, and a stack file named for
 * another team or environment is said. `npm test` runs the same function over the committed stacks
 * (tests/stacks.spec.ts).
 */
import { ConfigError } from "../config/errors";
import { parseConfig, type StackConfig } from "../config";
import { ROLE_ASSIGNMENTS_PER_SUBSCRIPTION } from "../lib/roles";
import { countsLine, SERVICE_ASSIGNMENTS_PER_WORKSPACE, stackCounts, type StackCounts } from "../lib/counts";
import { PLAN_ALL_KIND } from "./accessDiff";
import { type Evaluation, evaluate, unwrapSecrets } from "./evaluate";
import { mandatory, policyConfigFor, runPolicies, type Violation } from "./policies";
import { environmentsOf, listStacks, readStackConfig, readStackDoc, ROOT } from "./stackConfig";
import { compareStackFiles, type Disagreement, TEAMS_FILE, TeamsFileError } from "./teamsFile";
import { planTeamsFile } from "./stackFiles";

/** Re-exported for the plan's and the bench's arithmetic; the figure and its source live in the role catalog. */
export { ROLE_ASSIGNMENTS_PER_SUBSCRIPTION };

/** Defined with the other counts in lib/counts.ts; re-exported for the bench and the tests. */
export { SERVICE_ASSIGNMENTS_PER_WORKSPACE };

/** How many stamps with `perStamp` role assignments fit into one subscription's assignment limit (0 when none). */
export function stampsPerSubscription(perStamp: number, limit: number = ROLE_ASSIGNMENTS_PER_SUBSCRIPTION): number {
    if (!Number.isInteger(perStamp) || perStamp < 0)
        throw new RangeError(`perStamp must be a whole number, got ${perStamp}`);
    return Math.floor(limit / Math.max(perStamp, 1));
}

export interface StackResult {
    readonly stack: string;
    /** The stack file, relative to the project root (`Pulumi.vision-dev.yaml`). */
    readonly file: string;
    readonly ok: boolean;
    /** Azure and Entra resources the stack declares (lib/counts.ts: the same number as the single-stack plan). */
    readonly resources: number;
    /** Role assignments the stack declares (the access ledger of `grant()`). */
    readonly grants: number;
    /** Every count of the stack (lib/counts.ts), when it evaluated. */
    readonly counts?: StackCounts;
    /** ESC environments the stack imports: not resolved offline (their values are not part of the check). */
    readonly environments: readonly string[];
    /** First offending key for invalid config (`aml-stamp:team`), when known. */
    readonly key?: string;
    /** The error message when not ok. */
    readonly error?: string;
    /** A stack file whose name is not its `<team>-<environment>` (stackNameMismatch), when it evaluated. */
    readonly note?: string;
}

/** The teams file check (offline/teamsFile.ts): every stack file it lists agrees with it. */
export interface TeamsFileCheck {
    readonly file: string;
    /** Team environments the teams file lists. */
    readonly listed: number;
    readonly disagreements: readonly Disagreement[];
    /** A teams-file problem (bad shape, a config the program rejects), naming its key. */
    readonly error?: string;
    /** Stack files the teams file does not list (e.g. the project's own dev stack). */
    readonly unlisted: readonly string[];
}

export interface PlanAllResult {
    readonly ok: boolean;
    /** The teams file check, when the project has a teams file. */
    readonly teamsFile?: TeamsFileCheck;
    /** One entry per stack, in order: every stack is evaluated, whatever failed before it. */
    readonly results: readonly StackResult[];
}

/** What two stacks must never share, with the stack file that claimed it first. */
interface Claim {
    /** What is claimed, as printed: `team vision, environment dev`, `role definition name "…"`. */
    readonly what: string;
    /** The key the failure is reported under. */
    readonly key: string;
}

/**
 * What a stack claims that no other stack may: its team and environment (both make every Azure resource name), and
 * each role definition it declares, by name and by id. Custom role names are unique in the Entra directory and a
 * role definition id is one resource (MicrosoftDocs/azure-docs `articles/role-based-access-control/custom-roles.md`:
 * "the role name must be unique"; two stacks declaring the same one, e.g. in one existing resource group, overwrite
 * each other's definition). Generic over every `azure-native:authorization:RoleDefinition` an evaluation declares,
 * whatever component declares it.
 */
function claimsOf(team: string, environment: string, e: Evaluation): Claim[] {
    const claims: Claim[] = [
        { what: `team "${team}", environment "${environment}"`, key: "aml-stamp:team/aml-stamp:environment" },
    ];
    for (const r of e.resources) {
        if (r.type !== "azure-native:authorization:RoleDefinition") continue;
        const inputs = unwrapSecrets(r.inputs) as { roleName?: unknown; roleDefinitionId?: unknown; scope?: unknown };
        if (typeof inputs.roleName === "string") {
            claims.push({
                what: `role definition name "${inputs.roleName.toLowerCase()}"`,
                key: `role definition ${r.name}`,
            });
        }
        if (typeof inputs.roleDefinitionId === "string") {
            claims.push({
                what: `role definition id ${inputs.roleDefinitionId.toLowerCase()}`,
                key: `role definition ${r.name}`,
            });
        }
    }
    return claims;
}

/**
 * What a stack file's name says against its config: new-team names a team stack `<team>-<environment>`
 * (`Pulumi.<team>-<env>.yaml`, and every resource name derives from the pair), so a file named otherwise is easily
 * read as another team's. The sentence, or undefined when the name is `<team>-<environment>` or, as in a one-team
 * project (the committed `Pulumi.dev.yaml`), the environment alone.
 */
export function stackNameMismatch(stack: string, team: string, environment: string): string | undefined {
    const expected = `${team}-${environment}`;
    if (stack === expected || stack === environment) return undefined;
    return (
        `Pulumi.${stack}.yaml holds aml-stamp:team "${team}", aml-stamp:environment "${environment}": its name is not ` +
        `<team>-<environment> (new-team names it Pulumi.${expected}.yaml); check the file is the stack you mean`
    );
}

/**
 * Evaluates `stacks` (default: every stack file under `root`) one at a time, every one whatever failed before (the
 * teams-file check included): `ok` is false when anything failed. The project (Pulumi.yaml, index.ts) is always the
 * one at the repository root; `root` only says where stack files are.
 */
export async function planAll(
    options: {
        root?: string;
        stacks?: readonly string[];
        /** Called for each stack that evaluated (also when it then failed a check): `plan --all --json`'s plans. */
        onEvaluated?: (stack: string, e: Evaluation, violations: readonly Violation[], config: StackConfig) => void;
    } = {},
): Promise<PlanAllResult> {
    const root = options.root ?? ROOT;
    const stacks = options.stacks ?? listStacks(root);
    const teamsFile = options.stacks === undefined ? checkTeamsFile(root, stacks) : undefined;
    const teamsOk = teamsFile === undefined || (teamsFile.error === undefined && teamsFile.disagreements.length === 0);
    const results: StackResult[] = [];
    const claimed = new Map<string, string>(); // claim → the stack file that made it first
    for (const stack of stacks) {
        const file = `Pulumi.${stack}.yaml`;
        let environments: string[] = [];
        try {
            const doc = readStackDoc(stack, root);
            environments = environmentsOf(doc);
            const stackDoc = { config: doc.config ?? {} };
            const e = await evaluate({ stack, stackDoc });
            // The same policies as the single-stack plan, with the stack's own pack config.
            const cfg = parseConfig(readStackConfig(stack, {}, ROOT, stackDoc).config);
            const violations = await runPolicies(e.resources, { config: policyConfigFor(cfg) });
            options.onEvaluated?.(stack, e, violations, cfg);
            const must = mandatory(violations);
            const mismatch = stackNameMismatch(stack, cfg.team, cfg.environment);
            const note = mismatch !== undefined ? { note: mismatch } : {};
            /** The stack failed after its evaluation: its counts, the key and the error. */
            const failed = (key: string, error: string): void => {
                results.push({
                    stack,
                    file,
                    ok: false,
                    resources: stackCounts(e.resources, e.grants).resources,
                    grants: e.grants.length,
                    environments,
                    key,
                    error,
                    ...note,
                });
            };
            if (must.length > 0) {
                failed(
                    `policy ${must[0]!.policy}`,
                    must.map((v) => `mandatory ${v.policy} ${v.resource}: ${v.message}`).join("\n"),
                );
                continue;
            }
            const clash = claimsOf(cfg.team, cfg.environment, e).find((c) => claimed.has(c.what));
            if (clash !== undefined) {
                const other = claimed.get(clash.what)!;
                failed(
                    clash.key,
                    `${file} and ${other} both declare ${clash.what}: two stacks would manage the same Azure ` +
                        "resources and overwrite each other. Give each stack its own team/environment (or resource group).",
                );
                continue;
            }
            for (const c of claimsOf(cfg.team, cfg.environment, e)) if (!claimed.has(c.what)) claimed.set(c.what, file);
            const counts = stackCounts(e.resources, e.grants);
            results.push({
                stack,
                file,
                ok: true,
                resources: counts.resources,
                grants: counts.roleAssignments.declared,
                counts,
                environments,
                ...note,
            });
        } catch (err) {
            const problems =
                err instanceof ConfigError || (err as Error)?.name === "ConfigError"
                    ? (err as ConfigError).problems
                    : [];
            results.push({
                stack,
                file,
                ok: false,
                resources: 0,
                grants: 0,
                environments,
                key: problems[0]?.key,
                error: err instanceof Error ? err.message : String(err),
            });
        }
    }
    return {
        ok: teamsOk && results.every((r) => r.ok),
        ...(teamsFile !== undefined ? { teamsFile } : {}),
        results,
    };
}

/** Checks that the stack files agree with the teams file (undefined when the project has none). */
export function checkTeamsFile(root: string, stacks: readonly string[]): TeamsFileCheck | undefined {
    try {
        const plans = planTeamsFile(root);
        if (plans === undefined) return undefined;
        const listed = new Set(plans.map((p) => p.plan.stack));
        return {
            file: TEAMS_FILE,
            listed: plans.length,
            disagreements: compareStackFiles(plans),
            unlisted: stacks.filter((s) => !listed.has(s)),
        };
    } catch (err) {
        if (err instanceof TeamsFileError) {
            return { file: TEAMS_FILE, listed: 0, disagreements: [], error: err.message, unlisted: [] };
        }
        throw err;
    }
}

/** The text `npm run plan -- --all` prints. */
export function renderPlanAll(r: PlanAllResult): string {
    const lines: string[] = [];
    const t = r.teamsFile;
    if (t !== undefined) {
        if (t.error !== undefined) lines.push(`FAIL  ${t.file}:`, `        ${t.error}`);
        for (const d of t.disagreements) {
            lines.push(`FAIL  ${d.file} (${d.key}) disagrees with ${t.file}:`, `        ${d.message}`);
        }
        if (t.error === undefined && t.disagreements.length === 0) {
            const unlisted =
                t.unlisted.length > 0
                    ? `; not listed there: ${t.unlisted.map((s) => `Pulumi.${s}.yaml`).join(", ")}`
                    : "";
            lines.push(
                `ok    ${t.file}: its ${t.listed} stack file${t.listed === 1 ? "" : "s"} agree${t.listed === 1 ? "s" : ""} with it${unlisted}`,
            );
        } else {
            lines.push(`fix ${t.file} or the stack file, or run npm run new-team -- --from ${t.file}`);
        }
    }
    for (const s of r.results) {
        if (s.ok) {
            const esc =
                s.environments.length > 0 ? `; imports ESC ${s.environments.join(", ")} (not resolved offline)` : "";
            lines.push(
                `ok    ${s.file}: ${s.counts !== undefined ? countsLine(s.counts) : `${s.resources} resources`}${esc}`,
            );
        } else {
            lines.push(`FAIL  ${s.file}${s.key !== undefined ? ` (${s.key})` : ""}:`);
            lines.push(...(s.error ?? "").split("\n").map((l) => `        ${l}`));
        }
        if (s.note !== undefined) lines.push(`note  ${s.note}`);
    }
    const failures = r.results.filter((s) => !s.ok).length;
    if (failures > 0) {
        lines.push("", `${failures} of ${r.results.length} stack${r.results.length === 1 ? "" : "s"} failed.`);
    }
    const ok = r.results.filter((s) => s.ok);
    if (r.ok && ok.length > 0) {
        const most = Math.max(...ok.map((s) => s.counts?.roleAssignments.total ?? s.grants));
        lines.push(
            "",
            `${ok.length} stack${ok.length === 1 ? "" : "s"} valid. Role assignments per stamp: at most ${most} ` +
                `(declared + those Azure ML makes itself for workspace and endpoint identities, lib/counts.ts): ` +
                `${stampsPerSubscription(most)} such stamps fit one subscription's ${ROLE_ASSIGNMENTS_PER_SUBSCRIPTION} (docs/scaling.md).`,
        );
    }
    return lines.join("\n");
}

/**
 * `plan --all --json`: one JSON document, the result as checked (kind names it, like the single-stack plan's), each
 * stack with its plan (`plans`, by stack: what `--stack NAME --json` prints) when it evaluated.
 */
export function planAllJson(
    r: PlanAllResult,
    plans: ReadonlyMap<string, unknown> = new Map(),
): { kind: string } & PlanAllResult {
    const results = r.results.map((s) => (plans.has(s.stack) ? { ...s, plan: plans.get(s.stack) } : s));
    return { kind: PLAN_ALL_KIND, ...r, results };
}
