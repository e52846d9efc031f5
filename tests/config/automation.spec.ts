import assert from "node:assert/strict";
import { rejectsConfig as rejects, parseDev } from "../helpers";

describe("config: automation and rotationEpoch", () => {
    it("defaults every nested field ({} is valid)", () => {
        const a = parseDev({ automation: {} }).automation;
        assert.deepEqual(a, {
            enabled: true,
            owners: [],
            rotationDays: 90,
            clientSecrets: true,
            storeSecretInKeyVault: false,
            roles: ["AzureML Data Scientist"],
            federatedCredentials: [],
        });
    });
    it("rotationDays: 7-120", () => rejects({ automation: { rotationDays: 200 } }, "automation.rotationDays", /7-120/));
    it("rotationEpoch: a real UTC date", () => rejects({ rotationEpoch: "2025-13-01" }, "rotationEpoch", /YYYY-MM-DD/));
    it("roles: privileged refused", () =>
        rejects({ automation: { roles: ["Contributor"] } }, "automation.roles[0]", /privileged/));
    it("roles: Storage Account Contributor refused (account keys bypass RBAC)", () =>
        rejects({ automation: { roles: ["Storage Account Contributor"] } }, "automation.roles[0]", /privileged/));
    it("roles: unknown names list the catalog", () =>
        rejects({ automation: { roles: ["Data Wizard"] } }, "automation.roles[0]", /role catalog has/));
    it("owners: object ids", () =>
        rejects({ automation: { owners: ["alice@contoso.com"] } }, "automation.owners[0]", /UUID/));
    it("unknown fields are refused", () =>
        rejects({ automation: { rotateDays: 30 } }, "automation.rotateDays", /Did you mean "rotationDays"\?/));
    it("a principal without any credential is refused", () =>
        rejects({ automation: { clientSecrets: false } }, "automation.clientSecrets", /needs a credential/));
    it("storing a secret needs client secrets", () =>
        rejects(
            {
                automation: {
                    clientSecrets: false,
                    storeSecretInKeyVault: true,
                    federatedCredentials: [{ name: "ci", github: { repo: "a/b", branch: "main" } }],
                },
            },
            "automation.storeSecretInKeyVault",
            /clientSecrets/,
        ));
});
