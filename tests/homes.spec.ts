/**
 * One home per rule: the GUID rule (lib/guid.ts) and the stamp's tags (lib/tags.ts), each used by every
 * config section and component that needs it.
 */
import assert from "node:assert/strict";
import fc from "fast-check";
import { GUID, GUID_PATTERN, isGuid } from "../lib/guid";
import { parseUserAssignedIdentityId } from "../lib/identity";
import { MANAGED_BY_TAG, stampTags } from "../lib/tags";
import { deterministicUuid } from "../lib/uuid";
import { parseDev, rejectsConfig } from "./helpers";

const hex = fc.constantFrom(..."0123456789abcdefABCDEF".split(""));
const hexOf = (n: number): fc.Arbitrary<string> => fc.array(hex, { minLength: n, maxLength: n }).map((a) => a.join(""));
const guid = fc.tuple(hexOf(8), hexOf(4), hexOf(4), hexOf(4), hexOf(12)).map((p) => p.join("-"));

describe("the GUID rule (lib/guid.ts)", () => {
    it("accepts every 8-4-4-4-12 hex string in either case, and the project's own deterministic UUIDs", () => {
        fc.assert(fc.property(guid, (g) => isGuid(g) && GUID.test(g.toUpperCase())));
        fc.assert(
            fc.property(fc.array(fc.string(), { minLength: 1, maxLength: 3 }), (p) => isGuid(deterministicUuid(...p))),
        );
    });

    it("refuses a GUID with one character changed to a non-hex character, or with extra text", () => {
        fc.assert(
            fc.property(guid, fc.nat(35), fc.constantFrom("g", "-", " ", "z", "_"), (g, i, c) => {
                const changed = g.slice(0, i) + c + g.slice(i + 1);
                return changed === g || !isGuid(changed);
            }),
        );
        fc.assert(fc.property(guid, (g) => !isGuid(`${g}0`) && !isGuid(` ${g}`) && !isGuid(`{${g}}`)));
    });

    it("ARM ids take a GUID as subscription id (failed before: 36 hyphens passed as a subscription)", async () => {
        const bad = "-".repeat(36);
        assert.equal(
            parseUserAssignedIdentityId(
                `/subscriptions/${bad}/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-x`,
            ),
            undefined,
        );
        await rejectsConfig(
            {
                privateEndpointSubnetId: `/subscriptions/${bad}/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/s`,
            },
            "privateEndpointSubnetId",
            /subnet ARM id/,
        );
        const sub = "00000000-0000-4000-8000-00000000b001";
        assert.ok(new RegExp(`^/subscriptions/${GUID_PATTERN}$`).test(`/subscriptions/${sub}`));
        parseDev({
            privateEndpointSubnetId: `/subscriptions/${sub}/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/s`,
        });
    });
});

describe("the stamp's tags (lib/tags.ts)", () => {
    const name = fc.string({ minLength: 1, maxLength: 12 });
    it("configured tags plus team, environment and managed-by, the stamp's own winning; production only when asked", () => {
        fc.assert(
            fc.property(fc.dictionary(name, fc.string()), name, name, fc.boolean(), (tags, team, environment, prod) => {
                const t = stampTags({ tags, team, environment, production: prod });
                for (const [k, v] of Object.entries(tags)) {
                    if (!["team", "environment", "managed-by", "production"].includes(k)) assert.equal(t[k], v);
                }
                assert.equal(t["team"], team);
                assert.equal(t["environment"], environment);
                assert.equal(t["managed-by"], MANAGED_BY_TAG["managed-by"]);
                if (prod) assert.equal(t["production"], "true");
                else assert.equal(t["production"], tags["production"]);
            }),
        );
    });
});
