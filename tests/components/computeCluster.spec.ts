import assert from "node:assert/strict";
import { construct } from "./harness";
import { T } from "../tokens";
import { ROLES } from "../../lib/roles";

const SUB = "00000000-0000-4000-8000-00000000c001";
const STORAGE = `/subscriptions/${SUB}/resourceGroups/rg-t/providers/Microsoft.Storage/storageAccounts/st1`;

describe("ComputeCluster (component unit)", () => {
    it("declares one AmlCompute and its grants, parented to the component, named from the instance", async () => {
        const { ComputeCluster } = await import("../../components/computeCluster");
        const c = await construct(
            "cpu",
            async () =>
                new ComputeCluster("cpu", {
                    key: "cpu",
                    team: "vision",
                    environment: "dev",
                    location: "westeurope",
                    resourceGroupName: "rg-vision-dev",
                    workspaceName: "mlw-vision-dev",
                    scopes: { storage: STORAGE, workspace: "/ws", keyVault: "/kv" },
                    subscriptionId: SUB,
                    vmSize: "Standard_DS3_v2",
                    maxNodes: 4,
                    roles: [{ key: "storageBlobDataReader", role: ROLES.storageBlobDataReader, scope: "storage" }],
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

    it("refuses minNodes above maxNodes", async () => {
        const { ComputeCluster } = await import("../../components/computeCluster");
        await assert.rejects(
            construct(
                "bad",
                async () =>
                    new ComputeCluster("bad", {
                        key: "bad",
                        team: "vision",
                        environment: "dev",
                        location: "westeurope",
                        resourceGroupName: "rg",
                        workspaceName: "ws",
                        scopes: { storage: STORAGE, workspace: "/ws" },
                        subscriptionId: SUB,
                        vmSize: "Standard_DS3_v2",
                        maxNodes: 1,
                        minNodes: 2,
                        roles: [],
                    }),
            ),
            /minNodes/,
        );
    });
});
