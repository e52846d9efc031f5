/**
 * Every setting change between two offline plans of one stack (`plan --compare`), beyond access: which resources
 * come and go, which declared inputs change, and for each whether Azure refuses it (lib/irreversible.ts
 * REFUSED_CHANGES), whether it replaces the resource (its replaceOnChanges, an input of its ARM URL) and what that
 * loses, or whether Pulumi ignores it (ignoreChanges). Pure functions over the plan model (`--json`).
 */
import type { Registered } from "./evaluate";
import { LOSSES, pathInputs, REFUSED_CHANGES, REFUSED_CONFIG_KEYS } from "../lib/irreversible";

/** The masking of secret values the plan applies (offline/render.ts mask), passed in to keep this file pure. */
export type Mask = (value: unknown) => unknown;

/**
 * A resource's declared inputs as the `--json` plan carries them (`declared`): every input flattened to its dotted
 * path (arrays stay one value), secrets masked, and the options that decide what a change does.
 */
export interface DeclaredResource {
    readonly type: string;
    readonly name: string;
    readonly protect: boolean;
    readonly replaceOnChanges: readonly string[];
    readonly ignoreChanges: readonly string[];
    readonly inputs: Readonly<Record<string, unknown>>;
}

function flatten(value: unknown, prefix: string, out: Record<string, unknown>): void {
    if (value !== null && typeof value === "object" && !Array.isArray(value) && Object.keys(value).length > 0) {
        for (const [k, v] of Object.entries(value)) flatten(v, prefix === "" ? k : `${prefix}.${k}`, out);
    } else if (value !== undefined) out[prefix] = value;
}

/** The `declared` field of the plan model: every custom resource's masked, flattened inputs, sorted by type and name. */
export function declaredResources(resources: readonly Registered[], mask: Mask): DeclaredResource[] {
    return (
        resources
            .filter((r) => r.custom)
            .map((r) => {
                const inputs: Record<string, unknown> = {};
                flatten(mask(r.inputs), "", inputs);
                return {
                    type: r.type,
                    name: r.name,
                    protect: r.options.protect,
                    replaceOnChanges: [...r.options.replaceOnChanges],
                    ignoreChanges: [...r.options.ignoreChanges],
                    inputs,
                };
            })
            // By type, then name: the plan does not depend on the order the program registered them in.
            .sort((a, b) => (a.type === b.type ? a.name.localeCompare(b.name) : a.type.localeCompare(b.type)))
    );
}

/** What a change does when the stack is deployed. */
export type Effect = "update" | "replace" | "ignored" | "refused";

export interface SettingChange {
    readonly type: string;
    readonly name: string;
    readonly path: string;
    readonly before: unknown;
    readonly after: unknown;
    readonly effect: Effect;
    /** Why: Azure's refusal with its source, or what a replacement loses. */
    readonly why?: string;
}

export interface ResourceChange {
    readonly type: string;
    readonly name: string;
    /** What deleting it loses (lib/irreversible.ts LOSSES), when it holds data or an identity. */
    readonly loses?: string;
    /** Set when the deploy refuses it (a protected resource cannot be deleted). */
    readonly refused?: string;
}

export interface PlanDiff {
    readonly added: ResourceChange[];
    readonly removed: ResourceChange[];
    readonly changes: SettingChange[];
    /** Every reason the deploy would fail: refused setting changes, protected resources deleted or replaced. */
    readonly refusals: string[];
    /** Set when the earlier plan has no `declared` inputs (made by older code): what the comparison used instead. */
    readonly note?: string;
}

/** The plan's view of a resource for the comparison: declared inputs, or (older plans) the shown settings. */
interface PlanResourceLike {
    readonly type: string;
    readonly name: string;
    readonly options?: readonly string[];
    readonly settings?: Readonly<Record<string, unknown>>;
    readonly children?: readonly PlanResourceLike[];
}

/** A plan model as read from a `--json` file: only what the comparison needs. */
export interface ComparablePlan {
    readonly resources?: readonly PlanResourceLike[];
    readonly declared?: readonly DeclaredResource[];
}

// Role assignments come and go with the access diff (granted / revoked), shown above the settings.
const ACCESS_TYPES = new Set(["azure-native:authorization:RoleAssignment"]);

const PROTECT_SOURCE =
    'Pulumi: "any deployment that would delete it (including a replacement) fails" (pulumi.com docs, protect)';

function key(r: { type: string; name: string }): string {
    return `${r.type}\u0000${r.name}`;
}

/** Older plans: the settings of the resources tree (its `options` give protect/replaceOnChanges/ignoreChanges). */
function fromTree(nodes: readonly PlanResourceLike[] | undefined, out: DeclaredResource[] = []): DeclaredResource[] {
    for (const n of nodes ?? []) {
        const options = n.options ?? [];
        const list = (flag: string): string[] =>
            (
                options
                    .find((o) => o.startsWith(`${flag}=`))
                    ?.slice(flag.length + 1)
                    .split(",") ?? []
            ).filter((p) => p !== "");
        if (n.settings !== undefined) {
            const inputs: Record<string, unknown> = {};
            for (const [k, v] of Object.entries(n.settings)) if (k !== "why" && k !== "permission") inputs[k] = v;
            out.push({
                type: n.type,
                name: n.name,
                protect: options.includes("protect"),
                replaceOnChanges: list("replaceOnChanges"),
                ignoreChanges: list("ignoreChanges"),
                inputs,
            });
        }
        fromTree(n.children, out);
    }
    return out;
}

function covers(paths: readonly string[], path: string): boolean {
    return paths.some((p) => p === "*" || path === p || path.startsWith(`${p}.`) || p.startsWith(`${path}.`));
}

function same(a: unknown, b: unknown): boolean {
    return JSON.stringify(a) === JSON.stringify(b);
}

/** The comparison of two plans of one stack: `before` (the base branch's) and `after` (this one). */
export function diffPlans(before: ComparablePlan, after: ComparablePlan): PlanDiff {
    const full = before.declared !== undefined && after.declared !== undefined;
    const old = full ? before.declared! : fromTree(before.resources);
    const now = full ? after.declared! : fromTree(after.resources);
    const oldBy = new Map(old.map((r) => [key(r), r]));
    const nowBy = new Map(now.map((r) => [key(r), r]));
    const refusals: string[] = [];
    const loses = (type: string): { loses?: string } => (LOSSES[type] !== undefined ? { loses: LOSSES[type] } : {});
    const added = now
        .filter((r) => !oldBy.has(key(r)) && !ACCESS_TYPES.has(r.type))
        .map((r) => ({ type: r.type, name: r.name }));
    const removed = old
        .filter((r) => !nowBy.has(key(r)) && !ACCESS_TYPES.has(r.type))
        .map((r): ResourceChange => {
            if (!r.protect) return { type: r.type, name: r.name, ...loses(r.type) };
            const refused = `${r.name} is protected and would be deleted: pulumi up fails (${PROTECT_SOURCE})`;
            refusals.push(refused);
            return { type: r.type, name: r.name, ...loses(r.type), refused };
        });
    const changes: SettingChange[] = [];
    for (const r of now) {
        const prev = oldBy.get(key(r));
        if (prev === undefined || ACCESS_TYPES.has(r.type)) continue;
        const paths = [...new Set([...Object.keys(prev.inputs), ...Object.keys(r.inputs)])];
        let replaced = false;
        for (const path of paths) {
            const b = prev.inputs[path];
            const a = r.inputs[path];
            if (same(b, a)) continue;
            const rule = REFUSED_CHANGES.find((x) => x.type === r.type && x.path === path);
            const refusal = rule?.refuses(b, a);
            let change: SettingChange;
            if (refusal !== undefined) {
                change = { type: r.type, name: r.name, path, before: b, after: a, effect: "refused", why: refusal };
                refusals.push(`${r.name} ${path}: ${refusal} (${rule!.source})`);
            } else if (covers(r.ignoreChanges, path)) {
                change = {
                    type: r.type,
                    name: r.name,
                    path,
                    before: b,
                    after: a,
                    effect: "ignored",
                    why: "ignoreChanges: not sent to Azure after creation",
                };
            } else if (covers(r.replaceOnChanges, path) || pathInputs(r.type).includes(path)) {
                replaced = true;
                const lost = LOSSES[r.type];
                change = {
                    type: r.type,
                    name: r.name,
                    path,
                    before: b,
                    after: a,
                    effect: "replace",
                    why: `replaces the resource${lost !== undefined ? `, losing ${lost}` : ""}`,
                };
            } else change = { type: r.type, name: r.name, path, before: b, after: a, effect: "update" };
            changes.push(change);
        }
        if (replaced && (prev.protect || r.protect)) {
            refusals.push(`${r.name} is protected and would be replaced: pulumi up fails (${PROTECT_SOURCE})`);
        }
    }
    return {
        added,
        removed,
        changes,
        refusals,
        ...(full
            ? {}
            : {
                  note:
                      "the earlier plan has no `declared` inputs (made by an older version): compared on the settings " +
                      "the plan shows only",
              }),
    };
}

/**
 * The refusals a stack's raw config (`project:key` → text, as offline/stackConfig.ts reads it) would meet against
 * the earlier plan, for a config that does not evaluate (e.g. refused by the hardened profile): each
 * REFUSED_CONFIG_KEYS key compared with the value the earlier plan declared.
 */
export function configRefusals(
    before: ComparablePlan,
    raw: Readonly<Record<string, string>>,
    project: string,
): string[] {
    const old = before.declared ?? fromTree(before.resources);
    const out: string[] = [];
    for (const { key, type, path } of REFUSED_CONFIG_KEYS) {
        const text = raw[`${project}:${key}`];
        const r = old.find((x) => x.type === type);
        const rule = REFUSED_CHANGES.find((x) => x.type === type && x.path === path);
        if (text === undefined || r === undefined || rule === undefined) continue;
        // An older plan shows only some settings: a path it does not show is unknown there, not "not set".
        if (before.declared === undefined && !(path in r.inputs)) continue;
        let value: unknown = text;
        try {
            value = typeof r.inputs[path] === "string" ? text : JSON.parse(text);
        } catch {
            continue; // not a value of this key: the config error names it
        }
        const refusal = rule.refuses(r.inputs[path], value);
        if (refusal !== undefined) out.push(`${r.name} ${path}: ${refusal} (${rule.source})`);
    }
    return out;
}

function cell(text: string): string {
    return text.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}

function value(v: unknown): string {
    return v === undefined ? "(not set)" : typeof v === "string" ? v : JSON.stringify(v);
}

const EFFECT: Record<Effect, string> = {
    update: "updated in place",
    replace: "**replaces the resource**",
    ignored: "ignored by Pulumi",
    refused: "**Azure refuses**",
};

/** True when the diff has nothing to show. */
export function emptyDiff(d: PlanDiff): boolean {
    return d.added.length === 0 && d.removed.length === 0 && d.changes.length === 0 && d.refusals.length === 0;
}

/** The diff as Markdown: refusals first, then setting changes, added and removed resources; "" when empty. */
export function renderPlanDiff(d: PlanDiff): string {
    if (emptyDiff(d)) return "";
    const parts: string[] = [];
    if (d.refusals.length > 0) {
        parts.push(
            `### Refused: ${d.refusals.length} change(s) cannot be deployed\n\n${d.refusals.map((r) => `- ${r}`).join("\n")}`,
        );
    }
    if (d.changes.length > 0) {
        const rows = d.changes.map(
            (c) =>
                `| ${[c.name, c.path, value(c.before), value(c.after), c.why !== undefined ? `${EFFECT[c.effect]}: ${c.why}` : EFFECT[c.effect]].map(cell).join(" | ")} |`,
        );
        parts.push(
            `### Setting changes (${d.changes.length})\n\n| Resource | Setting | Before | After | Effect |\n|---|---|---|---|---|\n${rows.join("\n")}`,
        );
    }
    const list = (title: string, rs: readonly ResourceChange[]): void => {
        if (rs.length === 0) return;
        const lines = rs.map(
            (r) =>
                `- \`${r.name}\` (${r.type})${r.loses !== undefined ? `: loses ${r.loses}` : ""}${r.refused !== undefined ? ` — **refused**` : ""}`,
        );
        parts.push(`### ${title} (${rs.length})\n\n${lines.join("\n")}`);
    };
    list("Added resources", d.added);
    list("Removed resources", d.removed);
    if (d.note !== undefined) parts.push(`Note: ${d.note}.`);
    return parts.join("\n\n");
}
