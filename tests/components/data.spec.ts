import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { assertChildrenOf, construct, IN_WORKSPACE, SUB } from "./harness";
import { T } from "../tokens";
import { ROLES } from "../../lib/roles";
import type { DatastoreSpec } from "../../config/spec";

const GROUP = "00000000-0000-4000-8000-00000000c002";
const ACCOUNT = `/subscriptions/${SUB}/resourceGroups/rg-lake/providers/Microsoft.Storage/storageAccounts/lake`;

const STORE: DatastoreSpec = {
    key: "raw-data",
    name: "raw_data",
    datastoreType: "AzureBlob",
    storageAccountId: ACCOUNT,
    accountName: "lake",
    subscriptionId: SUB,
    resourceGroup: "rg-lake",
    container: "raw",
    role: ROLES.storageBlobDataReader,
    groups: [GROUP],
    computes: ["cpu"],
    serviceDataAccessAuthIdentity: "WorkspaceSystemAssignedIdentity",
    description: undefined,
};

describe("Data (component unit)", () => {
    it("a datastore with no credential and the data role on its container for each identity that uses it", async () => {
        const { Data } = await import("../../components/data");
        const c = await construct(
            "t-data",
            async () =>
                new Data("t-data", {
                    ...IN_WORKSPACE,
                    subscriptionId: SUB,
                    datastores: [STORE, { ...STORE, key: "again", name: "again" }],
                    workspaceIdentity: { id: "ws-principal", kind: "ManagedIdentity", label: "workspace identity" },
                    computes: { cpu: { id: "cpu-principal", kind: "ManagedIdentity", label: "compute cluster cpu" } },
                }),
        );
        assert.equal(c.self.type, "amlstamp:data:Data");
        assertChildrenOf(c, "t-data");
        const [ds] = c.ofType("azure-native:machinelearningservices:Datastore");
        assert.equal(ds!.name, "t-data-raw-data");
        assert.equal(ds!.inputs["name"], "raw_data");
        assert.deepEqual(ds!.inputs["properties"], {
            datastoreType: "AzureBlob",
            accountName: "lake",
            containerName: "raw",
            credentials: { credentialsType: "None" },
            serviceDataAccessAuthIdentity: "WorkspaceSystemAssignedIdentity",
            subscriptionId: SUB,
            resourceGroup: "rg-lake",
        });
        const grants = c.ofType(T.roleAssignment);
        // Group, compute, workspace: once each although two datastores share the container.
        assert.equal(grants.length, 3);
        for (const g of grants) {
            assert.equal(g.inputs["scope"], `${ACCOUNT}/blobServices/default/containers/raw`);
            assert.match(String(g.inputs["roleDefinitionId"]), new RegExp(`${ROLES.storageBlobDataReader.id}$`));
        }
        assert.deepEqual(
            grants.map((g) => g.inputs["principalType"]),
            ["Group", "ServicePrincipal", "ServicePrincipal"],
        );
    });

    it("connections: AAD and ManagedIdentity only, each after the private endpoint rule it names", async () => {
        const { Data } = await import("../../components/data");
        const { RandomString } = await import("@pulumi/random");
        let rule: pulumi.Resource | undefined;
        const c = await construct("t-conn", async () => {
            rule = new RandomString("t-conn-rule", { length: 4 });
            return new Data("t-conn", {
                ...IN_WORKSPACE,
                subscriptionId: SUB,
                connections: [
                    {
                        key: "lake",
                        category: "AzureBlob",
                        target: "https://lake.blob.core.windows.net/",
                        authType: "AAD",
                        privateEndpointRule: "lake-blob",
                    },
                    {
                        key: "sql",
                        category: "AzureSqlDb",
                        target: "https://sql.database.windows.net/",
                        authType: "ManagedIdentity",
                        privateEndpointRule: undefined,
                    },
                ],
                privateEndpointRules: { "lake-blob": rule },
            });
        });
        // Registration order follows dependencies: sorted by name.
        const conns = c
            .ofType("azure-native:machinelearningservices:WorkspaceConnection")
            .slice()
            .sort((a, b) => a.name.localeCompare(b.name));
        assert.deepEqual(
            conns.map((x) => (x.inputs["properties"] as { authType: string }).authType),
            ["AAD", "ManagedIdentity"],
        );
        assert.equal((conns[1]!.inputs["properties"] as Record<string, unknown>)["useWorkspaceManagedIdentity"], true);
        for (const x of conns)
            assert.equal((x.inputs["properties"] as Record<string, unknown>)["credentials"], undefined);
        const ruleUrn = await new Promise<string>((resolve) => rule!.urn.apply((u) => resolve(u)));
        assert.ok(conns[0]!.dependencies.includes(ruleUrn), "the connection waits for its rule");
        assert.ok(!conns[1]!.dependencies.includes(ruleUrn));
    });
});
