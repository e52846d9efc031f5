import assert from "node:assert/strict";
import { CONFIG_KEYS, ConfigError } from "../../config";
import { readProject } from "../../offline/stackConfig";
import { evaluateStack, parseDev, thrown, rejectsConfig as rejects } from "../helpers";

describe("config", () => {
    it("accepts the dev stack", () => {
        const cfg = parseDev();
        assert.equal(cfg.team, "ml-platform");
        assert.equal(cfg.environment, "dev");
        assert.equal(cfg.production, false);
    });

    it("declares every key once in Pulumi.yaml, with a description, and reads no undeclared key", () => {
        const declared = readProject().declared;
        assert.deepEqual(declared.map((d) => d.key).sort(), [...CONFIG_KEYS].sort());
        for (const d of declared) assert.ok(d.description && d.description.length > 10, `${d.key} has a description`);
    });

    describe("rules (one test each; the message names the key, the value and what is allowed)", () => {
        it("team: lowercase letters, digits, single hyphens", async () => {
            const msg = await rejects({ team: "ML_Platform" }, "team", /lowercase letters, digits and single hyphens/);
            assert.match(msg, /"ML_Platform"/);
        });
        it("team: no double hyphen", () => rejects({ team: "ml--platform" }, "team", /single hyphens/));
        it("team: at most 16 characters", () => rejects({ team: "a".repeat(17) }, "team", /2-16 characters/));
        it("team: required", () => rejects({ team: undefined }, "team", /required/));
        it("environment: 2-8 lowercase alphanumerics", () =>
            rejects({ environment: "Dev-1" }, "environment", /2-8 characters/));
        it("location: an Azure region name", async () => {
            const msg = await rejects({ location: "West Europe" }, "location", /Azure region name/);
            assert.match(msg, /"West Europe"/);
        });
        it("tags: names without < > % & \\ ? /", () =>
            rejects({ tags: { "a/b": "x" } }, "tags.a/b", /may not contain/));
        it("tags: values at most 256 characters", () =>
            rejects({ tags: { owner: "x".repeat(257) } }, "tags.owner", /at most 256/));
        it("tags: at most 45", () =>
            rejects(
                { tags: Object.fromEntries(Array.from({ length: 46 }, (_, i) => [`t${i}`, "v"])) },
                "tags",
                /at most 45/,
            ));
        it("production: a boolean", () => rejects({ production: "yes" }, "production", /true or false/));
        it("protect: stays on for production", () =>
            rejects({ production: true, protect: false }, "protect", /production/));
        it("existingResourceGroup: a valid resource group name", () =>
            rejects({ existingResourceGroup: "bad name!" }, "existingResourceGroup", /resource group name/));
        it("containerRegistrySku: Basic, Standard or Premium", () =>
            rejects({ containerRegistrySku: "Free" }, "containerRegistrySku", /Basic, Standard or Premium/));
        it("publicNetworkAccess: Enabled or Disabled", () =>
            rejects({ publicNetworkAccess: "Open" }, "publicNetworkAccess", /Enabled or Disabled/));
        it("managedNetworkIsolation: one of the three modes", () =>
            rejects({ managedNetworkIsolation: "Open" }, "managedNetworkIsolation", /AllowOnlyApprovedOutbound/));
        it("keyVaultRetentionDays: 7-90", () => rejects({ keyVaultRetentionDays: 3 }, "keyVaultRetentionDays", /7-90/));
        it("logRetentionDays: 30-730", () => rejects({ logRetentionDays: 1000 }, "logRetentionDays", /30-730/));
        it("unknown keys in the project namespace are reported", async () => {
            const msg = await rejects({ teem: "x" }, "teem", /unknown key/);
            assert.match(msg, /team/);
        });
    });

    it("reports every problem at once", async () => {
        const err = (await thrown(() => parseDev({ team: "X", environment: "Y" }))) as ConfigError;
        assert.deepEqual(err.problems.map((p) => p.key).sort(), ["aml-stamp:environment", "aml-stamp:team"]);
    });

    it("fails before any resource is declared", async () => {
        const err = await thrown(() => evaluateStack({ team: "Bad Team" }));
        assert.equal(err.name, "ConfigError");
        assert.match(err.message, /aml-stamp:team = "Bad Team"/);
    });
});
