/**
 * Rules for every id in the stack config, whatever key holds it, so that a new key is covered without a new check:
 * a list of ids (Entra group, user, owner and application ids) names each id once, compared case-insensitively as
 * Entra compares GUIDs (the stack would declare the same role assignment or service principal twice: two resources
 * with one name, a duplicate URN at preview); no id is the nil GUID (a placeholder no Entra object has).
 */
import { isGuid, isNilGuid, NIL_GUID } from "../lib/guid";
import type { SectionProblem } from "./section";

/** `a.b[0].c` from a path (relative to the project namespace, as section problems are). */
function keyOf(path: readonly (string | number)[]): string {
    let key = "";
    for (const part of path) key += typeof part === "number" ? `[${part}]` : key === "" ? part : `.${part}`;
    return key;
}

/** Every id problem in a validated config (see the module comment). */
export function idProblems(cfg: Readonly<Record<string, unknown>>): SectionProblem[] {
    const problems: SectionProblem[] = [];
    const nil = (path: readonly (string | number)[], value: string): void => {
        problems.push({
            key: keyOf(path),
            value,
            message: `is the nil GUID (${NIL_GUID}), a placeholder: no Entra object, application or policy definition has it. Put the real object id (az ad group show --group <name> --query id, az ad user show --id <upn> --query id)`,
        });
    };
    const walk = (node: unknown, path: (string | number)[]): void => {
        if (typeof node === "string") {
            if (isNilGuid(node)) nil(path, node);
            return;
        }
        if (Array.isArray(node)) {
            const ids = node.every((v) => typeof v === "string" && isGuid(v));
            const first = new Map<string, number>();
            node.forEach((v, i) => {
                walk(v, [...path, i]);
                if (!ids || typeof v !== "string") return;
                const at = first.get(v.toLowerCase());
                if (at === undefined) first.set(v.toLowerCase(), i);
                else if (!isNilGuid(v))
                    problems.push({
                        key: keyOf([...path, i]),
                        value: v,
                        message: `names ${v} twice (also ${keyOf([...path, at])}; ids compare case-insensitively): each id once, or the stack declares the same resource twice (a duplicate URN at preview)`,
                    });
            });
            return;
        }
        if (node !== null && typeof node === "object") {
            for (const [k, v] of Object.entries(node)) {
                if (isNilGuid(k)) nil([...path, k], k);
                walk(v, [...path, k]);
            }
        }
    };
    for (const [key, value] of Object.entries(cfg)) walk(value, [key]);
    return problems;
}
