import assert from "node:assert/strict";
import { assertChildrenOf, construct, SUB } from "./harness";
import { T } from "../tokens";
import { LOCK_NAME } from "../../lib/safeguards";

const RG = `/subscriptions/${SUB}/resourceGroups/rg-risk-prod/providers`;
const RESOURCES = {
    workspace: `${RG}/Microsoft.MachineLearningServices/workspaces/mlw-risk-prod`,
    storage: `${RG}/Microsoft.Storage/storageAccounts/strisk`,
    keyVault: `${RG}/Microsoft.KeyVault/vaults/kv-risk`,
};

describe("Locks (component unit)", () => {
    it("puts one CanNotDelete lock at each resource named, parented to the component, named from the instance", async () => {
        const { Locks } = await import("../../components/locks");
        const c = await construct(
            "risk-prod-locks",
            async () => new Locks("risk-prod-locks", { resources: RESOURCES, notes: "production data" }),
        );
        assert.equal(c.self.type, T.locksComponent);
        assertChildrenOf(c, "risk-prod-locks");
        const locks = c.ofType(T.lock);
        assert.equal(locks.length, 3);
        assert.equal(c.children.length, 3);
        assert.deepEqual(locks.map((l) => l.inputs["scope"]).sort(), Object.values(RESOURCES).sort());
        assert.deepEqual(
            locks.map((l) => l.name).sort(),
            ["keyVault", "storage", "workspace"].map((k) => `risk-prod-locks-${k}`),
        );
        for (const l of locks) {
            assert.equal(l.inputs["level"], "CanNotDelete");
            assert.equal(l.inputs["lockName"], LOCK_NAME);
            assert.equal(l.inputs["notes"], "production data");
        }
    });
});
