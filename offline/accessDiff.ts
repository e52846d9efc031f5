/**
 * The access matrix as Markdown and the access diff between two offline plans: what a reviewer needs to see in a
 * pull request. Pure functions over the plan model's `access.grants`; the file reader of `--compare` (readPlanFile).
 */
import type { ComparablePlan } from "./planDiff";

/** One line of the access matrix, as the plan model (`--json`) carries it. */
export interface AccessGrant {
    readonly principal: string;
    readonly kind: string;
    readonly role: string;
    readonly scope: string;
    readonly reason: string;
    /** The ABAC condition, readable, when the assignment has one. */
    readonly condition?: string;
}

export interface AccessDiff {
    readonly granted: AccessGrant[];
    readonly revoked: AccessGrant[];
    /** Same principal, role and scope with a different reason: [before, after]. */
    readonly changed: [AccessGrant, AccessGrant][];
}

/** A grant's identity: who gets which role where (the reason is not part of it). */
export function grantKey(g: AccessGrant): string {
    return [g.principal, g.kind, g.role, g.scope].map((p) => p.toLowerCase()).join("\u0000");
}

/** What `after` grants that `before` did not, what it no longer grants, and grants whose reason changed. */
export function diffAccess(before: readonly AccessGrant[], after: readonly AccessGrant[]): AccessDiff {
    const old = new Map(before.map((g) => [grantKey(g), g]));
    const now = new Map(after.map((g) => [grantKey(g), g]));
    const granted = after.filter((g) => !old.has(grantKey(g)));
    const revoked = before.filter((g) => !now.has(grantKey(g)));
    const changed: [AccessGrant, AccessGrant][] = [];
    for (const g of after) {
        const prev = old.get(grantKey(g));
        if (prev !== undefined && (prev.reason !== g.reason || prev.condition !== g.condition)) changed.push([prev, g]);
    }
    return { granted, revoked, changed };
}

function cell(text: string): string {
    return text.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}

/** The access matrix as a Markdown table (principal, kind, role, scope, reason). */
export function accessTable(grants: readonly AccessGrant[]): string {
    const lines = ["| Principal | Kind | Role | Scope | Reason |", "|---|---|---|---|---|"];
    for (const g of grants) {
        const reason = g.condition !== undefined ? `${g.reason}; with ${g.condition}` : g.reason;
        lines.push(`| ${[g.principal, g.kind, g.role, g.scope, reason].map(cell).join(" | ")} |`);
    }
    return lines.join("\n");
}

/** The diff as Markdown: granted, revoked, reason changed; "no access changes" when empty. */
export function renderAccessDiff(d: AccessDiff): string {
    if (d.granted.length === 0 && d.revoked.length === 0 && d.changed.length === 0) return "No access changes.";
    const parts: string[] = [];
    if (d.granted.length > 0) parts.push(`### Granted (${d.granted.length})\n\n${accessTable(d.granted)}`);
    if (d.revoked.length > 0) parts.push(`### Revoked (${d.revoked.length})\n\n${accessTable(d.revoked)}`);
    if (d.changed.length > 0) {
        const rows = d.changed.map(
            ([a, b]) => `| ${[b.principal, b.role, b.scope, a.reason, b.reason].map(cell).join(" | ")} |`,
        );
        parts.push(
            `### Reason changed (${d.changed.length})\n\n| Principal | Role | Scope | Before | After |\n|---|---|---|---|---|\n${rows.join("\n")}`,
        );
    }
    return parts.join("\n\n");
}

/** A `--compare` file that is not an offline plan of the stack being planned. */
export class PlanFileError extends Error {
    override readonly name = "PlanFileError";
}

const GRANT_FIELDS = ["principal", "kind", "role", "scope", "reason"] as const;

/** An earlier `--json` plan as `--compare` reads it: its grants and what the setting comparison needs. */
export interface PlanFile {
    readonly grants: AccessGrant[];
    /** The plan model itself (its `resources` and, from plans of this version on, `declared`). */
    readonly model: ComparablePlan;
}

/**
 * The grants of an earlier `npm run -s plan -- --stack STACK --json` plan, read from `file` (its text: npm's banner
 * lines before the JSON are tolerated). Refuses, naming the file, what it is and what is expected: text that is not
 * JSON, JSON that is not an offline plan, the plan of another stack (`expectStack`), malformed grants.
 */
export function readPlanGrants(text: string, file: string, expectStack?: string): AccessGrant[] {
    return readPlanFile(text, file, expectStack).grants;
}

/** The `kind` of a single-stack `--json` plan and of `--all --json`'s document. */
const PLAN_KIND = "aml-stamp offline plan";
export const PLAN_ALL_KIND = "aml-stamp offline plan --all";

/** The JSON object in `text` (npm's banner lines before it are tolerated), or a PlanFileError naming `file`. */
function jsonObjectOf(text: string, file: string, expected: string): unknown {
    const start = text.indexOf("{");
    if (start < 0) throw new PlanFileError(`--compare ${file}: no JSON object in the file (${expected})`);
    try {
        return JSON.parse(text.slice(start));
    } catch (err) {
        throw new PlanFileError(`--compare ${file}: not valid JSON (${(err as Error).message}); ${expected}`);
    }
}

function kindOf(m: unknown): string {
    return m !== null && typeof m === "object" && "kind" in m ? JSON.stringify((m as { kind: unknown }).kind) : "none";
}

/** readPlanGrants, plus the plan model for the setting comparison (offline/planDiff.ts); same refusals. */
export function readPlanFile(text: string, file: string, expectStack?: string): PlanFile {
    const expected = `expected the output of \`npm run -s plan -- --stack ${expectStack ?? "NAME"} --json\``;
    const m = jsonObjectOf(text, file, expected) as { kind?: unknown } | null;
    if (m !== null && typeof m === "object" && m.kind === PLAN_ALL_KIND) {
        throw new PlanFileError(
            `--compare ${file}: the plans of every stack (kind "${PLAN_ALL_KIND}"): use --all --compare ${file}, or ${expected}`,
        );
    }
    return checkedPlan(m, file, expected, expectStack);
}

/** A stack in an earlier `--all --json`: whether it passed there, and its plan when it evaluated. */
export interface PlanAllEntry {
    readonly ok: boolean;
    /** Absent when its config was refused there, or when an older plan wrote no plans. */
    readonly plan?: PlanFile;
}

/**
 * The stacks of an earlier `npm run -s plan -- --all --json`, by name. Same refusals as readPlanFile, each plan's
 * naming its place in the file.
 */
export function readPlanAllFile(text: string, file: string): ReadonlyMap<string, PlanAllEntry> {
    const expected = "expected the output of `npm run -s plan -- --all --json`";
    const doc = jsonObjectOf(text, file, expected) as { kind?: unknown; results?: unknown } | null;
    if (doc === null || typeof doc !== "object" || doc.kind !== PLAN_ALL_KIND) {
        const what =
            doc !== null && typeof doc === "object" && doc.kind === PLAN_KIND
                ? `the plan of one stack (kind "${PLAN_KIND}")`
                : `not the plans of every stack (kind ${kindOf(doc)})`;
        throw new PlanFileError(`--compare ${file}: ${what}; ${expected}`);
    }
    if (!Array.isArray(doc.results)) throw new PlanFileError(`--compare ${file}: no results list; ${expected}`);
    const plans = new Map<string, PlanAllEntry>();
    doc.results.forEach((r: unknown, i) => {
        const entry = r as { stack?: unknown; ok?: unknown; plan?: unknown } | null;
        if (entry === null || typeof entry !== "object" || typeof entry.stack !== "string") {
            throw new PlanFileError(`--compare ${file}: results[${i}] names no stack; ${expected}`);
        }
        const ok = entry.ok === true;
        if (entry.plan === undefined) plans.set(entry.stack, { ok });
        else
            plans.set(entry.stack, {
                ok,
                plan: checkedPlan(entry.plan, `${file} (results[${i}].plan)`, expected, entry.stack),
            });
    });
    return plans;
}

/** `model` checked as a single-stack plan (of `expectStack`, when given): its grants and the model. */
function checkedPlan(model: unknown, file: string, expected: string, expectStack?: string): PlanFile {
    const m = model as { kind?: unknown; stack?: unknown; access?: { grants?: unknown } } | null;
    if (m === null || typeof m !== "object" || m.kind !== PLAN_KIND) {
        throw new PlanFileError(`--compare ${file}: not an offline plan (kind ${kindOf(m)}); ${expected}`);
    }
    if (expectStack !== undefined && m.stack !== expectStack) {
        throw new PlanFileError(
            `--compare ${file}: the offline plan of stack ${JSON.stringify(m.stack)}, not of "${expectStack}"; ${expected}`,
        );
    }
    const grants = m.access?.grants;
    if (!Array.isArray(grants)) throw new PlanFileError(`--compare ${file}: no access.grants list; ${expected}`);
    grants.forEach((g: unknown, i) => {
        const bad = GRANT_FIELDS.filter(
            (f) => g === null || typeof g !== "object" || typeof (g as Record<string, unknown>)[f] !== "string",
        );
        if (bad.length > 0) {
            throw new PlanFileError(
                `--compare ${file}: access.grants[${i}] lacks string field(s) ${bad.join(", ")}; ${expected}`,
            );
        }
    });
    const resources = (m as { resources?: unknown }).resources;
    const declared = (m as { declared?: unknown }).declared;
    if (resources !== undefined && !Array.isArray(resources)) {
        throw new PlanFileError(`--compare ${file}: resources is not a list; ${expected}`);
    }
    if (declared !== undefined && !Array.isArray(declared)) {
        throw new PlanFileError(`--compare ${file}: declared is not a list; ${expected}`);
    }
    (Array.isArray(declared) ? declared : []).forEach((d: unknown, i) => {
        const r = d as { type?: unknown; name?: unknown; inputs?: unknown } | null;
        if (r === null || typeof r !== "object" || typeof r.type !== "string" || typeof r.name !== "string") {
            throw new PlanFileError(`--compare ${file}: declared[${i}] lacks its type or name; ${expected}`);
        }
        if (r.inputs === null || typeof r.inputs !== "object" || Array.isArray(r.inputs)) {
            throw new PlanFileError(`--compare ${file}: declared[${i}] (${r.name}) has no inputs object; ${expected}`);
        }
    });
    return { grants: grants as AccessGrant[], model: m as ComparablePlan };
}
