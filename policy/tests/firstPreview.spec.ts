/**
 * The first `pulumi preview` of a new stack: every resource is a create, so ids and computed outputs are unknown
 * (offline/mocks.ts previewMocks), and @pulumi/policy turns a policy's read of an unknown value into an advisory
 * "can't run … during preview" (proxy.js UnknownValueError, server.js). No mandatory policy may be lost that way on
 * any committed stack nor on the stack `new-team --production` writes: each one decides, or says as a mandatory
 * finding that it cannot. Each scenario is evaluated once.
 */
import assert from "node:assert/strict";
import { parseConfig } from "../../config";
import { evaluate, type Evaluation, type EvaluateOptions } from "../../offline/evaluate";
import { UNKNOWN } from "../../offline/mocks";
import {
    cannotRun,
    lostCoverage,
    mandatory,
    policyConfigFor,
    runPolicies,
    type Violation,
} from "../../offline/policies";
import { listStacks, readStackConfig, ROOT } from "../../offline/stackConfig";
import { newTeamProductionStack } from "../../tests/helpers";

interface Scenario {
    readonly label: string;
    readonly options: EvaluateOptions & { readonly stack: string };
}

function scenarios(): Scenario[] {
    const prod = newTeamProductionStack();
    return [
        ...listStacks().map((stack) => ({ label: stack, options: { stack } })),
        { label: "new-team --production", options: { stack: prod.stack, stackDoc: { config: prod.config } } },
    ];
}

interface Run {
    readonly evaluation: Evaluation;
    readonly violations: Violation[];
}

async function firstPreview(s: Scenario): Promise<Run> {
    const evaluation = await evaluate({ ...s.options, preview: "first" });
    const raw = readStackConfig(s.options.stack, {}, ROOT, s.options.stackDoc);
    const violations = await runPolicies(evaluation.resources, { config: policyConfigFor(parseConfig(raw.config)) });
    return { evaluation, violations };
}

const show = (vs: readonly Violation[]): string =>
    vs.map((v) => `${v.policy} ${v.resource === "" ? "(stack)" : v.resource}: ${v.message}`).join("\n");

describe("first preview of a new stack", function () {
    this.timeout(300_000);
    const all = scenarios();
    const runs = new Map<string, Run>();
    before(async () => {
        for (const s of all) runs.set(s.label, await firstPreview(s));
    });

    it("covers the committed stacks dev and vision-dev and a new-team --production stack", () => {
        const labels = all.map((s) => s.label);
        for (const stack of ["dev", "vision-dev", "new-team --production"]) assert.ok(labels.includes(stack), stack);
    });

    it("is a first preview: new resources have unknown ids and computed outputs, policies meet unknown inputs", () => {
        const { evaluation } = runs.get("dev")!;
        const custom = evaluation.resources.filter((r) => r.custom);
        assert.ok(custom.length > 0);
        for (const r of custom) assert.equal(r.id, "", `${r.name} has no id in a first preview`);
        const ra = custom.filter((r) => r.type === "azure-native:authorization:RoleAssignment");
        assert.ok(ra.length > 0);
        assert.ok(
            ra.every((r) => r.inputs["scope"] === UNKNOWN),
            "a role assignment's scope comes from a new resource's id",
        );
    });

    for (const s of all) {
        it(`${s.label}: no mandatory policy "can't run"`, () => {
            const { violations } = runs.get(s.label)!;
            assert.equal(show(lostCoverage(violations)), "");
        });

        it(`${s.label}: no mandatory finding (each rule decided and passed)`, () => {
            const { violations } = runs.get(s.label)!;
            assert.equal(show(mandatory(violations)), "");
        });
    }

    it('the finished-up evaluation of the same stacks has no "can\'t run" at all', async () => {
        const e = await evaluate({ stack: "dev" });
        const raw = readStackConfig("dev");
        const vs = await runPolicies(e.resources, { config: policyConfigFor(parseConfig(raw.config)) });
        assert.deepEqual(vs.filter(cannotRun), []);
    });
});
