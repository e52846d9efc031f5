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
import { previewOutputs, UNKNOWN } from "../../offline/mocks";
import type { Registered } from "../../offline/evaluate";
import { resource } from "./fixtures";
import { ALL_RULES } from "../policies";
import { T as KIT_T, UNKNOWN_SENTINELS } from "../policies/kit";
import narrowScope from "../policies/roleAssignment/narrowScope";
import notPrivileged from "../policies/roleAssignment/notPrivileged";
import ai01 from "../policies/appInsights/workspaceBased";

const T = {
    ...KIT_T,
    resourceGroup: "azure-native:resources:ResourceGroup",
    logAnalytics: "azure-native:operationalinsights:Workspace",
} as const;
const linkedRule = ALL_RULES.find((r) => r.name === "first-preview-linked-inputs")!;
const productionStack = ALL_RULES.find((r) => r.name === "hardened-in-production")!;
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

/** A resource as a first preview registers it: `inputs` may hold UNKNOWN, outputs are its preview outputs. */
function created(
    type: string,
    name: string,
    inputs: Record<string, unknown>,
    from: Record<string, readonly Registered[]> = {},
): Registered {
    const r = resource(type, name, {}, {}, { propertyDependencies: from });
    return { ...r, id: "", inputs, outputs: previewOutputs(type, name, inputs) };
}

describe("first preview: rules whose input is a new resource's id", () => {
    const rg = created(T.resourceGroup, "rg", { resourceGroupName: "rg-team-dev" });
    const uai = created(T.userAssignedIdentity, "ws-id", { resourceName: "id-ws" });
    const assignment = (role: string, source: Registered, description = "aml-stamp: test"): Registered =>
        created(
            T.roleAssignment,
            `ra-${source.name}`,
            { scope: UNKNOWN, roleDefinitionId: role, principalId: "p", principalType: "Group", description },
            { scope: [source] },
        );
    const READER = "/providers/Microsoft.Authorization/roleDefinitions/acdd72a7-3385-48ef-bd42-f606fba81ae7";
    const CONTRIBUTOR = "/providers/Microsoft.Authorization/roleDefinitions/b24988ac-6180-42a0-ab88-20f7382dd24c";

    it("the @pulumi/policy sentinels are the installed proxy's", () => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const proxy = require("@pulumi/policy/proxy") as Record<string, unknown>;
        const installed = Object.entries(proxy).filter(([k]) => /^unknown\w+Value$/.test(k));
        assert.equal(installed.length, UNKNOWN_SENTINELS.size);
        for (const [, v] of installed) assert.ok(UNKNOWN_SENTINELS.has(String(v)));
    });

    it("RA-03: an unknown scope from a resource group is decided by the stack half, without a can't-run", async () => {
        const vs = await runPolicies([rg, assignment(READER, rg)], { rules: [narrowScope, linkedRule] });
        assert.deepEqual(vs, []);
    });

    it("RA-03: an unknown scope from a type the rule cannot place is a mandatory finding", async () => {
        const group = created(T.group, "g", { displayName: "g" });
        const vs = await runPolicies([group, assignment(READER, group)], { rules: [narrowScope, linkedRule] });
        // The stack half speaks for each rule it decides for (RA-02 and RA-03 both read the scope).
        assert.deepEqual(
            vs.map((v) => [
                v.enforcement,
                /\[(RA-0\d)\].*cannot be decided in this preview: scope .*group/.exec(v.message)?.[1],
            ]),
            [
                ["mandatory", "RA-02"],
                ["mandatory", "RA-03"],
            ],
        );
    });

    it("RA-02: the reviewed exception is decided from the scope's resource type", async () => {
        const marked = "aml-stamp: ws identity: [reviewed exception WS-UAI-CONTRIBUTOR] Contributor";
        const st = created(T.storage, "st", { accountName: "stteam" });
        const ok = await runPolicies([st, assignment(CONTRIBUTOR, st, marked)], { rules: [notPrivileged, linkedRule] });
        assert.deepEqual(ok, []);
        const bad = await runPolicies([rg, assignment(CONTRIBUTOR, rg, marked)], {
            rules: [notPrivileged, linkedRule],
        });
        assert.equal(bad.length, 1);
        assert.match(bad[0]!.message, /\[RA-02\].*privileged/);
        void uai;
    });

    it("AI-01: a workspaceResourceId from a new Log Analytics workspace decides; none still fails", async () => {
        const log = created(T.logAnalytics, "log", { workspaceName: "log" });
        const appi = (ws: string | undefined, from: Record<string, readonly Registered[]>): Registered =>
            created(
                T.insights,
                "appi",
                { resourceName: "appi", ...(ws !== undefined ? { workspaceResourceId: ws } : {}) },
                from,
            );
        assert.deepEqual(
            await runPolicies([log, appi(UNKNOWN, { workspaceResourceId: [log] })], { rules: [ai01, linkedRule] }),
            [],
        );
        const missing = await runPolicies([appi(undefined, {})], { rules: [ai01, linkedRule] });
        assert.equal(missing.length, 1);
        assert.match(missing[0]!.message, /workspaceResourceId must be set/);
    });

    it("hardened-in-production runs each inner rule on its own and reads unknown tags without can't-run", async () => {
        const vs = await runPolicies([rg, uai], { rules: [productionStack] });
        assert.deepEqual(vs.filter(cannotRun), []);
    });
});
