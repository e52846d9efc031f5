/** The short form of a grant's reason, as the plan's summary and the access matrix show it. */

/**
 * The short form of a grant reason: the first clause, without quoted Microsoft text and source references (they
 * stay in `reason`, in `--json`, `--access` and the assignment's description).
 */
export function shortReason(reason: string): string {
    let r = reason;
    for (const cut of [
        ": '",
        "; ",
        " (learn.microsoft.com",
        " (MicrosoftDocs/",
        " (built-in-roles/",
        " (custom role",
    ]) {
        const at = r.indexOf(cut);
        if (at > 0) r = r.slice(0, at);
    }
    r = r.replace(/\s*\([^)]*(?:\.md|learn\.microsoft\.com|built-in-roles)[^)]*\)/g, "").trim();
    return cutAtWord(r, SHORT_REASON_MAX);
}

/** The longest short reason, "…" included. */
export const SHORT_REASON_MAX = 100;

/** `text` cut at the last word boundary that fits `max` characters with "…"; unchanged when it fits. */
export function cutAtWord(text: string, max: number): string {
    if (text.length <= max) return text;
    const room = text.slice(0, max - 1);
    const space = room.lastIndexOf(" ");
    const head = (space > 0 ? room.slice(0, space) : room).replace(/[\s,;:.(-]+$/, "");
    return `${head}…`;
}
