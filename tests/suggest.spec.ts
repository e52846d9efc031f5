import * as assert from "assert";
import fc from "fast-check";
import { didYouMean, suggest } from "../lib/suggest";

describe("did-you-mean suggestions (lib/suggest.ts)", () => {
    it("finds the intended key, region or role", () => {
        assert.deepStrictEqual(suggest("westeurop", ["westeurope", "westus", "northeurope"]), ["westeurope"]);
        assert.deepStrictEqual(suggest("maxNode", ["vmSize", "maxNodes", "minNodes"]).slice(0, 1), ["maxNodes"]);
        assert.match(
            didYouMean("AzureML Data Scientst", ["AzureML Data Scientist", "Reader"]),
            /"AzureML Data Scientist"/,
        );
    });

    it("suggests nothing when nothing is close", () => {
        assert.equal(didYouMean("zzzzzzzz", ["team", "environment"]), "");
    });

    it("always suggests an exact candidate that differs only in case or separators", () => {
        fc.assert(
            fc.property(fc.array(fc.stringMatching(/^[a-z]{3,12}$/), { minLength: 1, maxLength: 20 }), (keys) => {
                const k = keys[0]!;
                assert.equal(suggest(k.toUpperCase(), keys)[0]?.toLowerCase(), k);
            }),
        );
    });
});
