/**
 * The plan's cost and deletion safeguards (docs/budgets.md, docs/locks.md): the budget with its amount, thresholds and
 * notification targets, and the production locks or their opt-out with its reason. Pure functions of the evaluation
 * (the declared Budget and lock inputs, the validated config); offline/plan/model.ts calls them. The diagnostic
 * settings too: what each audits and where it sends (production: the platform's workspace).
 */
import type { Evaluation, Registered } from "../evaluate";

const BUDGET = "azure-native:consumption:Budget";
const LOCK = "azure-native:authorization:ManagementLockByScope";
const DIAGNOSTICS = "azure-native:monitor:DiagnosticSetting";

/** The audited resource kinds, by the ARM type of a diagnostic setting's resourceUri, in the order the plan lists them. */
const AUDITED: readonly { readonly pattern: RegExp; readonly label: string }[] = [
    { pattern: /\/Microsoft\.MachineLearningServices\/workspaces\/([^/]+)$/i, label: "workspace" },
    {
        pattern: /\/Microsoft\.Storage\/storageAccounts\/([^/]+)\/blobServices\/default$/i,
        label: "storage blob service",
    },
    { pattern: /\/Microsoft\.KeyVault\/vaults\/([^/]+)$/i, label: "key vault" },
    { pattern: /\/Microsoft\.ContainerRegistry\/registries\/([^/]+)$/i, label: "container registry" },
];

/** The settings the resource tree shows for the safeguard types (offline/render.ts SUMMARY). */
export const SAFEGUARD_SETTINGS: Readonly<Record<string, readonly string[]>> = {
    [BUDGET]: ["budgetName", "amount", "timeGrain", "timePeriod.startDate"],
    [LOCK]: ["lockName", "level"],
};

/** The budget as the plan shows it. */
export interface PlanBudget {
    readonly name: string;
    readonly amount: number;
    readonly timeGrain: string;
    /** Sent when the budget is created; ignored afterwards (components/budget.ts). */
    readonly startDate: string;
    /** Each notification: `Actual 80%`, `Forecasted 100%`. */
    readonly thresholds: readonly string[];
    readonly contactEmails: readonly string[];
    readonly contactGroups: readonly string[];
    readonly contactRoles: readonly string[];
}

/** The locks as the plan shows them. */
export type PlanLocks =
    | { readonly state: "locked"; readonly level: string; readonly resources: readonly string[] }
    | { readonly state: "opted out"; readonly reason: string }
    | { readonly state: "not production" };

/** The diagnostic settings as the plan shows them: what each audits and where it sends (production stacks). */
export interface PlanDiagnostics {
    /** `workspace <name>`, `storage blob service <account>`, ...: one per diagnostic setting. */
    readonly resources: readonly string[];
    /** The Log Analytics workspace's name (last segment of its id); several when settings differ. */
    readonly destinations: readonly string[];
    /** Production: the destination is the platform's (platform/guardrails.yaml monitoring). */
    readonly platform: boolean;
}

/** The model's `safeguards` field (team stacks only). */
export interface PlanSafeguards {
    readonly budget: PlanBudget | undefined;
    readonly locks: PlanLocks;
    readonly diagnostics: PlanDiagnostics | undefined;
}

const text = (v: unknown): string => (typeof v === "string" ? v : "");
const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);

function budgetOf(r: Registered): PlanBudget {
    const i = r.inputs;
    const notifications = Object.values((i["notifications"] ?? {}) as Record<string, Record<string, unknown>>).sort(
        (a, b) =>
            text(a["thresholdType"]).localeCompare(text(b["thresholdType"])) ||
            Number(a["threshold"]) - Number(b["threshold"]),
    );
    const first = notifications[0] ?? {};
    return {
        name: text(i["budgetName"]),
        amount: Number(i["amount"]),
        timeGrain: text(i["timeGrain"]),
        startDate: text((i["timePeriod"] as Record<string, unknown> | undefined)?.["startDate"]),
        thresholds: notifications.map((n) => `${text(n["thresholdType"])} ${String(n["threshold"])}%`),
        contactEmails: list(first["contactEmails"]),
        contactGroups: list(first["contactGroups"]),
        contactRoles: list(first["contactRoles"]),
    };
}

/** The locked resource's name (last segment of the lock's scope), or the lock's resource name when unknown. */
const lockedName = (r: Registered): string => text(r.inputs["scope"]).split("/").pop() || r.name;

/** What one diagnostic setting audits, by its resourceUri (the setting's own name when the uri is not one above). */
function auditedOf(r: Registered): { order: number; label: string } {
    const uri = text(r.inputs["resourceUri"]);
    for (const [order, a] of AUDITED.entries()) {
        const m = a.pattern.exec(uri);
        if (m !== null) return { order, label: `${a.label} ${m[1]!}` };
    }
    return { order: AUDITED.length, label: uri.split("/").pop() || r.name };
}

function diagnosticsOf(e: Evaluation, production: boolean): PlanDiagnostics | undefined {
    const settings = e.resources.filter((r) => r.type === DIAGNOSTICS);
    if (settings.length === 0) return undefined;
    const audited = settings.map(auditedOf).sort((a, b) => a.order - b.order || a.label.localeCompare(b.label));
    // The destination's name; in a first preview its id may be unknown.
    const destinations = [...new Set(settings.map((r) => text(r.inputs["workspaceId"]).split("/").pop()))].map((n) =>
        n !== undefined && n !== "" ? n : "(unknown until deployed)",
    );
    return { resources: audited.map((a) => a.label), destinations, platform: production };
}

/** The safeguards of a team stack's evaluation; undefined for the platform stack (no config). */
export function planSafeguards(e: Evaluation): PlanSafeguards | undefined {
    const cfg = e.config;
    if (cfg === undefined) return undefined;
    const budget = e.resources.find((r) => r.type === BUDGET);
    const locks = e.resources.filter((r) => r.type === LOCK);
    return {
        budget: budget !== undefined ? budgetOf(budget) : undefined,
        locks: !cfg.production
            ? { state: "not production" }
            : locks.length === 0
              ? { state: "opted out", reason: cfg.locks.reason }
              : { state: "locked", level: text(locks[0]!.inputs["level"]), resources: locks.map(lockedName) },
        diagnostics: diagnosticsOf(e, cfg.production),
    };
}

/** One line each for the budget and the locks (the text summary and the Markdown summary share them). */
export function safeguardLines(s: PlanSafeguards | undefined): { label: string; text: string }[] {
    if (s === undefined) return [];
    const b = s.budget;
    const targets = (x: PlanBudget): string =>
        [
            ...x.contactEmails,
            ...x.contactGroups.map((g) => `action group ${g.split("/").pop() ?? g}`),
            ...x.contactRoles.map((r) => `role ${r}`),
        ].join(", ");
    const budget =
        b === undefined
            ? "none (budget.amount is 0; platform/guardrails.yaml budget.required decides whether one is needed)"
            : `${b.amount} per month (${b.name}, from ${b.startDate.slice(0, 10)} at creation), alerts at ${b.thresholds.join(", ")} to ${targets(b)}; it alerts, it does not stop spend`;
    const l = s.locks;
    const locks =
        l.state === "locked"
            ? `${l.level} on ${l.resources.join(", ")}; deleting them, or a role assignment, compute or diagnostic setting under them, first needs the lock removed (docs/locks.md)`
            : l.state === "opted out"
              ? `OPTED OUT of the production CanNotDelete locks: ${l.reason}`
              : "none (production stacks only)";
    const d = s.diagnostics;
    const diagnostics =
        d === undefined
            ? "none (production stacks only)"
            : `${d.resources.join(", ")} → Log Analytics workspace ${d.destinations.join(", ")}${d.platform ? " (the platform's, platform/guardrails.yaml monitoring)" : ""}`;
    return [
        { label: "budget", text: budget },
        { label: "locks", text: locks },
        { label: "diagnostics", text: diagnostics },
    ];
}
