/**
 * `datastores` and `connections` (config/data.ts → config/spec.ts resolveData → components/data.ts): identity-based
 * datastores with the data role on their container, AAD / ManagedIdentity connections, secrets refused, the
 * production PrivateEndpoint outbound rules the part needs.
 */
import assert from "node:assert/strict";
import { resolveStamp } from "../config/spec";
import { ROLES } from "../lib/roles";
import { evaluateStack, inputs, ofType, parseDev, PRODUCTION, rejectsConfig } from "./helpers";
import { T } from "./tokens";
import { planModel, renderMarkdown, renderText } from "../offline/render";
import { runPolicies, mandatory } from "../offline/policies";
import { policyConfigFor } from "../offline/policies";

const SUB = "00000000-0000-4000-8000-00000000d001";
const LAKE = `/subscriptions/${SUB}/resourceGroups/rg-lake/providers/Microsoft.Storage/storageAccounts/teamlake`;
const DATA_SCIENTISTS = "11111111-1111-4111-8111-111111111111";
const DATASTORE = "azure-native:machinelearningservices:Datastore";
const CONNECTION = "azure-native:machinelearningservices:WorkspaceConnection";

const DATA = {
    datastores: {
        raw: { type: "blob", storageAccountId: LAKE, container: "raw", groups: [DATA_SCIENTISTS], computes: ["cpu"] },
        curated: {
            type: "adlsGen2",
            storageAccountId: LAKE,
            container: "curated",
            access: "write",
            computes: ["cpu"],
            studioPreview: false,
        },
    },
    connections: {
        docs: { category: "AzureBlob", target: "https://teamlake.blob.core.windows.net/docs", authType: "AAD" },
    },
};

describe("datastores and connections", () => {
    describe("on the dev stack", () => {
        it("a Datastore per entry with no stored credential, parented to the Data component", async () => {
            const e = await evaluateStack(DATA);
            const stores = ofType(e, DATASTORE);
            assert.deepEqual(
                stores.map((r) => r.name),
                ["ml-platform-dev-data-raw", "ml-platform-dev-data-curated"],
            );
            const data = e.resources.find((r) => r.type === "amlstamp:data:Data");
            assert.ok(data);
            for (const r of stores) {
                assert.equal(r.parent, data.urn);
                const p = inputs(r)["properties"] as Record<string, unknown>;
                assert.deepEqual(p["credentials"], { credentialsType: "None" });
            }
            const curated = inputs(stores[1]!)["properties"] as Record<string, unknown>;
            assert.equal(curated["datastoreType"], "AzureDataLakeGen2");
            assert.equal(curated["filesystem"], "curated");
            assert.equal(curated["serviceDataAccessAuthIdentity"], "None");
        });
        it("the data role on the container: Reader for read, Contributor for write, to the identities named", async () => {
            const e = await evaluateStack(DATA);
            const at = (container: string) =>
                ofType(e, T.roleAssignment)
                    .map(inputs)
                    .filter((i) => i["scope"] === `${LAKE}/blobServices/default/containers/${container}`);
            const raw = at("raw");
            assert.deepEqual(raw.map((i) => i["principalType"]).sort(), [
                "Group",
                "ServicePrincipal",
                "ServicePrincipal",
            ]);
            for (const i of raw) assert.ok(String(i["roleDefinitionId"]).endsWith(ROLES.storageBlobDataReader.id));
            const curated = at("curated");
            assert.equal(curated.length, 1, "the cpu cluster only: no studio preview");
            assert.ok(String(curated[0]!["roleDefinitionId"]).endsWith(ROLES.storageBlobDataContributor.id));
            const lines = e.grants.filter((g) => g.scope.startsWith("datastore "));
            assert.deepEqual(lines.map((g) => g.principal).sort(), [
                "compute cluster cpu",
                "compute cluster cpu",
                `group ${DATA_SCIENTISTS}`,
                "workspace identity",
            ]);
        });
        it("an AAD connection plans, with no credentials", async () => {
            const e = await evaluateStack(DATA);
            const [c] = ofType(e, CONNECTION);
            assert.equal(inputs(c!)["connectionName"], "docs");
            assert.deepEqual(inputs(c!)["properties"], {
                authType: "AAD",
                category: "AzureBlob",
                target: "https://teamlake.blob.core.windows.net/docs",
            });
        });
    });

    describe("in the plan", () => {
        it("the text and Markdown plans list each datastore and connection with its identity, no secret", async () => {
            const e = await evaluateStack(DATA);
            const m = planModel(e);
            const text = renderText(m);
            assert.match(text, /^  data \(datastores and connections, no stored secrets\):$/m);
            assert.match(
                text,
                /^    datastore raw: AzureBlob teamlake\/raw, credentials None \(identity-based\), studio preview by the workspace identity$/m,
            );
            assert.match(
                text,
                /^    datastore curated: AzureDataLakeGen2 teamlake\/curated, credentials None \(identity-based\)$/m,
            );
            assert.match(
                text,
                /^    connection docs: AzureBlob https:\/\/teamlake\.blob\.core\.windows\.net\/docs, auth AAD$/m,
            );
            assert.match(
                renderMarkdown(m),
                /### Data \(3\)\n- datastore curated:.*\n- datastore raw:.*\n- connection docs:/,
            );
        });
        it("no mandatory policy violation from the new resources and grants", async () => {
            const e = await evaluateStack(DATA);
            const v = await runPolicies(e.resources, { config: policyConfigFor(e.config!) });
            assert.deepEqual(
                mandatory(v).map((x) => x.message),
                [],
            );
        });
    });

    describe("refused config", () => {
        for (const credentials of ["accountKey", "sas", "servicePrincipal", "certificate"]) {
            it(`datastores.raw.credentials = ${credentials}: refused, naming what is allowed`, async () => {
                await rejectsConfig(
                    { datastores: { raw: { ...DATA.datastores.raw, credentials } } },
                    "datastores.raw.credentials",
                    /^refused: .*allowed: none \(identity-based access: credentialsType None/,
                );
            });
        }
        it("a connection with a key or secret auth type is refused, naming AAD and ManagedIdentity", async () => {
            await rejectsConfig(
                { connections: { docs: { ...DATA.connections.docs, authType: "ApiKey" } } },
                "connections.docs.authType",
                /^refused: ApiKey stores a secret .*allowed: AAD, ManagedIdentity/,
            );
        });
        it("a datastore naming a compute the stack does not declare", async () => {
            await rejectsConfig(
                { datastores: { raw: { ...DATA.datastores.raw, computes: ["gpu"] } } },
                "datastores.raw.computes[0]",
                /names no compute of this stack; declared: cpu, alice/,
            );
        });
        it("a production connection without its private endpoint target", async () => {
            await rejectsConfig(
                { ...PRODUCTION, connections: DATA.connections },
                "connections.docs.targetResourceId",
                /required on production stacks/,
            );
        });
    });

    describe("on production", () => {
        it("the spec names the PrivateEndpoint outbound rules each target needs (blob; ADLS Gen2: dfs and blob)", () => {
            const spec = resolveStamp(
                parseDev({
                    ...PRODUCTION,
                    datastores: DATA.datastores,
                    connections: {
                        docs: { ...DATA.connections.docs, targetResourceId: LAKE, subresource: "blob" },
                    },
                }),
            );
            const rule = (sub: string) => ({
                name: `teamlake-${sub}`,
                type: "PrivateEndpoint",
                serviceResourceId: LAKE,
                subresourceTarget: sub,
                sparkEnabled: false,
            });
            assert.deepEqual(spec.data?.privateEndpointRules, [rule("blob"), rule("dfs")]);
            assert.equal(spec.data?.connections[0]?.privateEndpointRule, "teamlake-blob");
            // The workspace's managed network declares them after the team's own rules.
            const ws = spec.workspace.outboundRules;
            assert.deepEqual(ws.slice(-2), [rule("blob"), rule("dfs")]);
        });
        it("the workspace carries the data rules and each connection waits for it", async () => {
            const e = await evaluateStack({
                ...PRODUCTION,
                datastores: DATA.datastores,
                connections: { docs: { ...DATA.connections.docs, targetResourceId: LAKE, subresource: "blob" } },
            });
            const [ws] = ofType(e, T.workspace);
            const rules = Object.keys(
                (inputs(ws!)["managedNetwork"] as { outboundRules: Record<string, unknown> }).outboundRules,
            );
            assert.ok(rules.includes("teamlake-blob") && rules.includes("teamlake-dfs"), rules.join(", "));
            const [conn] = ofType(e, CONNECTION);
            assert.ok(conn!.dependencies.includes(ws!.urn), "the connection depends on the workspace");
        });
        it("a data target outside the platform's allow-list is refused, naming the key and the list", async () => {
            const vault = `/subscriptions/${SUB}/resourceGroups/rg-lake/providers/Microsoft.Sql/servers/teamsql`;
            await rejectsConfig(
                {
                    ...PRODUCTION,
                    connections: {
                        sql: {
                            category: "AzureSqlDb",
                            target: "https://teamsql.database.windows.net",
                            authType: "AAD",
                            targetResourceId: vault,
                            subresource: "sqlServer",
                        },
                    },
                },
                "connections.sql.targetResourceId",
                /needs outbound rule teamsql-sqlserver: private endpoint target type Microsoft\.Sql\/servers is not in the platform's allow-list; allowed targets: Microsoft\.Storage\/storageAccounts/,
            );
        });
        it("a team rule with the data rule's name and another target is refused", async () => {
            await rejectsConfig(
                {
                    ...PRODUCTION,
                    datastores: { raw: DATA.datastores.raw },
                    outbound: [{ type: "FQDN", name: "teamlake-blob", destination: "pypi.org" }],
                },
                "datastores.raw.storageAccountId",
                /needs outbound rule teamlake-blob .*outbound already has a different rule of that name/,
            );
        });
        it("no rules outside production, and no data part without datastores or connections", () => {
            assert.deepEqual(resolveStamp(parseDev(DATA)).data?.privateEndpointRules, []);
            assert.equal(resolveStamp(parseDev()).data, undefined);
        });
    });
});
