/**
 * Edits a YAML file the user owns in place: sets or removes entries of its top-level mapping or of a mapping one
 * level down (a stack file's `config:`), and leaves every other byte as it was. The `yaml` package's document API
 * (`parseDocument`, each node's source `range`) finds the entries; the text outside the entries that change is
 * copied, so comments, key order, quoting, indentation and the fields this code does not own (`secretsprovider:`,
 * `encryptedkey:`, `secure:` values, other namespaces) stay byte-identical. Re-serialising the whole document
 * would not: `yaml` normalises indentation, flow collections, blank lines and folds long lines.
 * Also a small line diff, to show an edit before it is written. Pure functions of text.
 */
import { isMap, isScalar, parseDocument, stringify, type Pair, type YAMLMap } from "yaml";

/** One entry to change: `path` is `[key]` (top level) or `[map, key]`; `value` undefined removes the entry. */
export interface YamlEdit {
    readonly path: readonly [string] | readonly [string, string];
    readonly value: unknown;
}

/** The text is not YAML, or the entry's parent is not a mapping: names what is wrong. */
export class YamlEditError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "YamlEditError";
    }
}

function lineStart(text: string, at: number): number {
    return text.lastIndexOf("\n", at - 1) + 1;
}

/** The offset after the newline that ends the line holding `at - 1` (or the end of the text). */
function lineEnd(text: string, at: number): number {
    if (at > 0 && text[at - 1] === "\n") return at;
    const nl = text.indexOf("\n", at);
    return nl < 0 ? text.length : nl + 1;
}

function keyOf(pair: Pair): string | undefined {
    return isScalar(pair.key) ? String(pair.key.value) : undefined;
}

/** Where a pair's text lies: from the start of its key's line to the end of its value's last line. */
function pairSpan(text: string, pair: Pair): [number, number] {
    const key = pair.key as { range?: [number, number, number] };
    const value = pair.value as { range?: [number, number, number] } | null;
    const start = lineStart(text, key.range![0]);
    const end = lineEnd(text, value?.range !== undefined ? value.range[2] : key.range![2]);
    return [start, end];
}

/** `key: value` as block YAML lines at `indent`, in the file's line ending. */
function renderPair(key: string, value: unknown, indent: number, eol: string): string {
    const lines = stringify({ [key]: value }, { lineWidth: 0 })
        .replace(/\n$/, "")
        .split("\n");
    return lines.map((l) => `${" ".repeat(indent)}${l}${eol}`).join("");
}

/** A scalar's one-line YAML text, or undefined for a structured or multi-line value. */
function renderScalar(value: unknown): string | undefined {
    if (value !== null && typeof value === "object") return undefined;
    const text = stringify(value, { lineWidth: 0 }).replace(/\n$/, "");
    return text.includes("\n") ? undefined : text;
}

function parse(text: string): ReturnType<typeof parseDocument> {
    const doc = parseDocument(text);
    if (doc.errors.length > 0) throw new YamlEditError(`not valid YAML: ${doc.errors[0]!.message.split("\n")[0]}`);
    if (doc.contents !== null && !isMap(doc.contents)) throw new YamlEditError("the top level is not a mapping");
    return doc;
}

function applyOne(text: string, edit: YamlEdit): string {
    const eol = text.includes("\r\n") ? "\r\n" : "\n";
    const doc = parse(text);
    const root = doc.contents as YAMLMap | null;
    const [head, leaf] = edit.path;
    let map: YAMLMap | null = root;
    let key = head;
    if (leaf !== undefined) {
        const parent = root?.items.find((p) => keyOf(p) === head);
        const node = parent?.value;
        if (parent !== undefined && node !== null && node !== undefined && !(isScalar(node) && node.value === null)) {
            if (!isMap(node) || node.flow === true) {
                if (!isMap(node)) throw new YamlEditError(`\`${head}:\` is not a mapping`);
                // A flow mapping (`config: {}`): rewritten as a block mapping holding its entries and the edit.
                const entries = node.toJSON() as Record<string, unknown>;
                if (edit.value === undefined) delete entries[leaf];
                else entries[leaf] = edit.value;
                return applyOne(text, { path: [head], value: entries });
            }
            map = node;
            key = leaf;
        } else if (parent === undefined) {
            // No `head:` yet: the mapping is created with this one entry.
            if (edit.value === undefined) return text;
            return applyOne(text, { path: [head], value: { [leaf]: edit.value } });
        } else {
            // An empty `head:` (or `head: ~`): the entry goes on the line after it; comments below stay.
            if (edit.value === undefined) return text;
            const k = (parent.key as { range: [number, number, number] }).range;
            const v = (node as { range?: [number, number, number] } | null)?.range;
            const cut = v !== undefined && v[1] > v[0] ? [v[0], v[1]] : [k[1] + 1, k[1] + 1];
            const trimmed = text.slice(0, cut[0]!).replace(/[ \t]+$/, "") + text.slice(cut[1]!);
            const at = lineEnd(trimmed, k[1] + 1);
            const sep = at === trimmed.length && !trimmed.endsWith("\n") ? eol : "";
            const indent = k[0] - lineStart(text, k[0]) + 2;
            return trimmed.slice(0, at) + sep + renderPair(leaf, edit.value, indent, eol) + trimmed.slice(at);
        }
    }
    const pairs = map?.items ?? [];
    const pair = pairs.find((p) => keyOf(p) === key);
    if (pair !== undefined) {
        const [start, end] = pairSpan(text, pair);
        if (edit.value === undefined) return text.slice(0, start) + text.slice(end);
        const old = pair.value as { range?: [number, number, number] } | null;
        const scalar = renderScalar(edit.value);
        if (scalar !== undefined && isScalar(old) && old.range !== undefined && old.range[1] > old.range[0]) {
            // Only the value's own characters: a trailing comment on the line stays.
            const hasBlockScalar = text.slice(old.range[0], old.range[1]).includes("\n");
            if (!hasBlockScalar) return text.slice(0, old.range[0]) + scalar + text.slice(old.range[1]);
        }
        const indent = (pair.key as { range: [number, number, number] }).range[0] - start;
        return text.slice(0, start) + renderPair(key, edit.value, indent, eol) + text.slice(end);
    }
    if (edit.value === undefined) return text;
    if (pairs.length === 0 || map === null) {
        // An empty document: the entry is its first line (after any comments).
        const sep = text.length > 0 && !text.endsWith("\n") ? eol : "";
        return text + sep + renderPair(key, edit.value, 0, eol);
    }
    const last = pairs[pairs.length - 1]!;
    const [, end] = pairSpan(text, last);
    const first = pairs[0]!.key as { range: [number, number, number] };
    const indent = first.range[0] - lineStart(text, first.range[0]);
    const sep = end === text.length && !text.endsWith("\n") ? eol : "";
    return text.slice(0, end) + sep + renderPair(key, edit.value, indent, eol) + text.slice(end);
}

/** Applies the edits in order; everything outside the entries they change is kept byte for byte. */
export function editYaml(text: string, edits: readonly YamlEdit[]): string {
    parse(text);
    return edits.reduce(applyOne, text);
}

/**
 * A line diff of `before` and `after` (longest common subsequence), as `-`/`+` lines with up to `context` unchanged
 * lines around each change, `@@ line N` before each hunk. Empty when the texts are equal.
 */
export function lineDiff(before: string, after: string, context = 2): string {
    if (before === after) return "";
    const a = before.replace(/\n$/, "").split("\n");
    const b = after.replace(/\n$/, "").split("\n");
    const lcs: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
    for (let i = a.length - 1; i >= 0; i--)
        for (let j = b.length - 1; j >= 0; j--)
            lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    const ops: { op: " " | "-" | "+"; line: string; at: number }[] = [];
    let i = 0;
    let j = 0;
    while (i < a.length || j < b.length) {
        // `at`: the line number in `after` where the operation applies.
        if (i < a.length && j < b.length && a[i] === b[j]) ops.push({ op: " ", line: a[i++]!, at: ++j });
        else if (i < a.length && (j >= b.length || lcs[i + 1]![j]! >= lcs[i]![j + 1]!))
            ops.push({ op: "-", line: a[i++]!, at: j + 1 });
        else ops.push({ op: "+", line: b[j++]!, at: j });
    }
    const keep = ops.map((_o, k) => ops.slice(Math.max(0, k - context), k + context + 1).some((n) => n.op !== " "));
    const out: string[] = [];
    ops.forEach((o, k) => {
        if (!keep[k]) return;
        if (k === 0 || !keep[k - 1]) out.push(`@@ line ${o.at}`);
        out.push(`${o.op} ${o.line}`.trimEnd());
    });
    return `${out.join("\n")}\n`;
}
