/** The plan as text (the default of `npm run plan`): the summary first, then resources, outputs and rotation. */
import { countsLine, plural } from "../../lib/counts";
import { outboundLine } from "./outbound";
import { safeguardLines } from "./safeguards";
import {
    accessCounts,
    displayOf,
    identityLine,
    publicLine,
    replaceNote,
    shownOptions,
    showSetting,
    tagsLine,
    whoCanDoWhat,
} from "./lines";
import type { PlanModel, PlanResource } from "./model";
import { findingLines } from "./reviewer";
import { dataText } from "./data";
import { MASK } from "./settings";

/** The outputs a section of its own already shows: printed as a pointer, not twice. */
const OUTPUTS_SHOWN_ELSEWHERE: Record<string, string> = { secretRotation: "see Client secret rotation below" };

export function renderText(m: PlanModel): string {
    const s = m.summary;
    const lines: string[] = [];
    lines.push(`Offline plan: stack "${m.stack}" of project "${m.project}": ${identityLine(m)}`);
    lines.push(`  ${countsLine(s.counts)}`);
    lines.push(`  tags: ${tagsLine(s.tags)}`);
    lines.push(`  reachable from public networks: ${publicLine(s)}`);
    if (s.outbound !== undefined) lines.push(`  reaches outbound: ${outboundLine(s.outbound)}`);
    lines.push(`  who can do what (${accessCounts(m)}; reasons: --access):`);
    if (s.principals.length === 0) lines.push("    (nobody)");
    for (const l of whoCanDoWhat(s.principals)) lines.push(`    ${l}`);
    const display = displayOf(s.principals);
    for (const g of m.access.grants.filter((x) => x.condition !== undefined)) {
        lines.push(`    ${display(g.principal)}'s ${g.role} @ ${g.scope} carries an ${g.condition}`);
    }
    for (const l of safeguardLines(m.safeguards)) lines.push(`  ${l.label}: ${l.text}`);
    if (s.warnings.length > 0) {
        lines.push(`  ${plural(s.warnings.length, "warning")}:`);
        for (const w of s.warnings) lines.push(`    ! ${w}`);
    }
    lines.push(...dataText(m));
    if (m.policy !== undefined) {
        const f = findingLines(m.policy.violations, s.production);
        lines.push(`  ${f.header}`);
        for (const l of f.lines) lines.push(`    ${l}`);
    }
    lines.push("");
    lines.push(m.notice);
    lines.push("");
    lines.push("Resources (components shown as groups):");
    const walk = (nodes: PlanResource[], indent: string): void => {
        for (const n of nodes) {
            const opts = shownOptions(n);
            const flags = opts.length > 0 ? `  [${opts.join(", ")}]` : "";
            lines.push(`${indent}+ ${n.type}  ${n.name}${flags}`);
            for (const [k, v] of Object.entries(n.settings)) {
                if (k === "description" && "why" in n.settings) continue; // the full reason is in --json / --access
                lines.push(`${indent}    ${k}: ${showSetting(k, v)}`);
            }
            const note = replaceNote(n);
            for (const x of note !== undefined ? [note] : n.notes) lines.push(`${indent}    ! ${x}`);
            walk(n.children, `${indent}    `);
        }
    };
    walk(m.resources, "  ");
    lines.push("");
    lines.push("Stack outputs (secrets masked):");
    for (const [k, v] of Object.entries(m.outputs)) {
        const shown = OUTPUTS_SHOWN_ELSEWHERE[k];
        lines.push(`  ${k}: ${shown !== undefined && v !== MASK ? `(${shown})` : (JSON.stringify(v) ?? "undefined")}`);
    }
    if (m.rotation !== undefined) {
        const r = m.rotation;
        const day = (iso: string): string => iso.slice(0, 10);
        lines.push("");
        lines.push(`Client secret rotation (period ${r.periodDays} days, grace ${r.graceDays} days; values masked):`);
        lines.push(
            `  today's window: ${day(r.window.start)} .. ${day(r.window.end)}; next rotation ${day(r.nextRotation)}`,
        );
        for (const sl of r.slots) {
            lines.push(
                `  slot ${sl.slot}: ${MASK}  window from ${day(sl.windowStart)}, replaced at the first up after ${day(sl.rotatesAt)}, ends ${day(sl.endDate)}${sl.newest ? "  <- newest (in outputs)" : ""}`,
            );
        }
    }
    return lines.join("\n");
}
