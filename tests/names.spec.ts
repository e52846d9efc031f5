import assert from "node:assert/strict";
import fc from "fast-check";
import * as names from "../lib/names";
import { uuidV5, deterministicUuid } from "../lib/uuid";
import { COMPUTE_KEY_PATTERN } from "../lib/compute";

const team = fc
    .tuple(fc.stringMatching(/^[a-z]$/), fc.array(fc.stringMatching(/^-?[a-z0-9]{1,4}$/), { maxLength: 5 }))
    .map(([head, rest]) => (head + rest.join("")).slice(0, 16).replace(/-+$/, ""))
    .filter((t) => names.TEAM_PATTERN.test(t));
const environment = fc.stringMatching(names.ENVIRONMENT_PATTERN);
const suffix = fc.stringMatching(/^[a-z0-9]{6}$/);

describe("names", () => {
    it("every generated name satisfies Azure's rule for its type, for any valid team, environment and suffix", () => {
        fc.assert(
            fc.property(team, environment, suffix, (t, e, s) => {
                const id = { team: t, environment: e, suffix: s };
                const generated: [names.NameKind, string][] = [
                    ["resourceGroup", names.resourceGroupName(id)],
                    ["storageAccount", names.storageAccountName(id)],
                    ["keyVault", names.keyVaultName(id)],
                    ["containerRegistry", names.containerRegistryName(id)],
                    ["logAnalytics", names.logAnalyticsName(id)],
                    ["appInsights", names.appInsightsName(id)],
                    ["mlWorkspace", names.mlWorkspaceName(id)],
                ];
                for (const [kind, name] of generated)
                    assert.deepEqual(names.nameProblems(kind, name), [], `${kind} ${name}`);
            }),
        );
    });

    it("user-assigned identity and online endpoint names satisfy their rules for any team, environment and key", () => {
        const key = fc
            .stringMatching(/^[a-z][a-z0-9]{0,8}(-[a-z0-9]{1,7})?$/)
            .filter((k) => COMPUTE_KEY_PATTERN.test(k));
        fc.assert(
            fc.property(team, environment, key, (t, e, k) => {
                const id = { team: t, environment: e };
                for (const purpose of ["workspace", `compute-${k}`, `endpoint-${k}`])
                    assert.deepEqual(
                        names.nameProblems("userAssignedIdentity", names.userAssignedIdentityName(id, purpose)),
                        [],
                    );
                const ep = names.onlineEndpointName(k, id);
                assert.deepEqual(names.nameProblems("onlineEndpoint", ep), [], ep);
                assert.ok(ep.startsWith(`${k}-`), "the key is never cut");
            }),
        );
    });

    it("globally unique names keep the whole suffix", () => {
        fc.assert(
            fc.property(team, environment, suffix, (t, e, s) => {
                const id = { team: t, environment: e, suffix: s };
                for (const n of [
                    names.storageAccountName(id),
                    names.keyVaultName(id),
                    names.containerRegistryName(id),
                ]) {
                    assert.ok(n.endsWith(s), `${n} ends with ${s}`);
                }
            }),
        );
    });

    it("gives the dev stack readable names", () => {
        const id = { team: "ml-platform", environment: "dev", suffix: "abc123" };
        assert.equal(names.resourceGroupName(id), "rg-ml-platform-dev");
        assert.equal(names.storageAccountName(id), "stmlplatformdevabc123");
        assert.equal(names.keyVaultName(id), "kv-ml-platform-de-abc123");
        assert.equal(names.mlWorkspaceName(id), "mlw-ml-platform-dev-abc123");
    });

    it("rejects names that break a rule, saying which", () => {
        assert.match(names.nameProblems("storageAccount", "St-1").join(), /lowercase letters and digits/);
        assert.match(names.nameProblems("keyVault", "kv--x").join(), /consecutive hyphens/);
        assert.match(names.nameProblems("keyVault", "1kv").join(), /starts with a letter/);
        assert.match(names.nameProblems("compute", "cpu-1").join(), /followed by a letter/);
        assert.deepEqual(names.nameProblems("compute", "cpu-a1"), []);
        assert.match(names.nameProblems("mlWorkspace", "x".repeat(34)).join(), /3-33 characters/);
    });
});

describe("uuid", () => {
    it("is RFC 4122 version 5 and matches a known vector", () => {
        // Python: uuid.uuid5(uuid.NAMESPACE_DNS, "python.org") == 886313e1-3b8a-5372-9b90-0c9aee199e5d
        assert.equal(
            uuidV5("python.org", "6ba7b810-9dad-11d1-80b4-00c04fd430c8"),
            "886313e1-3b8a-5372-9b90-0c9aee199e5d",
        );
    });
    it("is deterministic, case-insensitive and separates parts unambiguously", () => {
        assert.equal(deterministicUuid("/Sub/A", "p", "r"), deterministicUuid("/sub/a", "p", "r"));
        assert.notEqual(deterministicUuid("ab", "c"), deterministicUuid("a", "bc"));
    });
});
