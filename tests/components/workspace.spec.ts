import assert from "node:assert/strict";
import { assertChildrenOf, construct, STAMP, TENANT } from "./harness";
import { T } from "../tokens";

describe("Workspace (component unit)", () => {
    it("declares the stamp's resources with secure defaults, parented to the component", async () => {
        const { Workspace } = await import("../../components/workspace");
        const c = await construct(
            "stamp",
            async () =>
                new Workspace("stamp", {
                    ...STAMP,
                    tenantId: TENANT,
                }),
        );
        assert.equal(c.self.type, T.workspaceComponent);
        assertChildrenOf(c, "stamp");
        const count = (type: string): number => c.ofType(type).length;
        assert.equal(count(T.randomString), 1);
        assert.equal(count(T.resourceGroup), 1);
        assert.equal(count(T.compute), 0);
        assert.equal(count(T.roleAssignment), 0, "a system-assigned identity gets no stamp-made grants");
        assert.equal(c.component.grants.length, 0);
        const rg = c.ofType(T.resourceGroup)[0]!;
        assert.equal(rg.inputs["resourceGroupName"], "rg-vision-dev");
        assert.equal(rg.inputs["location"], "westeurope");
        const tags = rg.inputs["tags"] as Record<string, string>;
        assert.equal(tags["team"], "vision");
        assert.equal(tags["environment"], "dev");

        const [ws, ...more] = c.ofType("azure-native:machinelearningservices:Workspace");
        assert.equal(more.length, 0);
        assert.equal((ws!.inputs["identity"] as { type: string }).type, "SystemAssigned");
        assert.equal(ws!.inputs["publicNetworkAccess"], "Enabled");
        const vault = c.ofType("azure-native:keyvault:Vault");
        assert.equal(vault.length, 1);
        const vaultProps = vault[0]!.inputs["properties"] as Record<string, unknown>;
        assert.equal(vaultProps["enableRbacAuthorization"], true);
        assert.equal(vaultProps["tenantId"], TENANT);
        assert.equal(count("azure-native:storage:StorageAccount"), 1);
        assert.equal(count("azure-native:containerregistry:Registry"), 1);
        assert.equal(count("azure-native:applicationinsights:Component"), 1);
        assert.equal(count(T.logs), 1);
        // Not hardened: no diagnostic setting, no blob soft delete; no private endpoint.
        assert.equal(count("azure-native:monitor:DiagnosticSetting"), 0);
        assert.equal(count("azure-native:network:PrivateEndpoint"), 0);
        assert.equal(c.children.length, 8, "suffix, group, storage, vault, logs, insights, registry, workspace");
    });

    it("hardened with a Basic registry is refused", async () => {
        const { Workspace } = await import("../../components/workspace");
        await assert.rejects(
            construct(
                "bad",
                async () =>
                    new Workspace("bad", {
                        ...STAMP,
                        tenantId: TENANT,
                        hardened: true,
                    }),
            ),
            /Premium/,
        );
    });
});
