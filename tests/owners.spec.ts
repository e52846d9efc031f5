import assert from "node:assert/strict";
import fc from "fast-check";
import { ownersWithDeployer } from "../lib/owners";

describe("ownersWithDeployer (lib/owners.ts)", () => {
    const deployer = "00000000-0000-4000-8000-00000000a004";

    it("no configured owners: the deployer alone", () => {
        assert.deepEqual(ownersWithDeployer(deployer, []), [deployer]);
    });

    it("the deployer first, then every configured owner once, whatever the case", () =>
        fc.assert(
            fc.property(fc.uuid(), fc.array(fc.uuid(), { maxLength: 8 }), fc.boolean(), (me, others, upper) => {
                const configured = upper ? [...others, me.toUpperCase()] : [me, ...others];
                const owners = ownersWithDeployer(me, configured);
                assert.equal(owners[0], me);
                const keys = owners.map((o) => o.toLowerCase());
                assert.equal(new Set(keys).size, keys.length, "no duplicates");
                for (const o of others) assert.ok(keys.includes(o.toLowerCase()), o);
            }),
        ));
});
