/**
 * Config refuses what the platform's CI deploy identity cannot create (docs/permissions.md), before anything is
 * declared, with the administrator path in the message: a first `pulumi up` in CI would otherwise fail with an
 * authorization error half-way, or — for the automation secret — a compute identity could read CI's credential.
 *
 * Failed before: each of these stack configs was accepted.
 */
import assert from "node:assert/strict";
import { parseDev, PRODUCTION, PRODUCTION_SUBNET, rejectsConfig, withGuardrails } from "./helpers";
import { configWarnings } from "../config/warnings";
import { FAKE_CLIENT } from "../offline/mocks";

const OWNER = "11111111-2222-4333-8444-555555555555";
const SUB = FAKE_CLIENT.subscriptionId;
const REFS = { "e413671a-dd10-4cc1-a943-45b598596cb7": "v1legacy" };
const ASSIGNMENT = `/subscriptions/${SUB}/providers/Microsoft.Authorization/policyAssignments/ml-initiative`;
const MG_ASSIGNMENT =
    "/providers/Microsoft.Management/managementGroups/corp/providers/Microsoft.Authorization/policyAssignments/ml-initiative";
const CPU = { vmSize: "Standard_DS3_v2", maxNodes: 4 };
const INSTANCE = { userObjectId: OWNER, vmSize: "Standard_DS11_v2", idleTimeBeforeShutdown: "PT60M" };
/** The dev stack's computes without keyVaultSecrets. */
const NO_VAULT_READERS = { computeClusters: { cpu: CPU }, computeInstances: {} };

describe("config refuses what CI's deploy identity cannot create (docs/permissions.md)", () => {
    describe("automation.owners: Application.ReadWrite.OwnedBy cannot add another owner", () => {
        it("is refused, naming the Graph permission it would need and the administrator path", async () => {
            const message = await rejectsConfig(
                { automation: { owners: [OWNER] } },
                "automation.owners",
                /Application\.ReadWrite\.OwnedBy.*Application\.ReadWrite\.All/s,
            );
            assert.match(message, /administrator/i);
            assert.match(message, /docs\/permissions\.md/);
        });
        it("an empty list (the default) is fine", () => {
            assert.deepEqual(parseDev({ automation: { owners: [] } }).automation.owners, []);
        });
    });

    describe("automation.storeSecretInKeyVault with a compute that reads the workspace key vault", () => {
        it("a cluster with keyVaultSecrets: refused, naming the cluster (its jobs could read CI's secret)", async () => {
            const message = await rejectsConfig(
                {
                    automation: { storeSecretInKeyVault: true },
                    computeClusters: { cpu: { ...CPU, keyVaultSecrets: true } },
                },
                "automation.storeSecretInKeyVault",
                /computeClusters\.cpu\.keyVaultSecrets/,
            );
            assert.match(message, /Key Vault Secrets User/);
        });
        it("a compute instance with keyVaultSecrets: refused too", () =>
            rejectsConfig(
                {
                    ...NO_VAULT_READERS,
                    automation: { storeSecretInKeyVault: true },
                    computeInstances: { nb: { ...INSTANCE, keyVaultSecrets: true } },
                },
                "automation.storeSecretInKeyVault",
                /computeInstances\.nb\.keyVaultSecrets/,
            ));
        it("either alone is fine", () => {
            const store = parseDev({ ...NO_VAULT_READERS, automation: { storeSecretInKeyVault: true } });
            assert.equal(store.automation.storeSecretInKeyVault, true);
            const read = parseDev({ automation: {}, computeClusters: { cpu: { ...CPU, keyVaultSecrets: true } } });
            assert.equal(read.automation.storeSecretInKeyVault, false);
        });
    });

    describe("policyExemptions.assignmentId: Contributor cannot write policy exemptions", () => {
        it("is refused unless the platform grants its exemption role (platform/guardrails.yaml policyExemptions.allowed)", async () => {
            const message = await rejectsConfig(
                { ...PRODUCTION, policyExemptions: { assignmentId: ASSIGNMENT, referenceIds: REFS } },
                "policyExemptions.assignmentId",
                /policyExemptions\/write.*policyAssignments\/exempt\/action/s,
            );
            assert.match(message, /platform\/guardrails\.yaml policyExemptions\.allowed/);
            assert.match(message, /administrator/i);
        });
        it("is accepted when the platform allows it, for an assignment in a subscription or resource group", async () => {
            const cfg = await withGuardrails({ policyExemptions: { allowed: true } }, () =>
                parseDev({ ...PRODUCTION, policyExemptions: { assignmentId: ASSIGNMENT, referenceIds: REFS } }),
            );
            assert.equal(cfg.policyExemptions.assignmentId, ASSIGNMENT);
        });
        it("a management-group assignment stays refused: the platform's role is held at the subscription only", () =>
            withGuardrails({ policyExemptions: { allowed: true } }, () =>
                rejectsConfig(
                    { ...PRODUCTION, policyExemptions: { assignmentId: MG_ASSIGNMENT, referenceIds: REFS } },
                    "policyExemptions.assignmentId",
                    /management group/,
                ),
            ));
    });
});

describe("the plan names the rights a hub-and-spoke join needs in the hub's subscription", () => {
    it("a private endpoint subnet and DNS zones elsewhere: one warning naming both actions and the subscription", () => {
        const warnings = configWarnings(parseDev(PRODUCTION)).filter((w) => /join\/action/.test(w));
        assert.equal(warnings.length, 1);
        assert.match(warnings[0]!, /Microsoft\.Network\/virtualNetworks\/subnets\/join\/action/);
        assert.match(warnings[0]!, /Microsoft\.Network\/privateDnsZones\/join\/action/);
        assert.match(warnings[0]!, new RegExp(PRODUCTION_SUBNET.split("/")[2]!)); // the hub subscription
        assert.match(warnings[0]!, /docs\/permissions\.md/);
    });
    it("no join, no warning (the dev stack)", () => {
        assert.deepEqual(
            configWarnings(parseDev()).filter((w) => /join\/action/.test(w)),
            [],
        );
    });
});
