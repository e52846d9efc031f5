import assert from "node:assert/strict";
import fc from "fast-check";
import { accessTable, type AccessGrant, diffAccess, renderAccessDiff } from "../scripts/offline/accessDiff";
import { grantsOfPlanFile } from "../scripts/plan";

const g = (principal: string, role: string, scope = "workspace", reason = "why"): AccessGrant => ({
    principal,
    kind: "Group",
    role,
    scope,
    reason,
});

describe("access diff (scripts/offline/accessDiff.ts)", () => {
    it("reports granted, revoked and changed reasons", () => {
        const before = [
            g("ds", "AzureML Data Scientist"),
            g("readers", "Reader"),
            g("ops", "AzureML Compute Operator", "workspace", "old"),
        ];
        const after = [
            g("ds", "AzureML Data Scientist"),
            g("ops", "AzureML Compute Operator", "workspace", "new"),
            g("ds", "Storage Blob Data Contributor", "storage account"),
        ];
        const d = diffAccess(before, after);
        assert.deepEqual(d.granted, [g("ds", "Storage Blob Data Contributor", "storage account")]);
        assert.deepEqual(d.revoked, [g("readers", "Reader")]);
        assert.equal(d.changed.length, 1);
        const text = renderAccessDiff(d);
        assert.match(text, /### Granted \(1\)/);
        assert.match(text, /### Revoked \(1\)/);
        assert.match(text, /\| ops \| AzureML Compute Operator \| workspace \| old \| new \|/);
    });
    it("a scope change is a revoke plus a grant", () => {
        const d = diffAccess([g("ds", "Reader", "workspace")], [g("ds", "Reader", "resource group")]);
        assert.equal(d.granted.length, 1);
        assert.equal(d.revoked.length, 1);
    });
    it("no changes between identical plans, whatever the order", () => {
        const grant = fc.record({
            principal: fc.constantFrom("a", "b", "c"),
            kind: fc.constantFrom("Group", "ServicePrincipal"),
            role: fc.constantFrom("Reader", "AcrPull"),
            scope: fc.constantFrom("workspace", "storage account"),
            reason: fc.constant("r"),
        });
        fc.assert(
            fc.property(
                fc.uniqueArray(grant, { selector: (x) => `${x.principal}${x.kind}${x.role}${x.scope}` }),
                (grants) => {
                    const d = diffAccess(grants, [...grants].reverse());
                    return d.granted.length === 0 && d.revoked.length === 0 && d.changed.length === 0;
                },
            ),
        );
        assert.equal(renderAccessDiff(diffAccess([], [])), "No access changes.");
    });
    it("granted and revoked swap when the plans swap", () => {
        const grant = fc.record({
            principal: fc.constantFrom("a", "b", "c", "d"),
            kind: fc.constant("Group"),
            role: fc.constantFrom("Reader", "AcrPull"),
            scope: fc.constant("workspace"),
            reason: fc.constant("r"),
        });
        const list = fc.uniqueArray(grant, { selector: (x) => `${x.principal}${x.role}` });
        fc.assert(
            fc.property(list, list, (a, b) => {
                const ab = diffAccess(a, b);
                const ba = diffAccess(b, a);
                return ab.granted.length === ba.revoked.length && ab.revoked.length === ba.granted.length;
            }),
        );
    });
    it("renders the matrix as a Markdown table and escapes pipes", () => {
        const table = accessTable([g("group a|b", "Reader", "workspace", "line\nbreak")]);
        assert.equal(table.split("\n")[0], "| Principal | Kind | Role | Scope | Reason |");
        assert.match(table, /\| group a\\\|b \| Group \| Reader \| workspace \| line break \|/);
    });
    it("reads an earlier --json plan, even with npm's banner before it", () => {
        const plan = JSON.stringify({ kind: "aml-stamp offline plan", access: { grants: [g("ds", "Reader")] } });
        assert.deepEqual(grantsOfPlanFile(`\n> aml-stamp@0.1.0 plan\n> node plan.ts --json\n\n${plan}`), [
            g("ds", "Reader"),
        ]);
        assert.throws(() => grantsOfPlanFile('{"kind": "other"}'), /not an offline plan/);
    });
});
