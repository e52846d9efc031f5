import assert from "node:assert/strict";
import { loadGuardrails } from "../config/guardrails";
import { ConfigError } from "../config";
import { HARDENED_PROFILE } from "../lib/hardening";
import { PRODUCTION_DEFAULTS } from "../offline/stackFiles";
import { mandatory, policyConfigFor, runPolicies } from "../offline/policies";
import {
    type Evaluation,
    evaluateStack,
    inputs,
    one,
    ofType,
    parseDev,
    PRODUCTION,
    PRODUCTION_SUBNET as SUBNET,
    PRODUCTION_ZONES as ZONES,
    thrown,
    type Registered,
} from "./helpers";
import { T } from "./tokens";

function problemsOf(overrides: Record<string, unknown>): string {
    try {
        parseDev(overrides);
    } catch (err) {
        if (err instanceof ConfigError) return err.message;
        throw err;
    }
    return "";
}

describe("the hardened profile is stated once (lib/hardening.ts)", () => {
    it("validation names each setting of HARDENED_PROFILE a production stack does not state", () => {
        // An allowed value other than the hardened one, per key (a new profile setting needs a row here).
        const other: Record<string, unknown> = {
            publicNetworkAccess: "Enabled",
            managedNetworkIsolation: "AllowInternetOutbound",
            containerRegistry: false,
            containerRegistrySku: "Standard",
        };
        for (const s of HARDENED_PROFILE) {
            assert.ok(s.key in other, `no other value for ${s.key}`);
            const wrong = other[s.key];
            const message = problemsOf({ ...PRODUCTION, [s.key]: wrong });
            assert.ok(
                message.includes(`aml-stamp:${s.key}`) && message.includes(JSON.stringify(s.value)),
                `${s.key}: ${message}`,
            );
        }
    });

    it("new-team --production and the tests' production stack carry every setting", () => {
        for (const s of HARDENED_PROFILE) {
            assert.equal(PRODUCTION_DEFAULTS[s.key], s.value, `new-team: ${s.key}`);
            assert.equal(PRODUCTION[s.key], s.value, `tests/helpers.ts: ${s.key}`);
        }
    });
});

describe("hardened profile (production stacks)", () => {
    let prod: Evaluation;
    let dev: Evaluation;
    before(async () => {
        prod = await evaluateStack(PRODUCTION);
        dev = await evaluateStack();
    });

    it("a production stack has zero mandatory policy violations (every Hardened row met)", async () => {
        const cfg = parseDev(PRODUCTION);
        const violations = await runPolicies(prod.resources, { config: policyConfigFor(cfg) });
        // Workspace_UAIEnabled_Audit (5f0c7d88) carries the documented exemption workspace-system-identity: the
        // production workspace identity is system-assigned by default (docs/hardening.md, "Workspace identity").
        assert.deepEqual(
            mandatory(violations).map((v) => v.message),
            [],
        );
        // Everything else is met or carries a documented exemption (lib/exemptions.ts), including the optional
        // customer-managed key (WS-03).
        assert.deepEqual([...new Set(violations.map((v) => v.policy))], []);
    });

    it("storage: shared keys off, public access Disabled, firewall Deny with the trusted-services bypass; blob soft delete", () => {
        const st = inputs(one(prod, T.storage));
        assert.equal(st["allowSharedKeyAccess"], false);
        assert.equal(st["publicNetworkAccess"], "Disabled");
        assert.deepEqual(st["networkRuleSet"], { defaultAction: "Deny", bypass: "AzureServices" });
        const blob = one(prod, T.blobService);
        assert.deepEqual(inputs(blob)["deleteRetentionPolicy"], { enabled: true, days: 7 });
        assert.equal(inputs(blob)["accountName"], st["accountName"]);
        assert.match(
            blob.urn,
            /amlstamp:workspace:Workspace\$azure-native:storage:BlobServiceProperties::ml-platform-prod-blob$/,
        );
    });

    it("key vault: network ACL Deny (AzureServices bypass) and public access Disabled", () => {
        const props = inputs(one(prod, T.vault))["properties"] as Record<string, unknown>;
        assert.deepEqual(props["networkAcls"], { defaultAction: "Deny", bypass: "AzureServices" });
        assert.equal(props["publicNetworkAccess"], "Disabled");
        assert.equal(props["enablePurgeProtection"], true);
    });

    it("registry Premium without public access; App Insights without local auth", () => {
        const cr = inputs(one(prod, T.registry));
        assert.deepEqual(cr["sku"], { name: "Premium" });
        assert.equal(cr["publicNetworkAccess"], "Disabled");
        assert.equal(cr["networkRuleBypassOptions"], "AzureServices");
        assert.equal(inputs(one(prod, T.insights))["disableLocalAuth"], true);
    });

    it("workspace: private, approved outbound only, identity datastores, image builds on the named cluster", () => {
        const ws = inputs(one(prod, T.workspace));
        assert.equal(ws["publicNetworkAccess"], "Disabled");
        assert.equal((ws["managedNetwork"] as Record<string, unknown>)["isolationMode"], "AllowOnlyApprovedOutbound");
        assert.equal(ws["systemDatastoresAuthMode"], "identity");
        const cluster = ofType(prod, T.compute).map((c) => inputs(c)["computeName"]);
        assert.deepEqual(cluster, [ws["imageBuildCompute"]]);
    });

    it("diagnostic setting: allLogs of the workspace to the platform's Log Analytics workspace", () => {
        const d = ofType(prod, T.diagnostics).find((r) => r.name.endsWith("-mlw-diag"))!;
        const args = inputs(d);
        assert.deepEqual(args["logs"], [{ categoryGroup: "allLogs", enabled: true }]);
        // platform/guardrails.yaml monitoring.logAnalyticsWorkspaceId (tests/hardeningBuiltin.spec.ts: the DINE).
        assert.equal(args["workspaceId"], loadGuardrails().monitoring.logAnalyticsWorkspaceId);
        assert.match(String(args["workspaceId"]), /Microsoft\.OperationalInsights\/workspaces\//);
        assert.match(String(args["resourceUri"]), /Microsoft\.MachineLearningServices\/workspaces\//);
        assert.match(
            d.urn,
            /amlstamp:workspace:Workspace\$azure-native:monitor:DiagnosticSetting::ml-platform-prod-mlw-diag$/,
        );
    });

    it("private endpoint in the given subnet to the workspace (amlworkspace) with both DNS zones", () => {
        const pe = inputs(named(prod, T.privateEndpoint, "ml-platform-prod-mlw-pe"));
        assert.equal((pe["subnet"] as Record<string, unknown>)["id"], SUBNET);
        const conns = pe["privateLinkServiceConnections"] as Record<string, unknown>[];
        assert.equal(conns.length, 1);
        assert.deepEqual(conns[0]!["groupIds"], ["amlworkspace"]);
        assert.match(String(conns[0]!["privateLinkServiceId"]), /Microsoft\.MachineLearningServices\/workspaces\//);
        const dns = inputs(named(prod, T.privateDnsZoneGroup, "ml-platform-prod-mlw-pe-dns"));
        assert.equal(dns["privateEndpointName"], pe["privateEndpointName"]);
        assert.deepEqual(
            (dns["privateDnsZoneConfigs"] as Record<string, unknown>[]).map((c) => c["privateDnsZoneId"]),
            ZONES.slice(0, 2),
        );
    });

    it("dev stack: none of the hardened resources or settings", () => {
        for (const t of [T.blobService, T.diagnostics, T.privateEndpoint, T.privateDnsZoneGroup])
            assert.equal(ofType(dev, t).length, 0, t);
        const st = inputs(one(dev, T.storage));
        assert.equal(st["allowSharedKeyAccess"], true);
        assert.equal("publicNetworkAccess" in st, false);
        assert.equal("systemDatastoresAuthMode" in inputs(one(dev, T.workspace)), false);
        assert.equal("disableLocalAuth" in inputs(one(dev, T.insights)), false);
    });

    describe("config rules (each names its key)", () => {
        const cases: [string, Record<string, unknown>, RegExp][] = [
            [
                "publicNetworkAccess",
                { publicNetworkAccess: "Enabled" },
                /aml-stamp:publicNetworkAccess = "?Enabled"?: production stacks require "Disabled"/,
            ],
            [
                "managedNetworkIsolation",
                { managedNetworkIsolation: "AllowInternetOutbound" },
                /aml-stamp:managedNetworkIsolation .*production stacks require "AllowOnlyApprovedOutbound"/,
            ],
            [
                "containerRegistrySku",
                { containerRegistrySku: "Basic" },
                /aml-stamp:containerRegistrySku .*production stacks require "Premium"/,
            ],
            [
                "containerRegistry",
                { containerRegistry: false },
                /aml-stamp:containerRegistry .*production stacks require true/,
            ],
            [
                "imageBuildCompute (missing)",
                { imageBuildCompute: "" },
                /aml-stamp:imageBuildCompute .*production stacks require a cluster key/,
            ],
            [
                "privateEndpointSubnetId",
                { privateEndpointSubnetId: "", privateDnsZoneIds: [] },
                /aml-stamp:privateEndpointSubnetId .*production stacks require the subnet/,
            ],
            [
                "computeInstances",
                {
                    computeInstances: {
                        bob: {
                            userObjectId: "3f2a6c1e-8b4d-4e7a-9c5f-1d2e3f4a5b6c",
                            vmSize: "Standard_DS11_v2",
                            idleTimeBeforeShutdown: "PT60M",
                        },
                    },
                },
                /aml-stamp:computeInstances\.bob .*production stacks have no compute instances: creating one needs storage shared-key access/,
            ],
        ];
        for (const [name, over, expected] of cases) {
            it(`production: ${name}`, () => assert.match(problemsOf({ ...PRODUCTION, ...over }), expected));
        }

        it("imageBuildCompute must name a declared cluster (any stack)", () => {
            assert.match(
                problemsOf({ imageBuildCompute: "gpu" }),
                /aml-stamp:imageBuildCompute = "?gpu"?: must name a cluster declared in computeClusters \(declared: cpu\)/,
            );
        });
        it("privateEndpointSubnetId must be a subnet ARM id", () => {
            assert.match(
                problemsOf({ privateEndpointSubnetId: "snet-pe" }),
                /aml-stamp:privateEndpointSubnetId .*subnet ARM id/,
            );
        });
        it("privateDnsZoneIds: only the stamp's zones, each once, and only with a subnet", () => {
            const wrong = ZONES[0]!.replace("privatelink.api.azureml.ms", "privatelink.vaultcore.azure.net");
            assert.match(
                problemsOf({ privateEndpointSubnetId: SUBNET, privateDnsZoneIds: [wrong] }),
                /aml-stamp:privateDnsZoneIds\[0\] .*privatelink\.api\.azureml\.ms, privatelink\.notebooks\.azure\.net, privatelink\.blob\.core\.windows\.net, privatelink\.file\.core\.windows\.net/,
            );
            assert.match(
                problemsOf({ privateEndpointSubnetId: SUBNET, privateDnsZoneIds: [ZONES[0], ZONES[0]] }),
                /aml-stamp:privateDnsZoneIds .*each zone at most once/,
            );
            assert.match(
                problemsOf({ privateDnsZoneIds: ZONES.slice(0, 2) }),
                /aml-stamp:privateDnsZoneIds .*needs privateEndpointSubnetId/,
            );
            // The storage zones serve the storage endpoints only production stacks get.
            assert.match(
                problemsOf({ privateEndpointSubnetId: SUBNET, privateDnsZoneIds: ZONES }),
                /aml-stamp:privateDnsZoneIds .*privatelink\.blob\.core\.windows\.net and privatelink\.file\.core\.windows\.net are only used by the default storage's private endpoints/,
            );
        });
        it("the production overrides themselves are valid", () => {
            assert.equal(problemsOf(PRODUCTION), "");
        });
    });

    it("a Workspace component refuses the hardened profile without a Premium registry", async () => {
        // Config refuses it first for production stacks; the component guards direct use.
        const err = await thrown(() => evaluateStack({ ...PRODUCTION, containerRegistrySku: "Standard" }));
        assert.match(err.message, /containerRegistrySku/);
    });
});

/** The resource of `type` named `name` (a stack has several private endpoints and zone groups). */
function named(e: Evaluation, type: string, name: string): Registered {
    const found = ofType(e, type).filter((r) => r.name === name);
    assert.equal(
        found.length,
        1,
        `${type} ${name}: ${ofType(e, type)
            .map((r) => r.name)
            .join(", ")}`,
    );
    return found[0]!;
}
