/**
 * Test helpers over the shared offline runtime (offline): evaluate a stack with config overrides and look
 * at what it registered.
 */
import assert from "node:assert/strict";
import { type Evaluation, evaluate, type EvaluateOptions, type Registered, unwrapSecrets } from "../offline/evaluate";
import { PLATFORM_ROOT, readStackConfig } from "../offline/stackConfig";
import { ConfigError, parseConfig, type StackConfig } from "../config";
import { GUARDRAILS_ENV } from "../config/guardrails";
import { mocks } from "../offline/mocks";
import { hardenedValues } from "../lib/hardening";
import { type ComputeKind, T } from "./tokens";
import { parseNewTeamArgs } from "../scripts/newTeam";
import { planStackFile } from "../offline/stackFiles";

export { promiseOf, unwrapSecrets, isSecretValue } from "../offline/evaluate";
export type { Evaluation, Registered };

/**
 * Evaluations of this repository's own project, by what decides them: the options (an `undefined` override is a
 * removal, so it is kept in the key), the clock's instant (pinned, or today's date: rotation windows are days), and
 * the guardrails file. The program is deterministic in these, so one run evaluates each distinct scenario once.
 */
const evaluations = new Map<string, Promise<Evaluation>>();
const CLOCK = Symbol.for("aml-stamp.clock");
const MOCK_HOOKS = { newResource: mocks.newResource, call: mocks.call };

function scenarioKey(options: EvaluateOptions): string | undefined {
    // A test's own program or project folder can change between tests under the same path: never shared. The
    // repository's platform project is as fixed as the team project.
    if (options.program !== undefined) return undefined;
    if (options.root !== undefined && options.root !== PLATFORM_ROOT) return undefined;
    // A test that swaps a mock hook (Azure reporting a deployed value) evaluates a different world.
    if (mocks.newResource !== MOCK_HOOKS.newResource || mocks.call !== MOCK_HOOKS.call) return undefined;
    const pinned = (globalThis as { [CLOCK]?: () => Date })[CLOCK];
    const instant = pinned !== undefined ? pinned().toISOString() : new Date().toISOString().slice(0, 10);
    const opts = JSON.stringify(options, (_k, v: unknown) => (v === undefined ? "\u0000undefined" : v));
    return `${opts}|${instant}|${process.env[GUARDRAILS_ENV] ?? ""}`;
}

/** Deeply frozen, so a test that changes a shared evaluation fails at once instead of misleading the next one. */
function frozen<T>(value: T): T {
    if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
        Object.freeze(value);
        for (const v of Object.values(value)) frozen(v);
    }
    return value;
}

/**
 * Evaluates a stack (default `dev`) with config overrides under the shared mocks, once per distinct scenario in a
 * run (scenarioKey): the result is shared and frozen.
 */
export function evaluateStack(
    config: Record<string, unknown> = {},
    options: EvaluateOptions = {},
): Promise<Evaluation> {
    const all = { ...options, config };
    const key = scenarioKey(all);
    if (key === undefined) return evaluate(all);
    let found = evaluations.get(key);
    if (found === undefined) {
        found = evaluate(all).then(frozen);
        // A failed evaluation (a ConfigError a test expects) is not kept: the next caller gets its own rejection.
        found.catch(() => evaluations.delete(key));
        evaluations.set(key, found);
    }
    return found;
}

/** The `platform` scenario: the platform project's example stack with config overrides, shared like evaluateStack. */
export function evaluatePlatform(config: Record<string, unknown> = {}): Promise<Evaluation> {
    return evaluateStack(config, { root: PLATFORM_ROOT, stack: "example" });
}

/** Parses the dev stack's config with overrides, as the program would (pure: no Pulumi runtime). */
export function parseDev(overrides: Record<string, unknown> = {}): StackConfig {
    return parseConfig(readStackConfig("dev", overrides).config);
}

/** The resources of one type. */
export function ofType(e: Evaluation, type: string): Registered[] {
    return e.resources.filter((r) => r.type === type);
}

/** The role definition GUID of a role assignment's inputs (the last segment of its roleDefinitionId). */
export function roleGuid(assignment: Record<string, unknown>): string {
    return String(assignment["roleDefinitionId"]).split("/").pop() ?? "";
}

/** The inputs of every role assignment the stack declares to `principalId`. */
export function assignmentsTo(e: Evaluation, principalId: string): Record<string, unknown>[] {
    return ofType(e, T.roleAssignment)
        .map(inputs)
        .filter((i) => i["principalId"] === principalId);
}

/** The single resource of one type (fails when there are zero or several). */
export function one(e: Evaluation, type: string): Registered {
    const found = ofType(e, type);
    assert.equal(found.length, 1, `expected one resource of type ${type}, found ${found.length}`);
    return found[0]!;
}

/** A compute's inputs split as Azure nests them: `properties` (outer: computeType, …) and `properties.properties`. */
export function computeProps(computeInputs: Record<string, unknown>): {
    outer: Record<string, unknown>;
    inner: Record<string, unknown>;
} {
    const outer = computeInputs["properties"] as Record<string, unknown>;
    return { outer, inner: outer["properties"] as Record<string, unknown> };
}

/** The stack's Azure ML computes of one kind (`properties.computeType` of their inputs). */
export function computesOfKind(e: Evaluation, kind: ComputeKind): Registered[] {
    return ofType(e, T.compute).filter((r) => computeProps(inputs(r)).outer["computeType"] === kind);
}

/** Plain outputs (secret wrappers removed): what the provider returned, as the engine recorded it. */
export function outputs(r: Registered): Record<string, unknown> {
    return unwrapSecrets(r.outputs) as Record<string, unknown>;
}

/** Plain inputs (secret wrappers removed). */
export function inputs(r: Registered): Record<string, unknown> {
    return unwrapSecrets(r.inputs) as Record<string, unknown>;
}

/**
 * Asserts that `overrides` on the dev stack fail config validation with a problem for `aml-stamp:<key>` whose message
 * matches `pattern`, and that the error text names the key. Returns the whole message.
 */
export async function rejectsConfig(overrides: Record<string, unknown>, key: string, pattern: RegExp): Promise<string> {
    const err = await thrown(() => parseDev(overrides));
    assert.ok(err instanceof ConfigError, `expected a ConfigError, got ${String(err)}`);
    const problem = err.problems.find((p) => p.key === `aml-stamp:${key}`);
    assert.ok(problem, `no problem reported for aml-stamp:${key}; got ${err.message}`);
    assert.match(problem.message, pattern);
    assert.ok(err.message.includes(`aml-stamp:${key}`), "the message names the key");
    return err.message;
}

/** Runs `fn` and returns the error it throws (fails when it does not throw). */
export async function thrown(fn: () => unknown): Promise<Error> {
    try {
        await fn();
    } catch (err) {
        return err as Error;
    }
    throw new Error("expected an error, none was thrown");
}

const PRODUCTION_SUB = "00000000-0000-4000-8000-00000000b001";
export const PRODUCTION_SUBNET = `/subscriptions/${PRODUCTION_SUB}/resourceGroups/rg-hub/providers/Microsoft.Network/virtualNetworks/vnet-hub/subnets/snet-pe`;
export const PRODUCTION_ZONES = [
    `/subscriptions/${PRODUCTION_SUB}/resourceGroups/rg-dns/providers/Microsoft.Network/privateDnsZones/privatelink.api.azureml.ms`,
    `/subscriptions/${PRODUCTION_SUB}/resourceGroups/rg-dns/providers/Microsoft.Network/privateDnsZones/privatelink.notebooks.azure.net`,
    `/subscriptions/${PRODUCTION_SUB}/resourceGroups/rg-dns/providers/Microsoft.Network/privateDnsZones/privatelink.blob.core.windows.net`,
    `/subscriptions/${PRODUCTION_SUB}/resourceGroups/rg-dns/providers/Microsoft.Network/privateDnsZones/privatelink.file.core.windows.net`,
];

/** The dev stack turned production: what a production stack must state (docs/hardening.md). */
export const PRODUCTION: Record<string, unknown> = {
    environment: "prod",
    production: true,
    ...hardenedValues(),
    computeClusters: { cpu: { vmSize: "Standard_DS3_v2", maxNodes: 4 } },
    computeInstances: {},
    imageBuildCompute: "cpu",
    privateEndpointSubnetId: PRODUCTION_SUBNET,
    privateDnsZoneIds: PRODUCTION_ZONES,
};

/**
 * Runs `fn` with platform guardrails changed by `patch` (a temporary copy named by $AMLSTAMP_GUARDRAILS, removed
 * afterwards), e.g. `withGuardrails({conditionalAccess: {allowed: true}}, ...)`.
 */
export async function withGuardrails<T>(patch: Record<string, unknown>, fn: () => Promise<T> | T): Promise<T> {
    const fs = await import("fs");
    const os = await import("os");
    const path = await import("path");
    const { parse, stringify } = await import("yaml");
    const { GUARDRAILS_ENV, GUARDRAILS_FILE } = await import("../config/guardrails");
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aml-stamp-guardrails-"));
    const before = process.env[GUARDRAILS_ENV];
    try {
        const doc = parse(fs.readFileSync(GUARDRAILS_FILE, "utf8")) as Record<string, unknown>;
        const file = path.join(dir, "guardrails.yaml");
        fs.writeFileSync(file, stringify({ ...doc, ...patch }));
        process.env[GUARDRAILS_ENV] = file;
        return await fn();
    } finally {
        if (before === undefined) delete process.env[GUARDRAILS_ENV];
        else process.env[GUARDRAILS_ENV] = before;
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

/**
 * Overrides that turn the dev stack's automation.storeSecretInKeyVault on: config refuses it while a compute reads
 * the workspace vault (dev's cpu cluster has keyVaultSecrets), so the cluster loses keyVaultSecrets here.
 */
export function devWithSecretInVault(): Record<string, unknown> {
    const raw = readStackConfig("dev").config;
    const get = (k: string): Record<string, unknown> => JSON.parse(raw[`aml-stamp:${k}`]!) as Record<string, unknown>;
    const clusters = get("computeClusters") as Record<string, Record<string, unknown>>;
    const cpu = Object.fromEntries(Object.entries(clusters["cpu"]!).filter(([k]) => k !== "keyVaultSecrets"));
    return { automation: { ...get("automation"), storeSecretInKeyVault: true }, computeClusters: { cpu } };
}

/** The `--set` arguments a new-team `--production` stack needs: the private endpoint subnet and DNS zones. */
export const PRODUCTION_SETS: readonly string[] = [
    "--set",
    `privateEndpointSubnetId=${PRODUCTION_SUBNET}`,
    "--set",
    `privateDnsZoneIds=${JSON.stringify(PRODUCTION_ZONES)}`,
    // platform/guardrails.yaml budget.required.production: a production stack declares its budget.
    "--set",
    "budget.amount=5000",
    "--set",
    'budget.contactEmails=["risk@contoso.com"]',
];

/** What a CLI main() (new-team) printed, and the `io` it takes to print it. */
export function captureIo(): {
    out: string[];
    err: string[];
    io: { out: (t: string) => void; err: (t: string) => void };
} {
    const out: string[] = [];
    const err: string[] = [];
    return { out, err, io: { out: (t) => out.push(t), err: (t) => err.push(t) } };
}

/**
 * Runs a command's `main(argv, io)` in-process the way scripts/cli.ts runMain runs it as the process: its exit code
 * and what it wrote; an unexpected error is `<label> failed: <message>` on stderr and exit 1, as runMain prints it.
 */
export async function runCommand(
    label: string,
    main: (
        argv: readonly string[],
        io: { out: (t: string) => void; err: (t: string) => void },
    ) => number | Promise<number>,
    argv: readonly string[],
): Promise<{ status: number; stdout: string; stderr: string }> {
    const c = captureIo();
    let status: number;
    try {
        status = await main(argv, c.io);
    } catch (err) {
        c.io.err(`${label} failed: ${err instanceof Error ? err.message : String(err)}\n`);
        status = 1;
    }
    return { status, stdout: c.out.join(""), stderr: c.err.join("") };
}

/** The stack file `npm run new-team -- --production` writes for team risk, environment prod (plus `--set` extras). */
export function newTeamProductionStack(extra: readonly string[] = []): {
    stack: string;
    config: Record<string, unknown>;
} {
    const answers = parseNewTeamArgs(["--team", "risk", "--env", "prod", "--production", ...PRODUCTION_SETS, ...extra]);
    assert.ok(answers, "the new-team --production arguments parse");
    const plan = planStackFile(answers);
    return { stack: plan.stack, config: plan.config };
}
