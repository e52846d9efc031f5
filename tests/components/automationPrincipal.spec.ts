import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { assertChildrenOf, construct, STAMP, SUB, secretInput } from "./harness";
import { T } from "../tokens";

describe("AutomationPrincipal (component unit)", () => {
    it("declares app, service principal, two secret slots, the vault copy and the grant, all parented to it", async () => {
        const { AutomationPrincipal } = await import("../../components/automationPrincipal");
        const c = await construct(
            "ci",
            async () =>
                new AutomationPrincipal("ci", {
                    team: STAMP.team,
                    environment: STAMP.environment,
                    workspaceId: "/ws",
                    subscriptionId: SUB,
                    rotationEpoch: new Date("2026-01-01T00:00:00Z"),
                    at: new Date("2026-06-01T00:00:00Z"),
                    keyVault: { vaultName: "kv-vision", resourceGroupName: "rg-vision-dev" },
                }),
        );
        assert.equal(c.self.type, T.automationComponent);
        assertChildrenOf(c, "ci");
        assert.equal(c.ofType(T.application).length, 1);
        assert.equal(c.ofType("azuread:index/servicePrincipal:ServicePrincipal").length, 1);
        assert.equal(c.ofType("azuread:index/applicationPassword:ApplicationPassword").length, 2);
        const grants = c.ofType(T.roleAssignment);
        assert.equal(grants.length, 1);
        assert.equal(grants[0]!.inputs["principalType"], "ServicePrincipal");
        assert.equal(grants[0]!.inputs["scope"], "/ws");
        const [kvSecret, ...more] = c.ofType(T.keyVaultSecret);
        assert.equal(more.length, 0);
        assert.ok(
            secretInput(kvSecret!, "properties", "value"),
            "the vault copy of the client secret is sent as a secret",
        );
        assert.equal(secretInput(kvSecret!, "secretName"), false);
        assert.equal(c.children.length, 6);
        assert.equal(await pulumi.isSecret(c.component.newestSecret!), true);
        assert.equal(await pulumi.isSecret(c.component.envLines), true);
        assert.equal(await pulumi.isSecret(c.component.clientId), false);
    });

    it("owners are added to the deploying identity, which always stays an owner (deduplicated)", async () => {
        // Only for programs an administrator deploys: stack config refuses automation.owners, because CI's
        // Application.ReadWrite.OwnedBy cannot add owners (config/automation.ts). With OwnedBy the deployer can only
        // add passwords to applications it owns: dropping it would break the next rotation `up`.
        const { AutomationPrincipal } = await import("../../components/automationPrincipal");
        const { FAKE_CLIENT } = await import("../../offline/mocks");
        const owner = "11111111-2222-4333-8444-555555555555";
        const c = await construct(
            "ci",
            async () =>
                new AutomationPrincipal("ci", {
                    team: STAMP.team,
                    environment: STAMP.environment,
                    workspaceId: "/ws",
                    subscriptionId: SUB,
                    rotationEpoch: new Date("2026-01-01T00:00:00Z"),
                    at: new Date("2026-06-01T00:00:00Z"),
                    owners: [owner, FAKE_CLIENT.objectId.toUpperCase(), owner],
                }),
        );
        assert.deepEqual(c.ofType(T.application)[0]!.inputs["owners"], [FAKE_CLIENT.objectId, owner]);
        assert.deepEqual(c.ofType(T.servicePrincipal)[0]!.inputs["owners"], [FAKE_CLIENT.objectId, owner]);
    });
});
