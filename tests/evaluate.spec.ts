/**
 * The offline runtime's module handling (offline/evaluate.ts forgetProgram): every evaluation runs the program
 * afresh, and only the program. The modules it imports are loaded once per process, so their classes keep one
 * identity (a ConfigError thrown by the program is the caller's ConfigError) and a second evaluation does not pay
 * for loading config/, lib/ and components/ again.
 */
import assert from "node:assert/strict";
import * as path from "path";
import * as debuggableModule from "@pulumi/pulumi/runtime/debuggable";

const ROOT = path.join(__dirname, "..");

describe("offline runtime: what an evaluation reloads", () => {
    it("runs the program again on every evaluation (the same resources each time)", async () => {
        const { evaluate } = await import("../offline/evaluate");
        const first = await evaluate({ stack: "dev" });
        const second = await evaluate({ stack: "dev" });
        assert.ok(first.resources.length > 0);
        assert.deepEqual(
            second.resources.map((r) => r.urn),
            first.resources.map((r) => r.urn),
        );
    });

    it("keeps the modules the program imports: config/, lib/ and components/ are loaded once", async () => {
        const { evaluate } = await import("../offline/evaluate");
        await evaluate({ stack: "dev" });
        const kept = ["config/index.ts", "lib/roles.ts", "components/stamp.ts"].map((f) => path.join(ROOT, f));
        const before = kept.map((f) => require.cache[f]);
        for (const [i, m] of before.entries()) assert.ok(m !== undefined, `${kept[i]} is loaded by the program`);
        await evaluate({ stack: "vision-dev" });
        for (const [i, f] of kept.entries()) assert.equal(require.cache[f], before[i], `${f} was loaded again`);
    });

    it("a config error thrown by the program is an instance of the caller's ConfigError", async () => {
        const { evaluate } = await import("../offline/evaluate");
        const { ConfigError } = await import("../config/errors");
        const err = await evaluate({ stack: "dev", config: { location: "mars-central" } }).then(
            () => undefined,
            (e: unknown) => e,
        );
        assert.ok(err instanceof ConfigError, `expected a ConfigError, got ${String(err)}`);
        assert.match(err.message, /location/);
    });
});

describe("offline runtime: the SDK's promise tracking", () => {
    interface Debuggable {
        debugPromiseLeaks: boolean;
        debuggablePromise<T>(p: Promise<T>, ctx: unknown): Promise<T>;
    }
    type Tracked = Promise<number> & { _debugStackTrace?: string; _debugCtx?: unknown };
    // @pulumi/pulumi runtime/debuggable.js: internal, so no declarations.
    const debuggable = (): Debuggable => debuggableModule as unknown as Debuggable;

    it("takes no stack trace per promise unless PULUMI_DEBUG_PROMISE_LEAKS asks for leak reports", async () => {
        await import("../offline/evaluate");
        const p: Tracked = Promise.resolve(1);
        assert.equal(await debuggable().debuggablePromise(p, "ctx"), 1);
        assert.equal(p._debugCtx, "ctx", "the promise is still tracked, with its context");
        assert.equal(String(p._debugStackTrace), "Error", "no frames captured");
        const d = debuggable();
        d.debugPromiseLeaks = true;
        try {
            const q: Tracked = Promise.resolve(2);
            assert.equal(await d.debuggablePromise(q, "leak-debug"), 2);
            assert.match(String(q._debugStackTrace), /\n\s+at /, "with leak debugging on, the trace is taken");
        } finally {
            d.debugPromiseLeaks = false;
        }
    });

    it("still rejects with the promise attached, as the SDK does", async () => {
        await import("../offline/evaluate");
        const p = Promise.reject(new Error("boom"));
        const err = (await debuggable()
            .debuggablePromise(p, "ctx")
            .catch((e: unknown) => e)) as Error & { promise?: unknown };
        assert.equal(err.message, "boom");
        assert.equal(err.promise, p);
    });
});
