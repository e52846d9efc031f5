/**
 * Client-secret rotation windows (pure: no resources, no clock reads; callers pass the instant from lib/clock.ts).
 *
 * Calendar windows of P days start at an epoch E: window n is [E + nP, E + (n+1)P). Two password slots take turns:
 * slot "a" gets a new password in even windows, slot "b" in odd ones, so each slot's generation covers two windows
 * (2P) and the slots are offset from each other by P. A slot's rotation key and end date depend only on the start S
 * of its current generation, never on when `pulumi up` runs:
 *
 *   key      = S as a UTC date (YYYY-MM-DD)           → `rotateWhenChanged` / display name
 *   endDate  = S + 2P + grace, grace = P (= S + 3P)   → the password's `endDate` (always set)
 *
 * Every instant inside one window therefore yields the same keys and end dates (previews are identical), and
 * crossing one boundary changes exactly one slot's key (the slot whose turn it is).
 *
 * Why grace = P (see docs/rotation.md): a password is created at the first `pulumi up` after S, at some instant
 * c ∈ [S, S+P) when `up` runs at least every P days. Worst case, `up` runs just before the next boundary
 * (c ≈ S + P) and the next run is P days later (≈ S + 2P). For the newest password to still have ≥ P days left then,
 * its end must be ≥ S + 3P. Lifetime from creation is endDate − c ≤ 3P = 2P + grace.
 */

export const DAY_MS = 86_400_000;

/** The two password slots. */
export const SLOTS = ["a", "b"] as const;
export type Slot = (typeof SLOTS)[number];

/** The rotation policy of one stack. */
export interface RotationPolicy {
    /** Start of window 0 (UTC midnight). */
    readonly epoch: Date;
    /** Period P in whole days. */
    readonly periodDays: number;
}

/** One slot's current generation. */
export interface SlotWindow {
    readonly slot: Slot;
    /** Generation number (may be negative before the epoch). */
    readonly generation: number;
    /** When this generation started (the boundary that rotated this slot). */
    readonly start: Date;
    /** When this slot rotates next (start + 2P). */
    readonly rotatesAt: Date;
    /** The password's end date: start + 2P + grace. */
    readonly endDate: Date;
    /** Rotation key: the generation's start as YYYY-MM-DD. */
    readonly key: string;
}

/** What the stack shows about rotation at one instant. */
export interface RotationState {
    /** Both slots, "a" then "b". */
    readonly slots: readonly [SlotWindow, SlotWindow];
    /** The slot whose generation started most recently: its password is the one outputs expose. */
    readonly newest: Slot;
    /** The current window [start, end): `up` inside it changes nothing; the first `up` after `end` rotates one slot. */
    readonly window: { readonly index: number; readonly start: Date; readonly end: Date };
    /** Next boundary (= window.end). */
    readonly nextRotation: Date;
}

/** The grace beyond 2P, in days: one period (see the module comment). */
export function graceDays(periodDays: number): number {
    return periodDays;
}

/** Maximum lifetime of any password created by this scheme, in days: 2P + grace. */
export function maxLifetimeDays(periodDays: number): number {
    return 2 * periodDays + graceDays(periodDays);
}

/** RFC 3339 without fractional seconds: the form the azuread provider reads back into state (time.RFC3339). */
export function rfc3339(d: Date): string {
    return d.toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** A UTC date as YYYY-MM-DD. */
export function isoDate(d: Date): string {
    return d.toISOString().slice(0, 10);
}

/** Parses a YYYY-MM-DD date as UTC midnight; undefined if it is not a real calendar date. */
export function parseEpoch(text: string): Date | undefined {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return undefined;
    const d = new Date(`${text}T00:00:00Z`);
    return Number.isNaN(d.getTime()) || isoDate(d) !== text ? undefined : d;
}

function checkPolicy(p: RotationPolicy): void {
    if (!Number.isInteger(p.periodDays) || p.periodDays < 1)
        throw new Error(`rotation period must be a whole number of days ≥ 1, got ${p.periodDays}`);
    if (Number.isNaN(p.epoch.getTime())) throw new Error("rotation epoch is not a valid date");
}

/** Index of the window that contains `at` (floor division, so instants before the epoch work too). */
export function windowIndex(p: RotationPolicy, at: Date): number {
    checkPolicy(p);
    return Math.floor((at.getTime() - p.epoch.getTime()) / (p.periodDays * DAY_MS));
}

function windowStart(p: RotationPolicy, index: number): Date {
    return new Date(p.epoch.getTime() + index * p.periodDays * DAY_MS);
}

/** The current generation of `slot` at instant `at`. */
export function slotWindow(p: RotationPolicy, slot: Slot, at: Date): SlotWindow {
    const n = windowIndex(p, at);
    const offset = slot === "a" ? 0 : 1;
    // The latest window m ≤ n with m ≡ offset (mod 2) is when this slot last rotated.
    const m = n - ((((n - offset) % 2) + 2) % 2);
    const start = windowStart(p, m);
    const P = p.periodDays * DAY_MS;
    return {
        slot,
        generation: (m - offset) / 2,
        start,
        rotatesAt: new Date(start.getTime() + 2 * P),
        endDate: new Date(start.getTime() + 2 * P + graceDays(p.periodDays) * DAY_MS),
        key: isoDate(start),
    };
}

/** Both slots, the newest one and the current window at instant `at`. */
export function rotationState(p: RotationPolicy, at: Date): RotationState {
    const a = slotWindow(p, "a", at);
    const b = slotWindow(p, "b", at);
    const index = windowIndex(p, at);
    const start = windowStart(p, index);
    const end = windowStart(p, index + 1);
    return {
        slots: [a, b],
        newest: a.start.getTime() >= b.start.getTime() ? "a" : "b",
        window: { index, start, end },
        nextRotation: end,
    };
}
