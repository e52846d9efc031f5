/**
 * `npm run plan -- --all`: evaluates every `Pulumi.<stack>.yaml` in the project offline, one after the other, and
 * stops at the first stack that fails, naming its file and (for invalid config) the key. `npm test` runs the same
 * function over the committed stacks (tests/stacks.spec.ts).
 */
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { ConfigError } from "../../config/errors";
import { parseConfig } from "../../config";
import { ROLE_ASSIGNMENTS_PER_SUBSCRIPTION } from "../../lib/roles";
import { evaluate } from "./evaluate";
import { mandatory, policyConfigFor, runPolicies } from "./policies";
import { listStacks, readStackConfig, ROOT } from "./stackConfig";

/** Re-exported for the plan's and the bench's arithmetic; the figure and its source live in the role catalog. */
export { ROLE_ASSIGNMENTS_PER_SUBSCRIPTION };

/**
 * Role assignments Azure ML makes itself for each workspace's system-assigned identity, outside the stack: one
 * resource-group role at workspace creation (MicrosoftDocs/azure-ai-docs `articles/machine-learning/how-to-assign-roles.md`,
 * `how-to-identity-based-service-authentication.md`: "managed by Microsoft"). They count against the same limit.
 */
export const SERVICE_ASSIGNMENTS_PER_WORKSPACE = 1;

/**
 * Role assignments Azure makes itself for each online endpoint with a system-assigned identity: AcrPull, Storage Blob
 * Data Reader and AzureML Metrics Writer (preview) (azure-ai-docs `concept-endpoints-online-auth.md`, "Automatic role
 * assignment for endpoint identity"; the fourth, Workspace Connection Secrets Reader, only with the secret-store flag,
 * which the stamp does not set). They count against the same limit (issue 12).
 */
export const SERVICE_ASSIGNMENTS_PER_SYSTEM_ENDPOINT = 3;

/** The role assignments Azure makes outside the stack for one evaluation (workspace identity + system endpoints). */
export function serviceAssignments(resources: readonly { type: string; inputs: Record<string, unknown> }[]): number {
    const systemEndpoints = resources.filter(
        (r) =>
            r.type === "azure-native:machinelearningservices:OnlineEndpoint" &&
            (r.inputs["identity"] as { type?: string } | undefined)?.type === "SystemAssigned",
    ).length;
    return SERVICE_ASSIGNMENTS_PER_WORKSPACE + SERVICE_ASSIGNMENTS_PER_SYSTEM_ENDPOINT * systemEndpoints;
}

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
    readonly resources: number;
    /** Role assignments the stack declares (the access ledger of `grant()`). */
    readonly grants: number;
    /** Role assignments Azure makes outside the stack (serviceAssignments). Default: the workspace's one. */
    readonly serviceGrants?: number;
    /** ESC environments the stack imports: not resolved offline (their values are not part of the check). */
    readonly environments: readonly string[];
    /** First offending key for invalid config (`aml-stamp:team`), when known. */
    readonly key?: string;
    /** The error message when not ok. */
    readonly error?: string;
}

export interface PlanAllResult {
    readonly ok: boolean;
    /** One entry per stack evaluated, in order; the last one is the failure when `ok` is false. */
    readonly results: readonly StackResult[];
    /** Stacks not evaluated because an earlier one failed. */
    readonly skipped: readonly string[];
}

function readStackDoc(file: string): { config?: Record<string, unknown>; environment?: unknown } {
    const doc = parse(fs.readFileSync(file, "utf8")) as unknown;
    if (doc === null || doc === undefined) return {};
    if (typeof doc !== "object" || Array.isArray(doc)) throw new Error("not a YAML mapping");
    return doc as { config?: Record<string, unknown>; environment?: unknown };
}

function environmentsOf(doc: { environment?: unknown }): string[] {
    const env = doc.environment;
    if (Array.isArray(env)) return env.map(String);
    if (env !== null && typeof env === "object" && Array.isArray((env as { imports?: unknown }).imports)) {
        return ((env as { imports: unknown[] }).imports ?? []).map(String);
    }
    return [];
}

/**
 * Evaluates `stacks` (default: every stack file under `root`) one at a time. Stops at the first failure. The
 * project (Pulumi.yaml, index.ts) is always the one at the repository root; `root` only says where stack files are.
 */
export async function planAll(options: { root?: string; stacks?: readonly string[] } = {}): Promise<PlanAllResult> {
    const root = options.root ?? ROOT;
    const stacks = options.stacks ?? listStacks(root);
    const results: StackResult[] = [];
    for (const [i, stack] of stacks.entries()) {
        const file = `Pulumi.${stack}.yaml`;
        let environments: string[] = [];
        try {
            const doc = readStackDoc(path.join(root, file));
            environments = environmentsOf(doc);
            const stackDoc = { config: doc.config ?? {} };
            const e = await evaluate({ stack, stackDoc });
            // The same policies as the single-stack plan, with the stack's own pack config.
            const cfg = parseConfig(readStackConfig(stack, {}, ROOT, stackDoc).config);
            const must = mandatory(await runPolicies(e.resources, { config: policyConfigFor(cfg) }));
            if (must.length > 0) {
                results.push({
                    stack,
                    file,
                    ok: false,
                    resources: e.resources.length,
                    grants: e.grants.length,
                    environments,
                    key: `policy ${must[0]!.policy}`,
                    error: must.map((v) => `mandatory ${v.policy} ${v.resource}: ${v.message}`).join("\n"),
                });
                return { ok: false, results, skipped: stacks.slice(i + 1) };
            }
            results.push({
                stack,
                file,
                ok: true,
                resources: e.resources.length,
                grants: e.grants.length,
                serviceGrants: serviceAssignments(e.resources),
                environments,
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
            return { ok: false, results, skipped: stacks.slice(i + 1) };
        }
    }
    return { ok: true, results, skipped: [] };
}

/** The text `npm run plan -- --all` prints. */
export function renderPlanAll(r: PlanAllResult): string {
    const lines: string[] = [];
    for (const s of r.results) {
        if (s.ok) {
            const esc =
                s.environments.length > 0 ? `; imports ESC ${s.environments.join(", ")} (not resolved offline)` : "";
            lines.push(`ok    ${s.file}: ${s.resources} resources, ${s.grants} role assignments${esc}`);
        } else {
            lines.push(`FAIL  ${s.file}${s.key !== undefined ? ` (${s.key})` : ""}:`);
            lines.push(...(s.error ?? "").split("\n").map((l) => `        ${l}`));
        }
    }
    if (r.skipped.length > 0) lines.push(`not evaluated after the failure: ${r.skipped.join(", ")}`);
    const ok = r.results.filter((s) => s.ok);
    if (r.ok && ok.length > 0) {
        const service = (s: StackResult): number => s.serviceGrants ?? SERVICE_ASSIGNMENTS_PER_WORKSPACE;
        const worst = ok.reduce((a, b) => (b.grants + service(b) > a.grants + service(a) ? b : a));
        const most = worst.grants + service(worst);
        lines.push(
            "",
            `${ok.length} stack${ok.length === 1 ? "" : "s"} valid. Role assignments per stamp: at most ${most} ` +
                `(declared + ${service(worst)} Azure makes for the workspace identity and system-assigned endpoint identities): ` +
                `${stampsPerSubscription(most)} such stamps fit one subscription's ${ROLE_ASSIGNMENTS_PER_SUBSCRIPTION} (docs/scaling.md).`,
        );
    }
    return lines.join("\n");
}
