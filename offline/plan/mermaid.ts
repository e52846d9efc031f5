/** Mermaid diagrams of the plan (GitHub renders them in a pull request's step summary). */
import type { PlanPrincipal } from "./model";

/** Mermaid label text: quotes and angle brackets as entities (mermaid.js.org/syntax/flowchart.html#entity-codes-to-escape-characters). */
function label(text: string): string {
    return text.replace(/"/g, "#quot;").replace(/</g, "#lt;").replace(/>/g, "#gt;");
}

/**
 * A Mermaid flowchart principals → roles → scopes (GitHub renders ```mermaid blocks in Markdown:
 * docs.github.com "Creating diagrams"). One role node per role and scope, so every path reads as one grant.
 */
export function accessDiagram(principals: readonly PlanPrincipal[]): string {
    const ids = new Map<string, string>();
    const id = (prefix: string, key: string): string => {
        const k = `${prefix}:${key}`;
        if (!ids.has(k)) ids.set(k, `${prefix}${ids.size}`);
        return ids.get(k)!;
    };
    const lines = ["```mermaid", "flowchart LR"];
    const declared = new Set<string>();
    const node = (nid: string, text: string, shape: "box" | "round" | "db"): void => {
        if (declared.has(nid)) return;
        declared.add(nid);
        const t = label(text);
        lines.push(`    ${nid}${shape === "box" ? `["${t}"]` : shape === "round" ? `("${t}")` : `[("${t}")]`}`);
    };
    const edges = new Set<string>();
    for (const pr of principals) {
        const p = id("p", `${pr.kind}:${pr.principal}`);
        node(p, `${pr.principal} (${pr.kind})`, "box");
        for (const g of pr.roles) {
            const r = id("r", `${g.role}@${g.scope}`);
            const s = id("s", g.scope);
            node(r, g.role, "round");
            node(s, g.scope, "db");
            for (const e of [`${p} --> ${r}`, `${r} --> ${s}`]) {
                if (!edges.has(e)) lines.push(`    ${e}`);
                edges.add(e);
            }
        }
    }
    lines.push("```");
    return lines.join("\n");
}
