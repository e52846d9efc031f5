/** The lines the text and Markdown plans share: the summary's headlines, settings as shown, replace notes. */
import { plural } from "../../lib/counts";
import { COMPUTE_KIND_LIST } from "../../lib/computeKinds";
import type { PlanModel, PlanPrincipal, PlanResource, PlanSummary, PublicEndpoint } from "./model";
import { fmt } from "./settings";

/** Settings that hold a date as Unix epoch seconds (Key Vault secret attributes): shown as a date. */
const EPOCH_SETTINGS = new Set(["properties.attributes.expires", "properties.attributes.notBefore"]);

/** A setting as the text and Markdown plans show it: dates as dates, everything else as declared. */
export function showSetting(key: string, value: unknown): string {
    if (EPOCH_SETTINGS.has(key) && typeof value === "number") {
        return `${new Date(value * 1000).toISOString().slice(0, 10)} (epoch ${value})`;
    }
    if (typeof value === "string" && /^\d{4}-\d{2}-\d{2}T00:00:00(?:\.000)?Z$/.test(value)) return value.slice(0, 10);
    return fmt(value);
}

/** `properties.properties.vmSize` → `vmSize`: the replace list as a person reads it (the full paths are in --json). */
function shortPath(p: string): string {
    return p.replace(/^properties\.properties\./, "").replace(/^properties\./, "");
}

/** The one replace warning of a resource (its paths listed once, shortened). */
export function replaceNote(n: PlanResource): string | undefined {
    const flag = n.options.find((o) => o.startsWith("replaceOnChanges="));
    if (flag === undefined || n.notes.length === 0) return undefined;
    const paths = flag.slice("replaceOnChanges=".length).split(",").map(shortPath);
    const losesDisk = COMPUTE_KIND_LIST.find((k) => k.replaceLosesDisk && n.notes.some((x) => x.includes(k.label)));
    return losesDisk !== undefined
        ? `changing any of ${paths.join(", ")} DELETES and recreates this ${losesDisk.label}, and its local disk with it (docs/compute.md)`
        : `changing any of ${paths.join(", ")} deletes and recreates this resource (Azure cannot update these in place)`;
}

/** Options shown next to the name: the replace paths are left to the note, so they appear once. */
export function shownOptions(n: PlanResource): string[] {
    return n.options.map((o) => (o.startsWith("replaceOnChanges=") && n.notes.length > 0 ? "replaceOnChanges" : o));
}

/** Who can do what: one line per principal (every principal once), its roles grouped by scope. */
export function whoCanDoWhat(principals: readonly PlanPrincipal[]): string[] {
    return principals.map((p) => {
        const byScope = new Map<string, string[]>();
        for (const r of p.roles) byScope.set(r.scope, [...(byScope.get(r.scope) ?? []), r.role]);
        const parts = [...byScope].map(([scope, roles]) => `${roles.join(", ")} @ ${scope}`);
        return `${p.principal}: ${parts.join("; ")}`;
    });
}

/** The display name of a grant's principal: the one its principal entry has (a group once, with its levels). */
export function displayOf(principals: readonly PlanPrincipal[]): (label: string) => string {
    const byLabel = new Map<string, string>();
    for (const p of principals) for (const l of p.labels) byLabel.set(l, p.principal);
    return (label) => byLabel.get(label) ?? label;
}

export function identityLine(m: PlanModel): string {
    const s = m.summary;
    if (s.platform) return `platform project, stack ${m.stack}, region ${s.location}`;
    return `team ${s.team}, environment ${s.environment}, ${s.production ? "PRODUCTION" : "not production"}, region ${s.location}`;
}

/** Tags reviewers check on every stamp: a cost center and an owner (any spelling of cost center). */
const CHECKED_TAGS: readonly { what: string; key: RegExp }[] = [
    { what: "cost center", key: /^cost[-_ ]?cent(?:er|re)$/i },
    { what: "owner", key: /^owner$/i },
];

/** The tags line: every tag the stack sets, and which checked tag is missing. */
export function tagsLine(tags: Readonly<Record<string, string>>): string {
    const entries = Object.entries(tags);
    const missing = CHECKED_TAGS.filter((c) => !entries.some(([k]) => c.key.test(k))).map((c) => c.what);
    const shown = entries.length > 0 ? entries.map(([k, v]) => `${k}=${v}`).join(", ") : "none";
    return `${shown}${missing.length > 0 ? `; NO ${missing.join(" or ")} tag` : ""}`;
}

/** The summary's access headline: role assignments and, when there are any, Graph application permissions. */
export function accessCounts(m: PlanModel): string {
    const graph = m.access.appRoleAssignments.length;
    return `${plural(m.summary.counts.roleAssignments.declared, "declared role assignment")}${graph > 0 ? `, ${plural(graph, "Microsoft Graph application permission")}` : ""}`;
}

export function publicLine(s: PlanSummary): string {
    const isCompute = (p: PublicEndpoint): boolean => p.what.startsWith("compute ");
    const open = s.publicNetwork
        .filter((p) => p.open)
        .map((p) => (isCompute(p) ? `${p.what} (node public IP)` : p.what));
    const closed = s.publicNetwork.filter((p) => !p.open && !isCompute(p)).map((p) => p.what);
    const computes = s.publicNetwork.filter(isCompute);
    const noIp = computes.length > 0 && computes.every((p) => !p.open) ? "; no compute has a public IP" : "";
    if (open.length === 0) return `nothing: every endpoint is closed${noIp}`;
    return `${open.join(", ")}${closed.length > 0 ? `; closed: ${closed.join(", ")}` : ""}${noIp}`;
}

/** The access matrix's rows: each role assignment, then each Graph application permission, under its one name. */
export function accessRows(
    m: PlanModel,
): { principal: string; kind: string; role: string; scope: string; why: string; reason: string }[] {
    const display = displayOf(m.summary.principals);
    return [
        ...m.access.grants.map((g) => ({ ...g, principal: display(g.principal) })),
        ...m.access.appRoleAssignments.map((a) => ({
            principal: display(a.principal),
            kind: a.kind,
            role: a.permission,
            scope: `${a.resource} (application permission)`,
            why: a.why,
            reason: `${a.reason} (app role id ${a.permissionId})`,
        })),
    ];
}
