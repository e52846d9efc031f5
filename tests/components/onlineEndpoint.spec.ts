import assert from "node:assert/strict";
import { assertChildrenOf, construct, IN_WORKSPACE, promiseOf, SUB } from "./harness";
import { T } from "../tokens";

const GROUP = "00000000-0000-4000-8000-00000000c002";

describe("OnlineEndpoint (component unit)", () => {
    it("declares a user-assigned identity, the endpoint and its grants, parented to the component", async () => {
        const { OnlineEndpoint } = await import("../../components/onlineEndpoint");
        const c = await construct(
            "score",
            async () =>
                new OnlineEndpoint("score", {
                    key: "score",
                    ...IN_WORKSPACE,
                    subscriptionId: SUB,
                    scopes: { storage: "/st", workspace: "/ws", registry: "/acr" },
                    identity: { type: "user", create: true },
                    callers: [{ id: GROUP, kind: "Group", label: "scorers" }],
                    scorerRole: { name: "Endpoint Scorer", id: "/roles/scorer" },
                }),
        );
        assert.equal(c.self.type, "amlstamp:endpoint:OnlineEndpoint");
        assertChildrenOf(c, "score");
        const endpoints = c.ofType(T.onlineEndpoint);
        assert.equal(endpoints.length, 1);
        const props = endpoints[0]!.inputs["properties"] as Record<string, unknown>;
        assert.equal(props["authMode"], "AADToken");
        assert.equal((endpoints[0]!.inputs["identity"] as { type: string }).type, "UserAssigned");
        assert.equal(c.ofType(T.userAssignedIdentity).length, 1);
        const grants = c.ofType(T.roleAssignment);
        // AcrPull, Storage Blob Data Reader, AzureML Metrics Writer for the identity, plus the one caller.
        assert.equal(grants.length, 4);
        assert.equal(c.component.grants.length, 4);
        const byType = grants.map((g) => g.inputs["principalType"]).sort();
        assert.deepEqual(byType, ["Group", "ServicePrincipal", "ServicePrincipal", "ServicePrincipal"]);
        assert.equal(c.children.length, 6);
        assert.match(await promiseOf(c.component.scoringUri), /^https:\/\/score-.*\/score$/);
    });

    it("system-assigned without callers: only the endpoint (Azure grants the identity itself)", async () => {
        const { OnlineEndpoint } = await import("../../components/onlineEndpoint");
        const c = await construct(
            "plain",
            async () =>
                new OnlineEndpoint("plain", {
                    key: "plain",
                    ...IN_WORKSPACE,
                    resourceGroupName: "rg",
                    workspaceName: "ws",
                    subscriptionId: SUB,
                    scopes: { storage: "/st", workspace: "/ws" },
                }),
        );
        assert.deepEqual(
            c.children.map((r) => r.type),
            [T.onlineEndpoint],
        );
        assert.equal(c.children[0]!.parent, c.self.urn);
    });
});
