/** The plan as Markdown for a pull request's step summary, and the `--access` table. */
import { countsLine } from "../../lib/counts";
import { outboundLine } from "./outbound";
import { safeguardLines } from "./safeguards";
import { accessTable } from "../accessDiff";
import {
    accessCounts,
    accessRows,
    identityLine,
    publicLine,
    replaceNote,
    shownOptions,
    showSetting,
    tagsLine,
} from "./lines";
import { accessDiagram } from "./mermaid";
import type { PlanModel, PlanResource } from "./model";
import { findingLines } from "./reviewer";
import { dataMarkdown } from "./data";

/** Markdown table cell: pipes escaped, newlines flattened. */
function cell(text: string): string {
    return text.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}

/**
 * `--access`: the access matrix as a Markdown table, one row per role assignment with its full reason, each principal
 * under its one name (a group once, with all its levels), then the Microsoft Graph application permissions.
 */
export function accessMarkdown(m: PlanModel): string {
    return accessTable(accessRows(m));
}

/** The same plan as Markdown, for a pull request's step summary (`npm run -s plan -- --format markdown`). */
export function renderMarkdown(m: PlanModel): string {
    const s = m.summary;
    const out: string[] = [];
    out.push(`## Offline plan: stack \`${m.stack}\``);
    out.push("");
    out.push(`- **What**: ${identityLine(m)}`);
    out.push(`- **Counts**: ${countsLine(s.counts)}`);
    out.push(`- **Tags**: ${tagsLine(s.tags)}`);
    out.push(`- **Reachable from public networks**: ${publicLine(s)}`);
    if (s.outbound !== undefined) out.push(`- **Reaches outbound**: ${outboundLine(s.outbound)}`);
    for (const l of safeguardLines(m.safeguards))
        out.push(`- **${l.label[0]!.toUpperCase()}${l.label.slice(1)}**: ${l.text}`);
    if (s.warnings.length > 0) {
        out.push("");
        out.push(`### Warnings (${s.warnings.length})`);
        for (const w of s.warnings) out.push(`- :warning: ${w}`);
    }
    out.push(...dataMarkdown(m));
    out.push("");
    out.push(`### Who can do what (${accessCounts(m)})`);
    out.push("");
    if (s.principals.length === 0) out.push("Nobody: the stack declares no role assignment.");
    else {
        // Each principal once: its name on its first row, its other roles below it.
        out.push("| principal | kind | role | scope | why |", "|---|---|---|---|---|");
        const rows = accessRows(m);
        for (const p of s.principals) {
            rows.filter((g) => g.principal === p.principal && g.kind === p.kind).forEach((g, i) => {
                const who = i === 0 ? `${cell(p.principal)} | ${p.kind}` : " | ";
                out.push(`| ${who} | ${cell(g.role)} | ${cell(g.scope)} | ${cell(g.why)} |`);
            });
        }
        out.push("", accessDiagram(s.principals));
    }
    if (m.policy !== undefined) {
        const f = findingLines(m.policy.violations, s.production);
        out.push("", `### ${f.header}`, "");
        for (const l of f.lines) out.push(`- ${l.replace(/^(MANDATORY|advisory) +/, (x) => `**${x.trim()}** `)}`);
    }
    out.push("", "<details><summary>Resources</summary>", "");
    const walk = (nodes: PlanResource[], indent: string): void => {
        for (const n of nodes) {
            const opts = shownOptions(n);
            out.push(`${indent}- \`${n.type}\` **${n.name}**${opts.length > 0 ? ` _${opts.join(", ")}_` : ""}`);
            for (const [k, v] of Object.entries(n.settings)) {
                if (k === "description" && "why" in n.settings) continue;
                out.push(`${indent}  - ${k}: \`${showSetting(k, v).replace(/`/g, "'")}\``);
            }
            const note = replaceNote(n);
            for (const x of note !== undefined ? [note] : n.notes) out.push(`${indent}  - :warning: ${x}`);
            walk(n.children, `${indent}  `);
        }
    };
    walk(m.resources, "");
    out.push("", "</details>", "");
    out.push(`> ${m.notice}`);
    return out.join("\n");
}
