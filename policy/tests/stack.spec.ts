import assert from "node:assert/strict";
import { resource, RG, violations } from "./fixtures";
import { T } from "../policies/kit";
import { ALL_RULES } from "../policies";
import cp03 from "../policies/compute/networkIsolated";
import ws06 from "../policies/workspace/diagnostics";
import st13 from "../policies/storage/blobSoftDelete";
import ra01ids from "../policies/roleAssignment/principalTypeMatches";
import ra04 from "../policies/roleAssignment/count";
import {
    hardenedInProduction,
    hardenedResourcesInProduction,
    isProductionStack,
} from "../policies/production/hardenedInProduction";
import type { Registered } from "../../offline/evaluate";
import type { Rule } from "../policies/kit";

const WS_ID = `${RG}/providers/Microsoft.MachineLearningServices/workspaces/mlw`;
const ws = (mode: string): Registered =>
    resource(T.workspace, "mlw", { workspaceName: "mlw", managedNetwork: { isolationMode: mode } });
const compute = (subnet?: string): Registered =>
    resource(T.compute, "cpu", {
        properties: { computeType: "AmlCompute", properties: subnet === undefined ? {} : { subnet: { id: subnet } } },
    });
// Stack rules see outputs: the setting reaches its workspace only through propertyDependencies.resourceUri.
const diag = (enabled: boolean, workspaceId = "log", target: Registered = ws("Disabled")): Registered =>
    resource(
        T.diagnostics,
        "mlw-diag",
        { resourceUri: WS_ID, workspaceId, logs: [{ categoryGroup: "allLogs", enabled }] },
        {},
        { propertyDependencies: { resourceUri: [target] } },
    );
const st = resource(T.storage, "st", { accountName: "stteam" });
const other = resource(T.storage, "other", { accountName: "stother" });
const blob = (enabled: boolean, account: Registered = st): Registered =>
    resource(
        T.blobService,
        "st-blob",
        { accountName: "stteam", blobServicesName: "default", deleteRetentionPolicy: { enabled, days: 7 } },
        {},
        { propertyDependencies: { accountName: [account] } },
    );
const mi = resource(
    T.compute,
    "cpu",
    { identity: { type: "SystemAssigned" } },
    { identity: { type: "SystemAssigned", principalId: "aaaaaaaa-0000-4000-8000-000000000001" } },
);
// A user-assigned identity the stack creates; its principal id is a top-level output.
const uai = resource(
    T.userAssignedIdentity,
    "cpu-id",
    { resourceName: "id-team-dev-cpu" },
    { principalId: "aaaaaaaa-0000-4000-8000-000000000001" },
);
// The assignment reaches its principal through propertyDependencies.principalId (known during a preview).
const ra = (principalType: string, principal?: Registered): Registered =>
    resource(
        T.roleAssignment,
        "cpu-blob-reader",
        { principalId: "aaaaaaaa-0000-4000-8000-000000000001", principalType, scope: RG },
        {},
        principal === undefined ? {} : { propertyDependencies: { principalId: [principal] } },
    );
const sp = resource(
    T.servicePrincipal,
    "automation",
    { clientId: "c" },
    { objectId: "bbbbbbbb-0000-4000-8000-000000000002" },
);
const group = resource(T.group, "readers", { displayName: "readers" });
const raSp = (principalType: string, principal: Registered = sp): Registered =>
    resource(
        T.roleAssignment,
        "automation-ds",
        { principalId: "bbbbbbbb-0000-4000-8000-000000000002", principalType, scope: RG },
        {},
        { propertyDependencies: { principalId: [principal] } },
    );

interface StackCase {
    readonly title: string;
    readonly rule: Rule;
    readonly compliant: Registered[];
    readonly mutated: Registered[];
    readonly expect: RegExp;
    readonly config?: Record<string, unknown>;
}

const CASES: StackCase[] = [
    {
        title: "compute without subnet in a workspace without managed network",
        rule: cp03,
        compliant: [ws("AllowInternetOutbound"), compute()],
        mutated: [ws("Disabled"), compute()],
        expect: /subnet/,
    },
    {
        title: "a subnet satisfies CP-03 without a managed network (mutation: subnet removed)",
        rule: cp03,
        compliant: [ws("Disabled"), compute(`${RG}/providers/Microsoft.Network/virtualNetworks/v/subnets/s`)],
        mutated: [ws("Disabled"), compute()],
        expect: /subnet/,
    },
    {
        title: "workspace diagnostics with logs disabled",
        rule: ws06,
        compliant: [ws("Disabled"), diag(true)],
        mutated: [ws("Disabled"), diag(false)],
        expect: /no diagnostic setting/,
    },
    {
        title: "workspace diagnostics without a Log Analytics workspace",
        rule: ws06,
        compliant: [ws("Disabled"), diag(true)],
        mutated: [ws("Disabled"), diag(true, "")],
        expect: /no diagnostic setting/,
    },
    {
        title: "a diagnostic setting of another resource (engine-shaped: resourceUri is not an output)",
        rule: ws06,
        compliant: [ws("Disabled"), diag(true)],
        mutated: [ws("Disabled"), diag(true, "log", other)],
        expect: /no diagnostic setting/,
    },
    {
        title: "blob soft delete off",
        rule: st13,
        compliant: [st, blob(true)],
        mutated: [st, blob(false)],
        expect: /deleteRetentionPolicy/,
    },
    {
        title: "blob soft delete on another account",
        rule: st13,
        compliant: [st, blob(true)],
        mutated: [st, other, blob(true, other)],
        expect: /deleteRetentionPolicy/,
    },
    {
        title: "managed identity assigned as User",
        rule: ra01ids,
        compliant: [mi, ra("ServicePrincipal", mi)],
        mutated: [mi, ra("User", mi)],
        expect: /comes from cpu, a ServicePrincipal created by this stack/,
    },
    {
        title: "user-assigned identity assigned as Group",
        rule: ra01ids,
        compliant: [uai, ra("ServicePrincipal", uai)],
        mutated: [uai, ra("Group", uai)],
        expect: /comes from cpu-id, a ServicePrincipal created by this stack/,
    },
    {
        title: "service principal assigned as Group",
        rule: ra01ids,
        compliant: [sp, raSp("ServicePrincipal")],
        mutated: [sp, raSp("Group")],
        expect: /a ServicePrincipal created by this stack/,
    },
    {
        title: "group assigned as User",
        rule: ra01ids,
        compliant: [group, raSp("Group", group)],
        mutated: [group, raSp("User", group)],
        expect: /comes from readers, a Group created by this stack/,
    },
    {
        title: "more role assignments than the stack's share",
        rule: ra04,
        config: { maxRoleAssignments: 1 },
        compliant: [ra("Group")],
        mutated: [ra("Group"), raSp("Group")],
        expect: /2 role assignments, more than its share of 1/,
    },
];

describe("policy pack: stack rules (compliant fixture, one mutation per test)", () => {
    for (const c of CASES) {
        it(`${c.rule.id} ${c.rule.name}: passes the compliant stack`, async () => {
            assert.deepEqual(await violations(c.rule, c.compliant, c.config), []);
        });
        it(`${c.rule.id} ${c.rule.name}: flags ${c.title}`, async () => {
            const found = await violations(c.rule, c.mutated, c.config);
            assert.equal(found.length, 1, JSON.stringify(found));
            assert.match(found[0]!, c.expect);
        });
    }
});

describe("policy pack: hardened-in-production (resource half on inputs, stack half on outputs)", () => {
    const prod = hardenedInProduction(ALL_RULES);
    const prodResources = hardenedResourcesInProduction(ALL_RULES);
    const open = resource(T.storage, "st", { accountName: "st", allowSharedKeyAccess: true, tags: { team: "t" } });
    const tagged = resource(T.storage, "st", {
        accountName: "st",
        allowSharedKeyAccess: true,
        tags: { production: "true" },
    });

    it("both halves are mandatory and silent on a non-production stack", async () => {
        assert.equal(prod.policy.enforcementLevel, "mandatory");
        assert.equal(prodResources.policy.enforcementLevel, "mandatory");
        assert.deepEqual(await violations(prod, [open]), []);
        assert.deepEqual(await violations(prodResources, [open]), []);
    });
    it("re-runs the Hardened resource rules on inputs when the resource carries the production tag", async () => {
        const found = await violations(prodResources, [tagged]);
        assert.ok(
            found.some((m) => /\[PROD\] \[ST-04\] st: allowSharedKeyAccess must be false/.test(m)),
            JSON.stringify(found),
        );
    });
    it("flags a Hardened setting the program leaves out (in a preview that output would be unknown)", async () => {
        const bare = resource(T.insights, "appi", { tags: { production: "true" } });
        assert.equal(bare.outputs["disableLocalAuth"], undefined);
        const found = await violations(prodResources, [bare]);
        assert.ok(
            found.some((m) => /\[AI-02\] appi: disableLocalAuth must be true/.test(m)),
            JSON.stringify(found),
        );
    });
    it("re-runs the Hardened stack rules when a resource's outputs carry the production tag", async () => {
        const found = await violations(prod, [tagged]);
        assert.ok(
            found.some((m) => /\[ST-13\]/.test(m)),
            JSON.stringify(found),
        );
        assert.ok(!found.some((m) => /\[ST-04\]/.test(m)), "resource rules run in the resource half only");
    });
    it("re-runs them when the pack config says production", async () => {
        assert.ok((await violations(prodResources, [open], { production: true })).some((m) => /\[ST-04\]/.test(m)));
        assert.ok((await violations(prod, [open], { production: true })).some((m) => /\[ST-13\]/.test(m)));
    });
    it("leaves the optional row (customer-managed key) advisory", async () => {
        const found = await violations(prodResources, [resource(T.workspace, "mlw", { tags: { production: "true" } })]);
        assert.ok(!found.some((m) => /WS-03/.test(m)));
        assert.ok(found.some((m) => /WS-01/.test(m)));
    });
    it("isProductionStack reads the tag case-insensitively", () => {
        assert.equal(isProductionStack([{ props: { tags: { production: "TRUE" } } }], false), true);
        assert.equal(isProductionStack([{ props: { tags: { production: "false" } } }], false), false);
    });
});

describe("policy pack: shape", () => {
    it("has unique policy names, none named all, and one rule for every baseline row", () => {
        const names = ALL_RULES.map((r) => r.policy.name);
        assert.equal(new Set(names).size, names.length);
        assert.ok(!names.includes("all"));
        const ids = new Set(
            ALL_RULES.flatMap((r) => r.id.split("/").map((p, i) => (i === 0 ? p : `${r.id.slice(0, 3)}${p}`))),
        );
        for (const row of [
            "CP-01",
            "CP-02",
            "CP-03",
            "CP-05",
            "CP-06",
            "CP-07",
            "CP-08",
            "WS-01",
            "WS-02",
            "WS-03",
            "WS-05",
            "WS-06",
            "WS-08",
            "KV-01",
            "KV-02",
            "KV-03",
            "KV-04",
            "KV-05",
            "ST-01",
            "ST-02",
            "ST-03",
            "ST-04",
            "ST-05",
            "ST-06",
            "ST-09",
            "ST-13",
            "ST-14",
            "CR-01",
            "CR-02",
            "CR-03",
            "AI-01",
            "AI-02",
            "RA-01",
            "RA-02",
            "RA-03",
            "RA-04",
            "RA-06",
            "EN-01",
            "EN-02",
            "EN-03",
        ]) {
            assert.ok(ids.has(row), `no rule for ${row}`);
        }
    });
});
