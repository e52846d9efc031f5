import assert from "node:assert/strict";
import fc from "fast-check";
import {
    DAY_MS,
    maxLifetimeDays,
    parseEpoch,
    rfc3339,
    type RotationPolicy,
    rotationState,
    SLOTS,
    type Slot,
    slotWindow,
    windowIndex,
} from "../lib/rotation";

const EPOCH = parseEpoch("2025-01-06")!;
const day = (n: number): Date => new Date(EPOCH.getTime() + n * DAY_MS);

interface Password {
    readonly slot: Slot;
    readonly key: string;
    readonly created: number;
    readonly end: number;
}

/**
 * Simulates `pulumi up` at the given instants (ms, ascending) the way Pulumi applies the program: a slot whose
 * rotation key changed is replaced, the new password created before the old one is deleted. Returns every password
 * ever created, what each up replaced, and what the outputs exposed after each up.
 */
function simulate(p: RotationPolicy, ups: number[]) {
    const live = new Map<Slot, Password>();
    const created: Password[] = [];
    const runs: { at: number; replaced: Password[]; exposed: Password; before: Map<Slot, Password> }[] = [];
    for (const u of ups) {
        const state = rotationState(p, new Date(u));
        const before = new Map(live);
        const replaced: Password[] = [];
        for (const w of state.slots) {
            const current = live.get(w.slot);
            if (current?.key === w.key) continue;
            const fresh = { slot: w.slot, key: w.key, created: u, end: w.endDate.getTime() };
            created.push(fresh);
            live.set(w.slot, fresh);
            if (current !== undefined) replaced.push(current);
        }
        runs.push({ at: u, replaced, exposed: live.get(state.newest)!, before });
    }
    return { created, runs };
}

/** Checks every invariant of docs/rotation.md for one schedule of ups whose gaps are at most P days. */
function checkSchedule(p: RotationPolicy, ups: number[], horizon: number): void {
    const P = p.periodDays * DAY_MS;
    const { created, runs } = simulate(p, ups);
    // No password lives longer than 2P + grace, and every one has an end date.
    for (const pw of created) {
        assert.ok(Number.isFinite(pw.end), "endDate always set");
        assert.ok(
            pw.end - pw.created <= maxLifetimeDays(p.periodDays) * DAY_MS,
            `lifetime ${(pw.end - pw.created) / DAY_MS} days`,
        );
        assert.ok(pw.end > pw.created, "valid when created");
    }
    for (const [i, run] of runs.entries()) {
        // A run replaces at most one slot, never the one the previous run exposed (its consumers keep working).
        assert.ok(run.replaced.length <= 1, `one slot per boundary at ${rfc3339(new Date(run.at))}`);
        if (i > 0)
            for (const r of run.replaced)
                assert.notEqual(r, runs[i - 1]!.exposed, "the exposed password is never deleted by the next run");
        // The surviving slot is still valid when the other is replaced (overlap).
        for (const r of run.replaced) {
            const other = run.before.get(r.slot === "a" ? "b" : "a");
            if (other !== undefined) assert.ok(other.end > run.at, "the other slot is valid during replacement");
        }
    }
    // Daily (and just before every run): the exposed (newest) password is valid with at least P days left.
    const instants = new Set<number>();
    for (let t = ups[0]!; t <= horizon; t += DAY_MS) instants.add(t);
    for (const u of ups.slice(1)) instants.add(u - 1);
    let r = 0;
    for (const t of [...instants].sort((a, b) => a - b)) {
        while (r + 1 < runs.length && runs[r + 1]!.at <= t) r++;
        const exposed = runs[r]!.exposed;
        assert.ok(
            exposed.end - t >= P,
            `at ${rfc3339(new Date(t))} the newest password has ${(exposed.end - t) / DAY_MS} days left`,
        );
        const newestLive = [...runs[r]!.before.values(), exposed].reduce((a, b) => (b.end > a.end ? b : a));
        assert.equal(exposed, newestLive, "outputs expose the newest password");
    }
}

describe("rotation windows (lib/rotation.ts)", () => {
    const policy: RotationPolicy = { epoch: EPOCH, periodDays: 90 };

    it("every instant inside one window gives the same keys and end dates", () => {
        fc.assert(
            fc.property(
                fc.integer({ min: -20, max: 40 }),
                fc.integer({ min: 0, max: 90 * DAY_MS - 1 }),
                fc.integer({ min: 0, max: 90 * DAY_MS - 1 }),
                (n, x, y) => {
                    const start = day(n * 90).getTime();
                    assert.deepEqual(
                        rotationState(policy, new Date(start + x)),
                        rotationState(policy, new Date(start + y)),
                    );
                },
            ),
        );
    });

    it("crossing one boundary changes exactly one slot's key, alternating a, b, a, ...", () => {
        let previous = rotationState(policy, day(-1));
        for (let n = 0; n < 12; n++) {
            const next = rotationState(policy, day(n * 90));
            const changed = SLOTS.filter((_s, i) => previous.slots[i]!.key !== next.slots[i]!.key);
            assert.deepEqual(changed, [n % 2 === 0 ? "a" : "b"], `boundary ${n}`);
            assert.equal(next.newest, changed[0]);
            previous = next;
        }
    });

    it("end dates are window start + 3P, RFC 3339 without fractional seconds", () => {
        const w = slotWindow(policy, "b", day(100));
        assert.equal(rfc3339(w.start), "2025-04-06T00:00:00Z");
        assert.equal(rfc3339(w.endDate), rfc3339(day(90 + 270)));
        assert.match(rfc3339(w.endDate), /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    });

    it("works before the epoch (floor division)", () => {
        assert.equal(windowIndex(policy, day(-1)), -1);
        assert.equal(rfc3339(slotWindow(policy, "b", day(-1)).start), rfc3339(day(-90)));
    });

    it("daily up for 3 years: overlap, lifetime and freshness invariants hold", () => {
        const ups = Array.from({ length: 3 * 366 }, (_, i) => day(i).getTime() + 6 * 3600_000);
        checkSchedule(policy, ups, ups.at(-1)!);
    });

    it("worst case: up exactly every P days just before each boundary, for 3 years", () => {
        const ups = Array.from({ length: 13 }, (_, i) => day(90 * (i + 1)).getTime() - 60_000);
        checkSchedule(policy, ups, ups.at(-1)! + 90 * DAY_MS - 1);
    });

    it("any schedule with gaps of at most P days, any P and epoch (property, simulated daily over 2+ years)", () => {
        fc.assert(
            fc.property(
                fc.integer({ min: 7, max: 120 }),
                fc.integer({ min: -400, max: 400 }),
                fc.array(fc.double({ min: 0.01, max: 1, noNaN: true }), { minLength: 30, maxLength: 60 }),
                (periodDays, epochShift, fractions) => {
                    const p: RotationPolicy = { epoch: day(epochShift), periodDays };
                    const ups: number[] = [day(0).getTime()];
                    while (ups.length < 400 && ups.at(-1)! - ups[0]! < 2 * 366 * DAY_MS) {
                        const f = fractions[ups.length % fractions.length]!;
                        ups.push(ups.at(-1)! + Math.max(1, Math.floor(f * periodDays * DAY_MS)));
                    }
                    checkSchedule(p, ups, ups.at(-1)! + periodDays * DAY_MS - 1);
                },
            ),
            { numRuns: 25 },
        );
    });

    it("after a gap longer than 2P both slots rotate in one run (documented in docs/rotation.md)", () => {
        const { runs } = simulate(policy, [day(1).getTime(), day(400).getTime()]);
        assert.equal(runs[1]!.replaced.length, 2);
    });

    it("parseEpoch accepts real UTC dates only", () => {
        assert.equal(parseEpoch("2025-01-06")?.toISOString(), "2025-01-06T00:00:00.000Z");
        for (const bad of ["2025-02-30", "2025-1-6", "06.01.2025", "2025-01-06T00:00:00Z"])
            assert.equal(parseEpoch(bad), undefined, bad);
    });
});
