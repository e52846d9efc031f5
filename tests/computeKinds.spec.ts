/**
 * The registry of compute kinds is the one home of the concept (lib/computeKinds.ts): for every kind in it,
 * config declares it, the Stamp builds its component, the policy pack checks it where the registry says, and the
 * offline plan shows it. A new kind that is only half wired fails here (or does not compile: SAMPLE and IDLE_RULE are
 * typed by the registry's keys).
 */
import assert from "node:assert/strict";
import * as fs from "fs";
import * as path from "path";
import {
    type Evaluation,
    evaluateStack,
    ofType,
    parseDev,
    PRODUCTION,
    rejectsConfig,
    type Registered,
    withGuardrails,
} from "./helpers";
import { T } from "./tokens";
import { COMPUTE_KINDS, COMPUTE_KIND_LIST, type ComputeKindKey } from "../lib/computeKinds";
import { KIND_STACK_LIMITS } from "../config/guardrails";
import { REFUSED_IN_PRODUCTION } from "../config/hardening";
import { COMPUTE_PLAN_SETTINGS, KIND_PLAN_SETTINGS } from "../offline/plan/settings";
import { computeKeys } from "../config/compute";
import { resolveStamp } from "../config/spec";
import { lookupRole } from "../lib/roles";
import { runPolicies } from "../offline/policies";
import { planModel, type PlanResource, publicEndpoints } from "../offline/render";
import type { Rule } from "../policy/policies/kit";
import { mutate } from "../policy/tests/fixtures";
import localAuthDisabled from "../policy/policies/compute/localAuthDisabled";
import noPublicIp from "../policy/policies/compute/noPublicIp";
import noPublicSsh from "../policy/policies/compute/noPublicSsh";
import vmSizeAllowed from "../policy/policies/compute/vmSizeAllowed";
import clusterScalesToZero from "../policy/policies/compute/clusterScalesToZero";
import instanceIdleShutdown from "../policy/policies/compute/instanceIdleShutdown";
import builtinInVnet from "../policy/policies/compute/builtinInVnet";

/** One valid compute of each kind, as a stack file states it. */
const SAMPLE: Record<ComputeKindKey, Record<string, unknown>> = {
    cluster: { vmSize: "Standard_DS3_v2", maxNodes: 2 },
    instance: {
        userObjectId: "3f2a6c1e-8b4d-4e7a-9c5f-1d2e3f4a5b6c",
        vmSize: "Standard_DS11_v2",
        idleTimeBeforeShutdown: "PT60M",
    },
};

/** The rule that checks the kind's idle cost setting, and a value it refuses. */
const IDLE_RULE: Record<ComputeKindKey, readonly [Rule, unknown]> = {
    cluster: [clusterScalesToZero, 1],
    instance: [instanceIdleShutdown, "PT1M"],
};

const keyOf = (kind: { key: string }): string => `k-${kind.key}`;

/** The stack config declaring one sample compute of every kind. */
const EVERY_KIND = Object.fromEntries(COMPUTE_KIND_LIST.map((k) => [k.configKey, { [keyOf(k)]: SAMPLE[k.key] }]));

function flatten(nodes: readonly PlanResource[]): PlanResource[] {
    return nodes.flatMap((n) => [n, ...flatten(n.children)]);
}

describe("compute kinds: the registry is the one home (lib/computeKinds.ts)", () => {
    let e: Evaluation;
    const computeOf = (key: ComputeKindKey): Registered => {
        const found = ofType(e, T.compute).filter((r) => r.name.endsWith(`-${keyOf(COMPUTE_KINDS[key])}-compute`));
        assert.equal(found.length, 1, `one compute of kind ${key}`);
        return found[0]!;
    };
    before(async () => {
        e = await evaluateStack(EVERY_KIND);
    });

    it("every kind has its own key, Azure computeType, config key, label and component type", () => {
        for (const field of ["key", "computeType", "configKey", "label", "componentType"] as const) {
            const values = COMPUTE_KIND_LIST.map((k) => k[field]);
            assert.equal(new Set(values).size, values.length, `${field} is unique per kind`);
        }
        for (const [key, kind] of Object.entries(COMPUTE_KINDS)) assert.equal(kind.key, key);
    });

    for (const kind of COMPUTE_KIND_LIST) {
        describe(`${kind.key} (${kind.computeType})`, () => {
            it("config: its key is a config section key, declared in Pulumi.yaml, and its default grants resolve", () => {
                assert.ok(kind.configKey in computeKeys, `config/compute.ts declares ${kind.configKey}`);
                const project = fs.readFileSync(path.join(__dirname, "..", "Pulumi.yaml"), "utf8");
                assert.match(project, new RegExp(`^ {2}${kind.configKey}:$`, "m"));
                const spec = resolveStamp(parseDev(EVERY_KIND));
                const resolved = spec[kind.configKey][keyOf(kind)]!;
                assert.deepEqual(
                    resolved.roles.map((g) => `${g.role.name}@${g.scope}`),
                    kind.defaultGrants.map((g) => `${g.role}@${g.scope}`),
                );
                for (const g of [...kind.defaultGrants, ...kind.azureGrants]) assert.ok("role" in lookupRole(g.role));
            });

            it("config: a grant Azure makes itself for this kind is refused", async () => {
                for (const g of kind.azureGrants) {
                    const declared = { ...SAMPLE[kind.key], roles: [{ role: g.role, scope: g.scope }] };
                    await rejectsConfig(
                        { ...EVERY_KIND, [kind.configKey]: { [keyOf(kind)]: declared } },
                        `${kind.configKey}.${keyOf(kind)}.roles[0].role`,
                        /automatically/,
                    );
                }
            });

            it("config: the platform's per-stack cap (KIND_STACK_LIMITS) and the hardened profile (REFUSED_IN_PRODUCTION)", async () => {
                const stackLimit = KIND_STACK_LIMITS[kind.key];
                await withGuardrails({ [stackLimit.guardrail]: 0 }, () =>
                    rejectsConfig(EVERY_KIND, kind.configKey, new RegExp(`too many ${stackLimit.noun}`)),
                );
                const declared = { ...(PRODUCTION[kind.configKey] as object), [keyOf(kind)]: SAMPLE[kind.key] };
                const production = { ...PRODUCTION, [kind.configKey]: declared };
                if (REFUSED_IN_PRODUCTION[kind.key] === undefined) assert.doesNotThrow(() => parseDev(production));
                else await rejectsConfig(production, `${kind.configKey}.${keyOf(kind)}`, /^production stacks have no/);
            });

            it("component: its type token, computeType, description, replace list and options, outputs and grants", () => {
                const r = computeOf(kind.key);
                assert.ok(r.parent.includes(`${kind.componentType}::`), r.parent);
                const properties = r.inputs["properties"] as Record<string, unknown>;
                assert.equal(properties["computeType"], kind.computeType);
                assert.equal(properties["description"], kind.describe(keyOf(kind), "ml-platform", "dev"));
                assert.deepEqual([...r.options.replaceOnChanges], [...kind.replaceOnChanges]);
                assert.deepEqual([...r.options.ignoreChanges], [...kind.ignoreChanges]);
                assert.equal(r.options.deleteBeforeReplace, true);
                const out = e.outputs["computes"]!.value as Record<string, { kind: string }>;
                assert.equal(out[keyOf(kind)]!.kind, kind.key);
                const grants = e.grants.filter((g) => g.principal === `${kind.label} ${keyOf(kind)}`);
                assert.ok(grants.length >= kind.defaultGrants.length, `${kind.label} grants carry its label`);
            });

            it("policy: every compute rule checks this kind where the registry says, and the stamp's compute passes", async () => {
                const r = computeOf(kind.key);
                const [idleRule, idleBad] = IDLE_RULE[kind.key];
                const cases: [Rule, string, unknown][] = [
                    [localAuthDisabled, kind.localAuthPath, false],
                    [noPublicIp, kind.publicIpPath, true],
                    [noPublicSsh, kind.sshPath, "Enabled"],
                    [vmSizeAllowed, kind.vmSizePath, "big"],
                    [idleRule, kind.idleCostPath, idleBad],
                ];
                for (const [rule, at, bad] of cases) {
                    assert.deepEqual(await runPolicies([r], { rules: [rule] }), [], `${rule.name} passes the stamp's`);
                    const mutated = { ...r, inputs: mutate(r.inputs, at, bad) };
                    const found = await runPolicies([mutated], { rules: [rule] });
                    assert.equal(found.length, 1, `${rule.name} refuses ${at} = ${String(bad)}`);
                    assert.match(found[0]!.message, new RegExp(at.replace(/\./g, "\\.")));
                }
                const inSubnet = { ...r, inputs: mutate(r.inputs, kind.subnetPath, "/subnets/snet") };
                assert.equal((await runPolicies([r], { rules: [builtinInVnet] })).length, 1);
                assert.deepEqual(await runPolicies([inSubnet], { rules: [builtinInVnet] }), []);
            });

            it("plan: its settings, its public IP and, where a replacement loses a disk, that warning", () => {
                const r = computeOf(kind.key);
                const node = flatten(planModel(e).resources).find((n) => n.name === r.name)!;
                const shown = Object.keys(node.settings);
                const own = KIND_PLAN_SETTINGS[kind.key].map((k) => `properties.properties.${k}`);
                const expected = [...COMPUTE_PLAN_SETTINGS, ...own].filter((k) => shown.includes(k));
                assert.deepEqual(shown, expected, "the common settings, then the kind's, in the registry's order");
                for (const k of ["properties.computeType", kind.vmSizePath]) assert.ok(shown.includes(k), k);
                const exposure = publicEndpoints([r]);
                assert.equal(exposure.length, 1);
                assert.match(exposure[0]!.why, /^enableNodePublicIp: /);
                assert.equal(
                    node.notes.some((n) => n.includes(`DELETES and recreates this ${kind.label}`)),
                    kind.replaceLosesDisk,
                );
            });
        });
    }
});
