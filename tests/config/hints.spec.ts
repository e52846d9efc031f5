/**
 * Errors that suggest the fix: did-you-mean for keys, nested fields and role names, the region
 * list for an unknown location, a clear message for an unquoted numeric tag value, and one problem (not two) for a
 * misspelled nested field. Each test failed on the code before this change.
 */
import assert from "node:assert/strict";
import { ConfigError } from "../../config";
import { SCHEDULE_TIME_ZONES } from "../../lib/compute";
import { AZURE_REGIONS } from "../../lib/regions";
import { parseDev, rejectsConfig as rejects, thrown } from "../helpers";

const INSTANCE = {
    userObjectId: "3f2a6c1e-8b4d-4e7a-9c5f-1d2e3f4a5b6c",
    vmSize: "Standard_DS11_v2",
    idleTimeBeforeShutdown: "PT60M",
};

describe("config errors suggest the fix", () => {
    it("a misspelled top-level key names the key it probably meant, not all 24", async () => {
        const err = await thrown(() => parseDev({ locaton: "westeurope" }));
        assert.ok(err instanceof ConfigError);
        const p = err.problems.find((x) => x.key === "aml-stamp:locaton");
        assert.ok(p, err.message);
        assert.match(p.message, /Did you mean "location"\?/);
        assert.doesNotMatch(p.message, /computeInstances/);
    });

    it("a misspelled nested field is one problem with the field it meant, not 'Unrecognized key' plus 'not set'", async () => {
        const err = await thrown(() =>
            parseDev({ computeClusters: { cpu: { vmSize: "Standard_DS3_v2", maxNode: 4 } } }),
        );
        assert.ok(err instanceof ConfigError);
        assert.equal(err.problems.length, 1, err.message);
        assert.equal(err.problems[0]!.key, "aml-stamp:computeClusters.cpu.maxNode");
        assert.match(err.problems[0]!.message, /Did you mean "maxNodes"\?/);
        assert.doesNotMatch(err.message, /Unrecognized key/);
    });

    it("a misspelled field of a custom role's assignees is refused, not dropped (the group was silently never assigned)", async () => {
        const G = "11111111-1111-4111-8111-111111111111";
        const err = await thrown(() => parseDev({ access: { customRoles: { computeUser: { group: [G] } } } }));
        assert.ok(err instanceof ConfigError);
        assert.equal(err.problems[0]?.key, "aml-stamp:access.customRoles.computeUser.group", err.message);
        assert.match(err.problems[0]!.message, /Did you mean "groups"\?/);
    });

    it("a misspelled field of an extra access level is refused, not dropped", async () => {
        const level = { role: "Reader", groups: ["11111111-1111-4111-8111-111111111111"], scop: "storage" };
        const err = await thrown(() => parseDev({ access: { extraLevels: { registryUsers: level } } }));
        assert.ok(err instanceof ConfigError);
        assert.equal(err.problems[0]?.key, "aml-stamp:access.extraLevels.registryUsers.scop", err.message);
        assert.match(err.problems[0]!.message, /Did you mean "scope"\?/);
    });

    it("an unknown nested field with nothing close lists the fields the object takes", () =>
        rejects({ access: { zzzzzzzzzz: [] } }, "access.zzzzzzzzzz", /takes: dataScientists, computeOperators/));

    it("a misspelled role name suggests the catalog role", () =>
        rejects(
            { automation: { roles: ["AzureML Data Scientst"] } },
            "automation.roles[0]",
            /Did you mean "AzureML Data Scientist"\?/,
        ));

    it("an unknown region suggests the closest and lists the valid regions (lib/regions.ts)", async () => {
        const msg = await rejects({ location: "westeurop" }, "location", /Did you mean "westeurope"\?/);
        for (const r of AZURE_REGIONS) assert.ok(msg.includes(r), `lists ${r}`);
    });

    it("an unquoted numeric tag value says to quote it", () =>
        rejects({ tags: { "cost-center": 4711 } }, "tags.cost-center", /quote it.*cost-center: "4711"/));
});

describe("schedule time zones come from CLDR windowsZones (cldr-core), not a hand list", () => {
    it("accepts every Windows id, e.g. E. South America Standard Time", () => {
        assert.ok(SCHEDULE_TIME_ZONES.length > 130, `${SCHEDULE_TIME_ZONES.length} ids`);
        for (const tz of ["E. South America Standard Time", "UTC", "Tokyo Standard Time", "Dateline Standard Time"]) {
            parseDev({ computeInstances: { bob: { ...INSTANCE, schedule: { timeZone: tz, stop: "0 19 * * 1-5" } } } });
        }
    });

    it("refuses an IANA or misspelled id and suggests the Windows id", () =>
        rejects(
            {
                computeInstances: {
                    bob: { ...INSTANCE, schedule: { timeZone: "W Europe Standard Time", stop: "0 19 * * 1-5" } },
                },
            },
            "computeInstances.bob.schedule.timeZone",
            /Did you mean "W\. Europe Standard Time"/,
        ));
});
