/**
 * "Did you mean ...?" for config keys, nested fields, role names, regions and time zones. The string distance is
 * fastest-levenshtein's (npm, pinned in package.json), not a hand-written one. Pure functions, no Pulumi.
 */
import { distance } from "fastest-levenshtein";

/**
 * How far a candidate may be from the input and still be suggested: a third of the input's length, at least 2
 * edits (so `westeurop` finds `westeurope` and `maxNode` finds `maxNodes`, but `gpu` does not find `cpu-big`).
 */
export function suggestionThreshold(input: string): number {
    return Math.max(2, Math.floor(input.length / 3));
}

/**
 * The candidates closest to `input` (case-insensitive, ignoring spaces, hyphens and underscores for the comparison),
 * nearest first, at most `max`, within `suggestionThreshold`. An exact match after normalising comes first.
 */
export function suggest(input: string, candidates: readonly string[], max = 3): string[] {
    const norm = (s: string): string => s.toLowerCase().replace(/[\s_-]+/g, "");
    const wanted = norm(input);
    const limit = suggestionThreshold(wanted);
    return candidates
        .map((c) => ({ c, d: distance(wanted, norm(c)) }))
        .filter(({ d }) => d <= limit)
        .sort((a, b) => a.d - b.d || a.c.localeCompare(b.c))
        .slice(0, max)
        .map(({ c }) => c);
}

/** ` Did you mean "x"?` (or `"x" or "y"`), or "" when nothing is close. */
export function didYouMean(input: string, candidates: readonly string[]): string {
    const found = suggest(input, candidates);
    if (found.length === 0) return "";
    return ` Did you mean ${found.map((f) => `"${f}"`).join(" or ")}?`;
}
