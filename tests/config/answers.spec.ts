/**
 * Every stack config input gets an answer: what was accepted silently is refused with the key, the value
 * and what is allowed, or warned in the plan when it is legal but suspicious; the guardrails file's answers say the
 * real rule and name the file. Plain calls of config/ functions: no program is evaluated.
 */
import assert from "node:assert/strict";
import { ConfigError } from "../../config";
import { configWarnings } from "../../config/warnings";
import { parseGuardrails } from "../../config/guardrails";
import { reviewerWarnings } from "../../offline/render";
import { parseDev, PRODUCTION, thrown } from "../helpers";

const G1 = "11111111-1111-4111-8111-111111111111";
const G2 = "2a2b2c2d-2e2f-4a2b-8c2d-2e2f2a2b2c2d"; // letters: a case-only difference is possible
const NIL = "00000000-0000-0000-0000-000000000000";
const CLUSTER = { vmSize: "Standard_DS3_v2", maxNodes: 2 };
const INSTANCE = {
    userObjectId: "3f2a6c1e-8b4d-4e7a-9c5f-1d2e3f4a5b6c",
    vmSize: "Standard_DS11_v2",
    idleTimeBeforeShutdown: "PT60M",
};

/** The ConfigError `overrides` on the dev stack raise (fails when they are accepted). */
async function refused(overrides: Record<string, unknown>): Promise<ConfigError> {
    const err = await thrown(() => parseDev(overrides));
    assert.ok(err instanceof ConfigError, `expected a ConfigError, got ${String(err)}`);
    return err;
}

/** The one problem for `key` (without the namespace); its message must match `pattern`. */
async function problemFor(overrides: Record<string, unknown>, key: string, pattern: RegExp): Promise<string> {
    const err = await refused(overrides);
    const p = err.problems.find((x) => x.key === `aml-stamp:${key}`);
    assert.ok(p, `no problem for aml-stamp:${key}: ${err.message}`);
    assert.match(p.message, pattern);
    return err.message;
}

describe("config answers: nothing accepted silently", () => {
    describe("the same id twice in a list of principals (a duplicate URN at preview)", () => {
        const cases: [string, Record<string, unknown>, string][] = [
            ["an access level", { access: { dataScientists: [G1, G1] } }, "access.dataScientists[1]"],
            [
                "an access level, differing in case",
                { access: { readers: [G2, G2.toUpperCase()] } },
                "access.readers[1]",
            ],
            [
                "an extra level's groups",
                { access: { extraLevels: { auditors: { role: "Reader", groups: [G2, G2] } } } },
                "access.extraLevels.auditors.groups[1]",
            ],
            [
                "a custom role's groups",
                { access: { customRoles: { computeUser: { groups: [G2, G2.toUpperCase()] } } } },
                "access.customRoles.computeUser.groups[1]",
            ],
            [
                "an endpoint's callers",
                { onlineEndpoints: { scoring: { callers: { groups: [G1, G1] } } } },
                "onlineEndpoints.scoring.callers.groups[1]",
            ],
            ["automation owners", { automation: { owners: [G2, G2.toUpperCase()] } }, "automation.owners[1]"],
        ];
        for (const [what, overrides, key] of cases) {
            it(`${what}: refused, naming the list and the id`, async () => {
                const message = await problemFor(overrides, key, /twice|once/);
                assert.match(message, new RegExp(G1.slice(0, 8) + "|" + G2.slice(0, 8), "i"));
            });
        }
    });

    describe('a key left empty in YAML (a YAML null: the Pulumi CLI passes the text "null")', () => {
        for (const key of ["team", "environment", "existingResourceGroup", "location", "tags"]) {
            it(`${key}: refused as empty, not planned as "null"`, () =>
                problemFor({ [key]: null }, key, /empty|no value/));
        }
    });

    describe("automation disabled with settings that then do nothing", () => {
        it("federatedCredentials are refused", () =>
            problemFor(
                {
                    automation: {
                        enabled: false,
                        federatedCredentials: [{ name: "ci", github: { repo: "contoso/x", branch: "main" } }],
                    },
                },
                "automation.federatedCredentials",
                /automation\.enabled is false/,
            ));
        it("storeSecretInKeyVault is refused", () =>
            problemFor(
                { automation: { enabled: false, storeSecretInKeyVault: true } },
                "automation.storeSecretInKeyVault",
                /automation\.enabled is false/,
            ));
        it("enabled: false alone is accepted", () => {
            parseDev({ automation: { enabled: false }, onlineEndpoints: {}, access: { dataScientists: [G1] } });
        });
    });

    describe("settings overridden or ignored without a word", () => {
        it("a tag the stamp sets itself (team) is refused, naming the stamp's value", async () => {
            const message = await problemFor({ tags: { team: "x" } }, "tags.team", /the stamp sets/);
            assert.match(message, /ml-platform/);
        });
        it("a stamp tag in another case (Environment) is refused: Azure tag names are case-insensitive", () =>
            problemFor({ tags: { Environment: "x" } }, "tags.Environment", /case-insensitive/));
        it("two tags differing only in case are refused", () =>
            problemFor({ tags: { owner: "a", Owner: "b" } }, "tags.Owner", /case-insensitive/));
        it("an extra level with no groups is refused", () =>
            problemFor(
                { access: { extraLevels: { auditors: { role: "Reader", groups: [] } } } },
                "access.extraLevels.auditors.groups",
                /no group/,
            ));
        it("containerRegistry: false with a registry SKU is refused", () =>
            problemFor(
                { containerRegistry: false, containerRegistrySku: "Premium" },
                "containerRegistrySku",
                /containerRegistry is false/,
            ));
        it("the nil GUID as userObjectId is refused", () =>
            problemFor(
                { computeInstances: { bob: { ...INSTANCE, userObjectId: NIL } } },
                "computeInstances.bob.userObjectId",
                /nil GUID/,
            ));
        it("the nil GUID as a group id is refused", () =>
            problemFor({ access: { readers: [NIL] } }, "access.readers[0]", /nil GUID/));
        it("publicNetworkAccess Disabled without a private endpoint on a non-production stack is a plan warning", () => {
            const cfg = parseDev({ publicNetworkAccess: "Disabled" });
            const warnings = configWarnings(cfg);
            assert.equal(warnings.length, 1, warnings.join("\n"));
            assert.match(warnings[0]!, /aml-stamp:publicNetworkAccess.*privateEndpointSubnetId/);
            assert.deepEqual(configWarnings(parseDev()), [], "the dev stack has no such warning");
            assert.ok(reviewerWarnings(cfg, []).includes(warnings[0]!), "the plan shows it among its warnings");
        });
    });

    describe("answers that said the wrong rule", () => {
        it("a missing nested field names the field and what it takes, not zod's text", async () => {
            const err = await refused({ computeClusters: { cpu: { maxNodes: 2 } } });
            const p = err.problems.find((x) => x.key === "aml-stamp:computeClusters.cpu.vmSize");
            assert.ok(p, err.message);
            assert.match(p.message, /required.*VM size/);
            assert.doesNotMatch(err.message, /Invalid input|received undefined/);
        });
        it("maxNodes 1e20 says the range, not only 'whole number'", () =>
            problemFor(
                { computeClusters: { cpu: { ...CLUSTER, maxNodes: 1e20 } } },
                "computeClusters.cpu.maxNodes",
                /1-\d+|at most \d+/,
            ));
        it("a production stack gets every missing production setting at once (subnet and DNS zones)", async () => {
            const err = await refused({ ...PRODUCTION, privateEndpointSubnetId: "", privateDnsZoneIds: [] });
            const keys = err.problems.map((p) => p.key);
            assert.ok(keys.includes("aml-stamp:privateEndpointSubnetId"), err.message);
            assert.ok(keys.includes("aml-stamp:privateDnsZoneIds"), err.message);
        });
    });

    describe("platform/guardrails.yaml answers", () => {
        const good = (): Record<string, unknown> => ({
            allowedRegions: ["westeurope"],
            allowedVmSizes: ["Standard_DS3_v2"],
            maxNodesPerCluster: 10,
            maxClustersPerStack: 5,
            maxComputeInstancesPerStack: 20,
            maxIdleTimeBeforeShutdown: "PT4H",
            requiredTags: [],
            rotationDays: { min: 7, max: 90 },
            conditionalAccess: { allowed: false },
            production: { environments: ["prod"], minKeyVaultRetentionDays: 7 },
        });
        const guardrailError = (doc: Record<string, unknown>): ConfigError => {
            try {
                parseGuardrails(doc);
            } catch (err) {
                assert.ok(err instanceof ConfigError, String(err));
                return err;
            }
            throw new Error("accepted");
        };
        it("the good document parses", () => parseGuardrails(good()));
        it("minKeyVaultRetentionDays 2 says 7-90 (Key Vault soft-delete retention), not 'whole number'", () => {
            const err = guardrailError({ ...good(), production: { environments: [], minKeyVaultRetentionDays: 2 } });
            assert.match(err.message, /platform\/guardrails\.yaml:production\.minKeyVaultRetentionDays = 2: .*7-90/);
        });
        it("maxNodesPerCluster 1e20 says the safe integer bound", () => {
            const err = guardrailError({ ...good(), maxNodesPerCluster: 1e20 });
            assert.match(err.message, /maxNodesPerCluster = 100000000000000000000: .*9007199254740991/);
        });
        it(".inf is shown as .inf, not null", () => {
            const err = guardrailError({ ...good(), maxNodesPerCluster: Infinity });
            assert.match(err.message, /maxNodesPerCluster = \.inf:/);
        });
        it("the error names the guardrails file, not 'Invalid stack config'", () => {
            const err = guardrailError({ ...good(), maxClustersPerStack: "many" });
            assert.match(err.message, /^Invalid platform guardrails in platform\/guardrails\.yaml/);
            assert.doesNotMatch(err.message, /Invalid stack config/);
        });
    });
});
