import assert from "node:assert/strict";
import { construct } from "./harness";
import { T } from "../tokens";
import { ROLES } from "../../lib/roles";

const SUB = "00000000-0000-4000-8000-00000000c001";
const STORAGE = `/subscriptions/${SUB}/resourceGroups/rg-t/providers/Microsoft.Storage/storageAccounts/st1`;

/** What every compute kind takes (ComputeCommonArgs), for one component constructed alone. */
const COMMON = {
    team: "vision",
    environment: "dev",
    location: "westeurope",
    resourceGroupName: "rg-vision-dev",
    workspaceName: "mlw-vision-dev",
    scopes: { storage: STORAGE, workspace: "/ws", keyVault: "/kv" },
    subscriptionId: SUB,
    roles: [{ key: "storageBlobDataReader", role: ROLES.storageBlobDataReader, scope: "storage" }] as const,
};

describe("ComputeCluster (component unit)", () => {
    it("declares one AmlCompute and its grants, parented to the component, named from the instance", async () => {
        const { ComputeCluster } = await import("../../components/computeCluster");
        const c = await construct(
            "cpu",
            async () =>
                new ComputeCluster("cpu", {
                    ...COMMON,
                    key: "cpu",
                    vmSize: "Standard_DS3_v2",
                    maxNodes: 4,
                    keyVaultSecrets: true,
                }),
        );
        assert.equal(c.self.type, T.clusterComponent);
        for (const r of c.children) {
            assert.equal(r.parent, c.self.urn, `${r.type} ${r.name} is parented to the component`);
            assert.ok(r.name.startsWith("cpu-"), `${r.name} derives from the instance name`);
        }
        const [compute, ...more] = c.ofType(T.compute);
        assert.equal(more.length, 0);
        const props = compute!.inputs["properties"] as Record<string, unknown>;
        const inner = props["properties"] as Record<string, unknown>;
        assert.equal(props["computeType"], "AmlCompute");
        assert.equal(props["disableLocalAuth"], true);
        assert.equal(inner["vmSize"], "Standard_DS3_v2");
        assert.equal(inner["vmPriority"], "Dedicated");
        assert.deepEqual(inner["scaleSettings"], {
            minNodeCount: 0,
            maxNodeCount: 4,
            nodeIdleTimeBeforeScaleDown: "PT120S",
        });
        assert.equal(inner["remoteLoginPortPublicAccess"], "Disabled");
        assert.equal((compute!.inputs["identity"] as { type: string }).type, "SystemAssigned");
        const grants = c.ofType(T.roleAssignment);
        assert.equal(grants.length, 2, "the configured role plus Key Vault Secrets User");
        assert.equal(c.component.grants.length, 2);
        for (const g of grants) assert.equal(g.inputs["principalType"], "ServicePrincipal");
        assert.deepEqual(grants.map((g) => g.inputs["scope"]).sort(), ["/kv", STORAGE]);
        assert.equal(c.children.length, 3);
    });
});

describe("ComputeInstance (component unit): the same builder (components/computeAccess.ts ComputeComponent)", () => {
    const alice = {
        ...COMMON,
        key: "alice",
        tenantId: "00000000-0000-4000-8000-00000000a001",
        userObjectId: "3f2a6c1e-8b4d-4e7a-9c5f-1d2e3f4a5b6c",
        vmSize: "Standard_DS11_v2",
        idleTimeBeforeShutdown: "PT30M",
    };

    it("declares one ComputeInstance, its grants and the idle-shutdown role at the workspace, parented and named", async () => {
        const { ComputeInstance } = await import("../../components/computeInstance");
        const idleShutdownRole = { name: "aml-stamp compute idle shutdown", id: "/roleDefinitions/idle" };
        const c = await construct("alice", async () => new ComputeInstance("alice", { ...alice, idleShutdownRole }));
        assert.equal(c.self.type, T.instanceComponent);
        for (const r of c.children) {
            assert.equal(r.parent, c.self.urn, `${r.type} ${r.name} is parented to the component`);
            assert.ok(r.name.startsWith("alice-"), `${r.name} derives from the instance name`);
        }
        const props = c.ofType(T.compute)[0]!.inputs["properties"] as Record<string, unknown>;
        assert.equal(props["computeType"], "ComputeInstance");
        assert.equal(props["disableLocalAuth"], true);
        assert.deepEqual(
            c.ofType(T.roleAssignment).map((g) => [g.name, g.inputs["principalType"], g.inputs["scope"]]),
            [
                ["alice-storageBlobDataReader-storage", "ServicePrincipal", STORAGE],
                ["alice-idle-shutdown-workspace", "ServicePrincipal", "/ws"],
            ],
        );
        assert.deepEqual(
            c.component.grants.map((g) => g.record.principal),
            ["compute instance alice", "compute instance alice"],
        );
    });
});
