/**
 * scripts/register.js, the preload of the plan, the scripts and these tests: stack traces point at .ts lines (type-only
 * lines are dropped, so JS and TS lines differ); the SDK's function serializer loads on first use (sdkOnDemand.js).
 */
import assert from "node:assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { spawnSync } from "child_process";
import { projectSources } from "../scripts/register.js";

interface Shape {
    readonly a: number;
    readonly b: string;
}

function stackHere(_shape: Shape): string {
    return new Error("here").stack ?? "";
}

/** A promise the Pulumi SDK tracks, made here (line 32), and the stack trace the SDK keeps on it. */
async function trackedHere(): Promise<unknown> {
    // debuggablePromise is @internal (not in the SDK's declarations): typed here as runtime/debuggable.js defines it.
    const debuggable = (await import("@pulumi/pulumi/runtime/debuggable")) as unknown as {
        debugPromiseLeaks: boolean;
        debuggablePromise: <T>(p: Promise<T>, ctx: unknown) => Promise<T>;
    };
    const p = Promise.resolve() as Promise<void> & { _debugStackTrace?: unknown };
    // With leak reports asked for, as the offline runtime takes no trace otherwise (offline/evaluate.ts).
    debuggable.debugPromiseLeaks = true;
    try {
        await debuggable.debuggablePromise(p, "test");
    } finally {
        debuggable.debugPromiseLeaks = false;
    }
    return p._debugStackTrace;
}

describe("scripts/register.js", () => {
    it("maps stack traces to the .ts source line", () => {
        const stack = stackHere({ a: 1, b: "x" });
        // `return new Error("here").stack` is on line 18 of this file.
        assert.match(stack, /register\.spec\.ts:18:\d+/);
    });

    it("maps the SDK's promise stack traces (with leak reports asked for) to the .ts source", async () => {
        const kept = await trackedHere();
        const trace = `${kept as string}`;
        assert.match(
            trace,
            /^Error\n    at (Object\.)?debuggablePromise \(.*@pulumi[\\/]pulumi[\\/]runtime[\\/]debuggable\.js:\d+:\d+\)/,
        );
        // `await debuggable.debuggablePromise(p, "test")` is on line 32 of this file.
        assert.match(trace, /at trackedHere \(.*register\.spec\.ts:32:\d+\)/);
        // Formatted once: reading it again gives the same text.
        assert.equal(`${kept as string}`, trace);
    });

    it("any other error gets its stack trace as a string, at once", () => {
        const stack = new Error("").stack;
        assert.equal(typeof stack, "string");
    });

    it("transpiles into the cache directory and reuses it", () => {
        const cache = fs.mkdtempSync(path.join(os.tmpdir(), "aml-stamp-tscache-"));
        try {
            const run = (): string => {
                const r = spawnSync(
                    process.execPath,
                    ["-r", "./scripts/register.js", "-e", 'console.log(require("./lib/uuid").deterministicUuid("a"))'],
                    {
                        cwd: path.join(__dirname, ".."),
                        env: { ...process.env, AML_STAMP_TS_CACHE: cache },
                        encoding: "utf8",
                    },
                );
                assert.equal(r.status, 0, r.stderr);
                return r.stdout;
            };
            const first = run();
            const entries = fs.readdirSync(cache, { recursive: true }).filter((f) => String(f).endsWith(".js"));
            assert.ok(entries.length > 0, "the first run fills the cache");
            assert.equal(run(), first);
        } finally {
            fs.rmSync(cache, { recursive: true, force: true });
        }
    });

    it("projectSources: the .ts files tsconfig.json includes, as the type-check's program has them", async () => {
        const ts = await import("typescript");
        const root = path.join(__dirname, "..");
        const parsed = ts.getParsedCommandLineOfConfigFile(
            path.join(root, "tsconfig.json"),
            {},
            {
                ...ts.sys,
                onUnRecoverableConfigFileDiagnostic: (d) => assert.fail(String(d.messageText)),
            },
        );
        const expected = parsed!.fileNames.filter((f) => !f.endsWith(".d.ts")).map((f) => path.resolve(f));
        assert.deepEqual([...projectSources()].sort(), expected.sort());
    });

    it("warmCache transpiles what is not cached yet, once, into the entries the loader reads", () => {
        const cache = fs.mkdtempSync(path.join(os.tmpdir(), "aml-stamp-tscache-"));
        const node = (code: string): string => {
            const r = spawnSync(process.execPath, ["-e", code], {
                cwd: path.join(__dirname, ".."),
                env: { ...process.env, AML_STAMP_TS_CACHE: cache },
                encoding: "utf8",
            });
            assert.equal(r.status, 0, r.stderr);
            return r.stdout.trim();
        };
        const entries = (): string[] =>
            fs
                .readdirSync(cache, { recursive: true })
                .map(String)
                .filter((f) => f.endsWith(".js"))
                .sort();
        try {
            const warm = `const r = require("./scripts/register.js");
                const files = ["lib/uuid.ts", "lib/rotation.ts"].map((f) => require("path").resolve(f));
                console.log(JSON.stringify([r.warmCache(files), r.warmCache(files)]));`;
            assert.deepEqual(JSON.parse(node(warm)), [2, 0]);
            const warmed = entries();
            assert.equal(warmed.length, 2);
            // Loading a warmed file transpiles nothing: the cache holds exactly what it held.
            node(`require("./scripts/register.js"); require("./lib/uuid");`);
            assert.deepEqual(entries(), warmed);
        } finally {
            fs.rmSync(cache, { recursive: true, force: true });
        }
    });

    it("loads @pulumi/pulumi without its function serializer, which still works when called", () => {
        // A process of its own: what a fresh offline process loads is under test (this worker has loaded more).
        const probe = `
            const pulumi = require("@pulumi/pulumi");
            const loaded = (m) => Object.keys(require.cache).some((k) => k.includes("/node_modules/" + m + "/"));
            const before = { typescript: loaded("typescript"), arborist: loaded("@npmcli/arborist") };
            const dir = require("path").dirname(require.resolve("@pulumi/pulumi"));
            const standIns = ["serializeClosure", "codePaths"].map((m) => {
                const file = require("path").join(dir, "runtime", "closure", m + ".js");
                return [m, Object.keys(require.cache[file].exports).sort()];
            });
            // computeCodePaths walks node_modules (0.7 s): the same stand-in forwards the cheaper findWorkspaceRoot.
            const codePaths = require.cache[require("path").join(dir, "runtime", "closure", "codePaths.js")].exports;
            Promise.all([pulumi.runtime.serializeFunction(() => 42), codePaths.findWorkspaceRoot(process.cwd())]).then(
                ([f, root]) => {
                    const real = ["serializeClosure", "codePaths"].map((m) => {
                        const file = require("path").join(dir, "runtime", "closure", m + ".js");
                        return [m, Object.keys(require.cache[file].exports).sort()];
                    });
                    console.log(JSON.stringify({ before, standIns, real, text: f.text.includes("42"), root }));
                },
            );
        `;
        const r = spawnSync(process.execPath, ["-r", "./scripts/register.js", "-e", probe], {
            cwd: path.join(__dirname, ".."),
            encoding: "utf8",
        });
        assert.equal(r.status, 0, r.stderr);
        const seen = JSON.parse(r.stdout) as {
            before: Record<string, boolean>;
            standIns: [string, string[]][];
            real: [string, string[]][];
            text: boolean;
            root: string | null;
        };
        assert.deepEqual(seen.before, { typescript: false, arborist: false }, "loaded with the SDK");
        // The stand-ins export what the SDK's modules export (an SDK upgrade that changes them fails here).
        assert.deepEqual(seen.standIns, seen.real);
        assert.equal(seen.text, true, "serializeFunction serializes through the stand-in");
        // No package.json above this one declares npm workspaces: the SDK's answer is null.
        assert.equal(seen.root, null, "findWorkspaceRoot runs through the stand-in");
    });
});
