/**
 * Evaluates the Pulumi program for one stack under the mock runtime: no cloud call, no Pulumi CLI. Used by the
 * offline plan and by the tests. Records every registered resource with its inputs, its outputs as the engine would
 * hold them (mocks.ts; additionalSecretOutputs marked secret), its dependencies and propertyDependencies and resource
 * options, the stack outputs (with their secrecy), and the access matrix the components registered.
 */
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import * as debuggableModule from "@pulumi/pulumi/runtime/debuggable";
import { mocksFor, UNKNOWN } from "./mocks";
import { GRANTS_OUTPUT, type GrantRecord } from "../components/access";
import { ROOT, readProject, readStackConfig } from "./stackConfig";
import { parseConfig, type StackConfig } from "../config";

/**
 * The SDK takes a stack trace for every promise it tracks (@pulumi/pulumi runtime/debuggable.js `debuggablePromise`:
 * `_debugStackTrace: new Error().stack`, thousands per evaluation) and reads it only to describe a leaked promise
 * when PULUMI_DEBUG_PROMISE_LEAKS is set (`promiseDebugString`). Offline, without it, the trace is taken with no
 * frames: a quarter of an evaluation's time. Everything else (leak tracking, the exit check, rejections) is the SDK's.
 */
function skipUnreadPromiseTraces(): void {
    // Internal to the SDK: its declarations are empty. The module is an ES module object, so this is its exports.
    const debuggable = debuggableModule as unknown as {
        debugPromiseLeaks?: boolean;
        debuggablePromise?: (p: Promise<unknown>, ctx: unknown) => Promise<unknown>;
    };
    const track = debuggable.debuggablePromise;
    if (typeof track !== "function" || (track as { withoutTrace?: true }).withoutTrace) return;
    const withoutTrace = (p: Promise<unknown>, ctx: unknown): Promise<unknown> => {
        if (debuggable.debugPromiseLeaks) return track(p, ctx);
        const limit = Error.stackTraceLimit;
        Error.stackTraceLimit = 0;
        try {
            return track(p, ctx);
        } finally {
            Error.stackTraceLimit = limit;
        }
    };
    debuggable.debuggablePromise = Object.assign(withoutTrace, { withoutTrace: true as const });
}
skipUnreadPromiseTraces();

const SECRET_SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

/** One registered resource, as the engine would have received it. */
export interface Registered {
    readonly urn: string;
    /** The id the provider returned ("" for a component). */
    readonly id: string;
    readonly type: string;
    readonly name: string;
    /** URN of the parent, or "" for top-level resources. */
    readonly parent: string;
    readonly custom: boolean;
    /** Inputs as sent, with secret values kept as `{secret: value}` wrappers (see `isSecretValue`). */
    readonly inputs: Record<string, unknown>;
    /**
     * Outputs as the engine records them: for a custom resource what the provider returned (mocks.ts: only the
     * properties the SDK declares as outputs), with `additionalSecretOutputs` marked secret as the engine marks them;
     * for a component what it registered with `registerOutputs`. Secret values are `{secret: value}` wrappers.
     */
    readonly outputs: Record<string, unknown>;
    /** URNs this resource depends on (`dependsOn` plus every resource an input came from), as the engine records. */
    readonly dependencies: readonly string[];
    /** Per input property, the URNs of the resources its value came from (the engine's `propertyDependencies`). */
    readonly propertyDependencies: Readonly<Record<string, readonly string[]>>;
    readonly options: {
        readonly protect: boolean;
        readonly deleteBeforeReplace: boolean;
        readonly replaceOnChanges: readonly string[];
        readonly ignoreChanges: readonly string[];
        readonly retainOnDelete: boolean;
        readonly aliases: number;
        readonly additionalSecretOutputs: readonly string[];
    };
}

/** A stack output: its plain value and whether Pulumi marks it secret. */
export interface StackOutput {
    readonly value: unknown;
    readonly secret: boolean;
}

export interface Evaluation {
    readonly stack: string;
    readonly project: string;
    readonly resources: readonly Registered[];
    readonly outputs: Record<string, StackOutput>;
    /** The access matrix of this evaluation: the grant records the components registered (registeredGrants). */
    readonly grants: readonly GrantRecord[];
    /**
     * The team stack's config as the program received it (config/ over the same values), for the plan's summary;
     * undefined for the platform project and for a test's own program or project folder.
     */
    readonly config?: StackConfig;
}

export interface EvaluateOptions {
    readonly stack?: string;
    /** Config overrides, by key (`team` or `aml-stamp:team`); `undefined` removes a key. */
    readonly config?: Record<string, unknown>;
    /** Stack file content to use instead of reading `Pulumi.<stack>.yaml`. */
    readonly stackDoc?: { config?: Record<string, unknown> };
    /** The program's entry module. Default: the project's index.ts. */
    readonly program?: string;
    /**
     * The project folder (its Pulumi.yaml and Pulumi.<stack>.yaml). Default: the repository root (the team project);
     * `PLATFORM_ROOT` for the platform project (platform/).
     */
    readonly root?: string;
    /**
     * `"first"`: run as the first `pulumi preview` of a new stack (dry run; every resource a create, so ids and
     * computed outputs are unknown: offline/mocks.ts previewMocks). The program's `apply`s on unknown values do not
     * run, as in a real preview, and the inputs and outputs recorded hold the wire sentinel `UNKNOWN` where the engine
     * would hold an unknown. Default: the outputs of a finished `up` (no unknowns).
     */
    readonly preview?: "first";
}

/** True for an input value the program marked secret. */
export function isSecretValue(value: unknown): value is { [SECRET_SIG_KEY]: string; value: unknown } {
    return (
        value !== null && typeof value === "object" && (value as Record<string, unknown>)[SECRET_SIG_KEY] === SECRET_SIG
    );
}

/** Inputs with secret wrappers replaced by their plain values (for assertions on content). */
export function unwrapSecrets(value: unknown): unknown {
    if (isSecretValue(value)) return unwrapSecrets(value.value);
    if (Array.isArray(value)) return value.map(unwrapSecrets);
    if (value !== null && typeof value === "object") {
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, unwrapSecrets(v)]));
    }
    return value;
}

/** Resolves an Output (or a plain value) to its value: the tests' `promiseOf`. */
export function promiseOf<T>(value: pulumi.Input<T>): Promise<T> {
    return new Promise((resolve) => pulumi.output(value).apply((v) => resolve(v as T)));
}

async function resolveOutput(value: unknown): Promise<StackOutput> {
    if (pulumi.Output.isInstance(value)) {
        const out = value as pulumi.Output<unknown>;
        // In a preview an unknown output never resolves through apply (@pulumi/pulumi output.js skips the callback);
        // the engine shows it as unknown. `isKnown` is the Output's own promise of that (output.d.ts, internal).
        const known = await (out as unknown as { isKnown: Promise<boolean> }).isKnown;
        if (!known) return { value: UNKNOWN, secret: await pulumi.isSecret(out) };
        const [inner, secret] = await Promise.all([promiseOf(out), pulumi.isSecret(out)]);
        const resolved = await resolveOutput(inner);
        return { value: resolved.value, secret: secret || resolved.secret };
    }
    if (Array.isArray(value)) {
        const items = await Promise.all(value.map(resolveOutput));
        return { value: items.map((i) => i.value), secret: items.some((i) => i.secret) };
    }
    if (value !== null && typeof value === "object" && !(value instanceof pulumi.Resource)) {
        const entries = await Promise.all(
            Object.entries(value).map(async ([k, v]) => [k, await resolveOutput(v)] as const),
        );
        return {
            value: Object.fromEntries(entries.map(([k, v]) => [k, v.value])),
            secret: entries.some(([, v]) => v.secret),
        };
    }
    return { value, secret: false };
}

/**
 * Forgets the program so that `require` runs it again: a Pulumi program declares its resources when its module body
 * runs, and each evaluation is a fresh deployment. Forgotten: the entry module and the project's own program
 * (`<root>/index.ts`, Pulumi.yaml `main`), which a test program may wrap (tests/programs/aliasRecorder.ts). The
 * modules they import (config/, lib/, components/, policy rules) are kept: they hold no state between evaluations
 * (the clock override lives on globalThis, lib/clock.ts), so loading them again would only cost time (docs/
 * performance.md) and give their classes a second identity (the program's ConfigError would fail `instanceof`
 * against the caller's; tests/evaluate.spec.ts).
 */
function forgetProgram(programPath: string, root: string): void {
    for (const entry of [programPath, path.join(root, "index.ts")]) delete require.cache[require.resolve(entry)];
}

/** The part of the mock monitor a recorder wraps (also tests/components/harness.ts). */
export interface MonitorLike {
    registerResource(req: RegisterRequest, callback: (err: unknown, resp?: { getUrn(): string }) => void): void;
}
/** A register-resource request as the monitor receives it (the getters the recorders read). */
export interface RegisterRequest {
    getType(): string;
    getName(): string;
    getParent(): string;
    getCustom(): boolean;
    getObject(): { toJavaScript(): Record<string, unknown> } | undefined;
    getProtect(): boolean | undefined;
    getDeletebeforereplace(): boolean;
    getReplaceonchangesList(): string[];
    getIgnorechangesList(): string[];
    getDependenciesList(): string[];
    getRetainondelete(): boolean | undefined;
    getAliasesList(): unknown[];
    getAdditionalsecretoutputsList(): string[];
    getPropertydependenciesMap(): { forEach(fn: (value: { getUrnsList(): string[] }, key: string) => void): void };
}
interface RegisterResponse {
    getUrn(): string;
    getObject(): StructLike | undefined;
    setObject(value: StructLike): void;
}
interface StructLike {
    toJavaScript(): Record<string, unknown>;
}

/** The state with each `additionalSecretOutputs` key marked secret (pulumi/pulumi step_executor.go does this). */
function markSecretOutputs(state: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
    const out = { ...state };
    for (const key of keys) {
        if (key === "id" || !(key in out) || isSecretValue(out[key])) continue;
        out[key] = { [SECRET_SIG_KEY]: SECRET_SIG, value: out[key] };
    }
    return out;
}

function toPlain(state: unknown): Record<string, unknown> {
    return (
        (state as { toJavaScript?: () => Record<string, unknown> } | undefined)?.toJavaScript?.() ??
        (state as Record<string, unknown> | undefined) ??
        {}
    );
}

/**
 * The access matrix: every component that grants roles registers its grant records as its `grants` output
 * (components/access.ts GRANTS_OUTPUT); they are read here from the recorded component outputs, in registration
 * order, as the engine's state holds them.
 */
function registeredGrants(resources: readonly Registered[]): GrantRecord[] {
    return resources.flatMap((r) => {
        const grants = r.custom ? undefined : unwrapSecrets(r.outputs[GRANTS_OUTPUT]);
        return Array.isArray(grants) ? (grants as GrantRecord[]) : [];
    });
}

let running = false;

/**
 * Evaluates the program for `stack` (default `dev`) under mocks. Throws what the program throws (a `ConfigError`
 * for invalid config, before any resource is declared). Evaluations run one at a time.
 */
export async function evaluate(options: EvaluateOptions = {}): Promise<Evaluation> {
    if (running) throw new Error("evaluate() is already running: evaluations share the Pulumi runtime");
    running = true;
    const stack = options.stack ?? "dev";
    const root = options.root ?? ROOT;
    const project = readProject(root).name;
    const failures: unknown[] = [];
    const onRejection = (reason: unknown): void => {
        failures.push(reason);
    };
    process.on("unhandledRejection", onRejection);
    try {
        const raw = readStackConfig(stack, options.config ?? {}, root, options.stackDoc);
        pulumi.runtime.setAllConfig(raw.config, raw.secretKeys);
        const firstPreview = options.preview === "first";
        await pulumi.runtime.setMocks(
            mocksFor(firstPreview ? "first-preview" : "finished"),
            project,
            stack,
            firstPreview,
        );

        const records: Omit<Registered, "outputs" | "id">[] = [];
        let pending = 0;
        const monitor = pulumi.runtime.getMonitor() as unknown as MonitorLike;
        const original = monitor.registerResource.bind(monitor);
        const mockMonitor = monitor as unknown as { resources: Map<string, { id: string | null; state: unknown }> };
        monitor.registerResource = (req, callback) => {
            pending++;
            original(req, (err, resp) => {
                pending--;
                if (!err && resp !== undefined) {
                    const response = resp as unknown as RegisterResponse;
                    const urn = response.getUrn();
                    const secretKeys = req.getAdditionalsecretoutputsList();
                    const object = response.getObject();
                    if (secretKeys.length > 0 && object !== undefined) {
                        // The mock monitor ignores additionalSecretOutputs; the engine marks those outputs secret
                        // before answering the program (pulumi/pulumi pkg/resource/deploy/step_executor.go).
                        const marked = markSecretOutputs(object.toJavaScript(), secretKeys);
                        const ctor = object.constructor as unknown as { fromJavaScript(v: unknown): StructLike };
                        response.setObject(ctor.fromJavaScript(marked));
                        const stored = mockMonitor.resources.get(urn);
                        if (stored !== undefined) stored.state = marked;
                    }
                    const propertyDependencies: Record<string, string[]> = {};
                    req.getPropertydependenciesMap().forEach((value, key) => {
                        propertyDependencies[key] = value.getUrnsList();
                    });
                    records.push({
                        urn,
                        type: req.getType(),
                        name: req.getName(),
                        parent: req.getParent(),
                        custom: req.getCustom(),
                        inputs: req.getObject()?.toJavaScript() ?? {},
                        dependencies: req.getDependenciesList(),
                        propertyDependencies,
                        options: {
                            protect: req.getProtect() ?? false,
                            deleteBeforeReplace: req.getDeletebeforereplace(),
                            replaceOnChanges: req.getReplaceonchangesList(),
                            ignoreChanges: req.getIgnorechangesList(),
                            retainOnDelete: req.getRetainondelete() ?? false,
                            aliases: req.getAliasesList().length,
                            additionalSecretOutputs: secretKeys,
                        },
                    });
                } else if (err) {
                    failures.push(err);
                }
                callback(err, resp);
            });
        };

        const programPath = options.program ?? path.join(root, "index.ts");
        forgetProgram(programPath, root);
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const program = require(programPath) as Record<string, unknown>;
        const outputs: Record<string, StackOutput> = {};
        for (const [key, value] of Object.entries(program)) {
            if (key === "__esModule") continue;
            outputs[key] = await resolveOutput(value);
        }
        // Wait until no registration is in flight for a few turns of the event loop.
        for (let quiet = 0; quiet < 5;) {
            await new Promise((r) => setImmediate(r));
            quiet = pending === 0 ? quiet + 1 : 0;
        }
        if (failures.length > 0) throw failures[0];
        // Outputs are read at the end, as the engine's final state: components' come from registerOutputs.
        const resources: Registered[] = records.map((r) => {
            const stored = mockMonitor.resources.get(r.urn);
            return { ...r, id: stored?.id ?? "", outputs: toPlain(stored?.state) };
        });
        // The program accepted these values, so they parse: the same values, the same rules (config/).
        const config = options.program === undefined && root === ROOT ? parseConfig(raw.config) : undefined;
        return { stack, project, resources, outputs, grants: registeredGrants(resources), config };
    } finally {
        process.off("unhandledRejection", onRejection);
        running = false;
    }
}
