/**
 * What config/index.ts reads from the section schemas ("one home"): which fields are text (kept as given)
 * and which are JSON-decoded, at the top level and along a path (new-team `--set a.b=value`), and the fields an
 * object takes (the did-you-mean of an unknown field). Pinned from the zod-internals walk it replaced, so the public
 * replacement (z.toJSONSchema) is proved to read the schemas the same way.
 */
import assert from "node:assert/strict";
import { CONFIG_KEYS, ConfigError, isTextField } from "../../config";
import { parseDev, thrown } from "../helpers";

/** A path as text: `x` stands for any record key, `0` for any array item. */
const path = (p: string): PropertyKey[] => p.split(".").map((s) => (/^\d+$/.test(s) ? Number(s) : s));

const TEXT = `team environment location tags.x existingResourceGroup containerRegistrySku publicNetworkAccess
    managedNetworkIsolation allowedVmSizes.0 computeClusters.x.vmSize computeInstances.x.userObjectId
    computeInstances.x.schedule.timeZone computeInstances.x.schedule.start automation.owners.0 automation.roles.0
    automation.federatedCredentials.0.name automation.federatedCredentials.0.description
    automation.federatedCredentials.0.github.repo automation.federatedCredentials.0.github.branch
    automation.federatedCredentials.0.github.tag automation.federatedCredentials.0.github.environment
    automation.federatedCredentials.0.issuer automation.federatedCredentials.0.subject rotationEpoch
    access.dataScientists.0 access.computeOperators.0 access.readers.0 access.extraLevels.x.role
    access.extraLevels.x.groups.0 access.extraLevels.x.scope access.customRoles.computeAdmin.groups.0
    access.customRoles.computeUser.groups.0 conditionalAccess.operator conditionalAccess.applications.0
    privateEndpointSubnetId privateDnsZoneIds.0 monitorPrivateLinkScopeId policyExemptions.assignmentId
    policyExemptions.referenceIds.x customerManagedKey.cosmosDbPrincipalId imageBuildCompute onlineEndpoints.x.authMode
    onlineEndpoints.x.authModeReason onlineEndpoints.x.callers.groups.0 budget.contactEmails.0 budget.contactGroups.0
    budget.contactRoles.0 locks.reason datastores.x.type datastores.x.container
    datastores.x.credentials datastores.x.groups.0 connections.x.authType connections.x.target`;

const NOT_TEXT = `tags production protect containerRegistry keyVaultPurgeProtection keyVaultRetentionDays logRetentionDays
    allowedVmSizes computeClusters computeClusters.x computeClusters.x.maxNodes computeInstances computeInstances.x
    computeInstances.x.schedule automation automation.enabled automation.owners automation.rotationDays
    automation.clientSecrets automation.storeSecretInKeyVault automation.roles automation.federatedCredentials
    automation.federatedCredentials.0 automation.federatedCredentials.0.github
    automation.federatedCredentials.0.github.pullRequest access access.dataScientists access.extraLevels
    access.extraLevels.x access.extraLevels.x.groups access.customRoles access.customRoles.computeAdmin
    access.customRoles.computeAdmin.groups access.customRoles.computeAdmin.automationPrincipal conditionalAccess
    conditionalAccess.enabled conditionalAccess.enforce conditionalAccess.requireMfa
    conditionalAccess.requireCompliantDevice conditionalAccess.applications privateDnsZoneIds
    storageInfrastructureEncryption policyExemptions policyExemptions.referenceIds customerManagedKey
    customerManagedKey.enabled workspaceIdentity onlineEndpoints onlineEndpoints.x onlineEndpoints.x.identity
    onlineEndpoints.x.callers onlineEndpoints.x.callers.groups onlineEndpoints.x.callers.automationPrincipal outbound
    budget budget.amount budget.contactEmails budget.contactGroups budget.contactRoles locks locks.enabled
    datastores datastores.x datastores.x.groups datastores.x.studioPreview connections connections.x`;

/** Paths that leave the schema (an unknown key, a field of a string, a field inside a union) are not text. */
const OUTSIDE = `nope team.x tags.x.y access.nope onlineEndpoints.x.identity.type automation.owners.0.x`;

const list = (s: string): string[] => s.split(/\s+/).filter((p) => p !== "");

describe("what config/ reads from the section schemas", () => {
    it("every top-level key is text or JSON-decoded as pinned", () => {
        const text = new Set(list(TEXT).filter((p) => !p.includes(".")));
        const notText = new Set(list(NOT_TEXT).filter((p) => !p.includes(".")));
        for (const key of CONFIG_KEYS) {
            assert.ok(text.has(key) !== notText.has(key), `${key} is pinned exactly once`);
            assert.equal(isTextField([key]), text.has(key), key);
        }
    });

    it("nested fields: text (strings, enums) along objects, record values and array items; the rest decoded", () => {
        for (const p of list(TEXT)) assert.equal(isTextField(path(p)), true, p);
        for (const p of list(NOT_TEXT)) assert.equal(isTextField(path(p)), false, p);
        for (const p of list(OUTSIDE)) assert.equal(isTextField(path(p)), false, p);
    });

    it("a text key keeps a value that looks like JSON; a structured key decodes it", () => {
        assert.equal(parseDev({ existingResourceGroup: "123" }).existingResourceGroup, "123");
        assert.equal(parseDev({ keyVaultRetentionDays: 30 }).keyVaultRetentionDays, 30);
        assert.deepEqual(parseDev({ tags: { cost: "42" } }).tags["cost"], "42");
    });

    it("an unknown field lists the fields of the object it is in: top level, record value, array item, nested", async () => {
        const cases: [Record<string, unknown>, string, string][] = [
            [
                { access: { zzzzzzzzzz: [] } },
                "access.zzzzzzzzzz",
                "dataScientists, computeOperators, readers, extraLevels, customRoles",
            ],
            [
                { conditionalAccess: { zzzzzzzzzz: 1 } },
                "conditionalAccess.zzzzzzzzzz",
                "enabled, enforce, requireMfa, requireCompliantDevice, operator, applications",
            ],
            [
                { automation: { federatedCredentials: [{ name: "a", zzzzzzzzzz: 1 }] } },
                "automation.federatedCredentials[0].zzzzzzzzzz",
                "name, description, github, issuer, subject",
            ],
            [
                { automation: { federatedCredentials: [{ name: "a", github: { repo: "o/r", zzzzzzzzzz: 1 } }] } },
                "automation.federatedCredentials[0].github.zzzzzzzzzz",
                "repo, branch, tag, environment, pullRequest",
            ],
            [
                { computeInstances: { x: { schedule: { zzzzzzzzzz: 1 } } } },
                "computeInstances.x.schedule.zzzzzzzzzz",
                "timeZone, start, stop",
            ],
            [
                { onlineEndpoints: { x: { callers: { zzzzzzzzzz: 1 } } } },
                "onlineEndpoints.x.callers.zzzzzzzzzz",
                "groups, automationPrincipal",
            ],
        ];
        for (const [overrides, key, fields] of cases) {
            const err = await thrown(() => parseDev(overrides));
            assert.ok(err instanceof ConfigError, String(err));
            const p = err.problems.find((x) => x.key === `aml-stamp:${key}`);
            assert.ok(p, `${key}: ${err.message}`);
            assert.ok(p.message.endsWith(`takes: ${fields}`), `${key}: ${p.message}`);
        }
    });
});
