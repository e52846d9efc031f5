import { z } from "zod";

/**
 * A whole number in a range, with one message that states the rule for every way a value can miss it (not a number,
 * a fraction, below, above): "must be a whole number of days, 7-90 (…)". zod's `.int()` accepts only safe integers
 * (zod.dev/api "Numbers": `z.int()` is the safe integer range), so an unbounded count says so: a value like 1e20 is a
 * whole number in YAML, but not one a program (or Azure) can count exactly.
 */
export function wholeNumber(opts: {
    readonly min: number;
    readonly max?: number;
    /** What is counted ("days", "nodes"): "a whole number of <unit>". */
    readonly unit?: string;
    /** Why the range, in a few words (its source). */
    readonly why?: string;
    /** The field's name, when the message is read without its key (guardrails problems name the key anyway). */
    readonly what?: string;
}): z.ZodNumber {
    const max = opts.max ?? Number.MAX_SAFE_INTEGER;
    const range =
        max === Number.MAX_SAFE_INTEGER
            ? `${opts.min} or more (at most ${Number.MAX_SAFE_INTEGER}, the largest safe integer)`
            : `${opts.min}-${max}`;
    const message =
        `${opts.what !== undefined ? `${opts.what} ` : ""}must be a whole number` +
        `${opts.unit !== undefined ? ` of ${opts.unit}` : ""}, ${range}${opts.why !== undefined ? ` (${opts.why})` : ""}`;
    return z
        .number({ error: message })
        .int({ error: message })
        .min(opts.min, { error: message })
        .max(max, { error: message });
}
