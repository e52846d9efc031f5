/**
 * Production stacks judged by Microsoft's built-in Azure Policy definitions. The definitions' JSON
 * (Azure/azure-policy built-in-policies/policyDefinitions, commit f4a50bac) is not available to CI, so every
 * condition is restated here with the definition file named next to it.
 */
import assert from "node:assert/strict";
import { parseConfig, type StackConfig } from "../config";
import { stackExemptions } from "../config/hardening";
import { REVIEW_BY, renderExemptions } from "../lib/exemptions";
import { readStackConfig, ROOT } from "../offline/stackConfig";
import { mandatory, policyConfigFor, runPolicies } from "../offline/policies";
import storageSas7Days, { sasPeriodParts } from "../policy/policies/storage/builtinSasMax7Days";
import registryArmAudienceDisabled from "../policy/policies/registry/builtinArmAudienceDisabled";
import workspaceDnsZones from "../policy/policies/workspace/builtinPrivateDnsZones";
import { ALL_RULES } from "../policy/policies";
import type { ResourceRule } from "../policy/policies/kit";
import {
    type Evaluation,
    evaluateStack,
    inputs,
    ofType,
    one,
    newTeamProductionStack,
    PRODUCTION,
    PRODUCTION_ZONES,
    rejectsConfig,
    withGuardrails,
} from "./helpers";
import { T } from "./tokens";

const SUB = "00000000-0000-4000-8000-00000000b001";
const SCOPE_ID = `/subscriptions/${SUB}/resourceGroups/rg-monitor/providers/Microsoft.Insights/privateLinkScopes/ampls-hub`;
const ASSIGNMENT = `/subscriptions/${SUB}/providers/Microsoft.Authorization/policyAssignments/ml-initiative`;

/** Azure Policy compares strings case-insensitively. */
const same = (a: unknown, b: string): boolean => typeof a === "string" && a.toLowerCase() === b.toLowerCase();
const at = (o: unknown, dotted: string): unknown =>
    dotted
        .split(".")
        .reduce<unknown>(
            (n, k) => (n !== null && typeof n === "object" ? (n as Record<string, unknown>)[k] : undefined),
            o,
        );

interface Written {
    cfg: StackConfig;
    e: Evaluation;
}

/** A production stack exactly as `npm run new-team -- --production` writes it (plus `--set` extras). */
async function newTeamProduction(extra: string[] = []): Promise<Written> {
    const plan = newTeamProductionStack(extra);
    const cfg = parseConfig(readStackConfig(plan.stack, {}, ROOT, { config: plan.config }).config);
    const e = await evaluateStack({}, { stack: plan.stack, stackDoc: { config: plan.config } });
    return { cfg, e };
}

describe("built-in Azure Policy definitions", () => {
    let prod: Written;
    let dev: Evaluation;
    before(async () => {
        prod = await newTeamProduction();
        dev = await evaluateStack();
    });

    it("new-team --production: no findings, and its exemptions listed", async () => {
        const violations = await runPolicies(prod.e.resources, { config: policyConfigFor(prod.cfg) });
        // Workspace_UAIEnabled_Audit (5f0c7d88) is a documented exemption (workspace-system-identity): production
        // workspaces keep the system-assigned identity, whose grants the CI deploy identity can make (w4).
        assert.deepEqual(
            violations.map((v) => `${v.enforcement} ${v.policy}`),
            [],
        );
        const exemptions = stackExemptions(prod.cfg);
        assert.deepEqual(
            exemptions.map((x) => x.key),
            [
                "v1-legacy-mode",
                "compute-vnet",
                "customer-managed-key",
                "workspace-system-identity",
                "insights-public-network",
            ],
        );
        for (const x of exemptions) {
            assert.equal(x.reviewBy, REVIEW_BY);
            assert.ok(x.reason.length > 40, x.key);
        }
        const text = renderExemptions(exemptions, () => false);
        assert.match(text, /^Policy exemptions \(lib\/exemptions\.ts\): 5/);
        for (const guid of ["e413671a", "7804b5c7", "ba769a63", "7f40cee6", "5f0c7d88", "1bc02227", "dddfa1af"]) {
            assert.match(text, new RegExp(guid));
        }
    });

    it("the production profile meets each definition's condition for the fields it sets", () => {
        const st = inputs(one(prod.e, T.storage));
        // Storage/StorageAccountInfrastructureEncryptionEnabled_Audit.json: encryption.requireInfrastructureEncryption notEquals "true".
        assert.equal(at(st, "encryption.requireInfrastructureEncryption"), true);
        // Storage/StorageAccountSasPolicy_Restrict.json: sasPolicy exists.
        assert.ok(st["sasPolicy"] !== undefined);
        // Storage/EnforceStorageSasMaxExpiration7Days_Deny.json: split(sasExpirationPeriod, [':', '.']); day part
        // greater than 7, or 7 with any non-zero hh/mm/ss, or expirationAction missing / notEquals "Block" is denied.
        const period = String(at(st, "sasPolicy.sasExpirationPeriod"));
        const parts = period.split(/[:.]/).map(Number);
        assert.ok(parts[0]! <= 7 && (parts[0]! < 7 || parts.slice(1).every((p) => p === 0)), period);
        assert.ok(same(at(st, "sasPolicy.expirationAction"), "Block"));

        const cr = inputs(one(prod.e, T.registry));
        // Container Registry/ACR_ExportPolicy_AuditDeny.json: policies.exportPolicy.status notEquals "Disabled" OR
        // publicNetworkAccess notEquals "Disabled".
        assert.ok(same(at(cr, "policies.exportPolicy.status"), "Disabled"));
        assert.ok(same(cr["publicNetworkAccess"], "Disabled"));
        // Container Registry/ACR_AADAuthenticationAsArmPolicy_AuditDeny.json: policies.azureADAuthenticationAsArmPolicy
        // (.status) missing or "enabled".
        const arm = at(cr, "policies.azureADAuthenticationAsArmPolicy.status");
        assert.ok(arm !== undefined && !same(arm, "enabled"));

        // Machine Learning/Workspace_PrivateDnsZones_DINE.json: private endpoints with groupIds amlworkspace get a
        // zone group over privatelink.api.azureml.ms and privatelink.notebooks.azure.net.
        const pe = inputs(ofType(prod.e, T.privateEndpoint).find((r) => r.name.endsWith("-mlw-pe"))!);
        const groups = (pe["privateLinkServiceConnections"] as { groupIds: string[] }[]).flatMap((c) => c.groupIds);
        assert.ok(groups.some((g) => same(g, "amlworkspace")));
        const dns = inputs(ofType(prod.e, T.privateDnsZoneGroup).find((r) => r.name.endsWith("-mlw-pe-dns"))!);
        assert.equal(dns["privateEndpointName"], pe["privateEndpointName"]);
        assert.deepEqual(
            (dns["privateDnsZoneConfigs"] as { privateDnsZoneId: string }[])
                .map((c) => c.privateDnsZoneId.split("/").pop())
                .sort(),
            ["privatelink.api.azureml.ms", "privatelink.notebooks.azure.net"],
        );

        // Machine Learning/AuditDiagnosticLog_DINE.json: existence condition on a setting named profileName
        // (default "MachineLearningServicesDiagnosticsLogsToWorkspace"): logs.enabled == true, metrics.enabled == true
        // (logsEnabled/metricsEnabled defaults), workspaceId == the Log Analytics workspace.
        const d = inputs(one(prod.e, T.diagnostics));
        assert.equal(d["name"], "MachineLearningServicesDiagnosticsLogsToWorkspace");
        assert.ok((d["logs"] as { enabled: boolean }[]).every((l) => l.enabled === true));
        assert.deepEqual(d["metrics"], [{ category: "AllMetrics", enabled: true }]);
        assert.match(String(d["workspaceId"]), /Microsoft\.OperationalInsights\/workspaces\/log-risk-prod$/);
        assert.equal(one(prod.e, T.diagnostics).options.deleteBeforeReplace, true);
    });

    it("no Modify definition in the reference set would change what a production stack declares", () => {
        // Each entry: the definition file and its `if` condition over the declared inputs (true = Modify applies).
        const st = inputs(one(prod.e, T.storage));
        const cr = inputs(one(prod.e, T.registry));
        const kv = inputs(one(prod.e, T.vault));
        const ws = inputs(one(prod.e, T.workspace));
        const appi = inputs(one(prod.e, T.insights));
        const computes = ofType(prod.e, T.compute).map(inputs);
        assert.ok(computes.length > 0);
        const modifies: [string, boolean][] = [
            [
                "Container Registry/ACR_AADAuthenticationAsArmDisabled_Modify.json",
                at(cr, "policies.azureADAuthenticationAsArmPolicy.status") === undefined ||
                    same(at(cr, "policies.azureADAuthenticationAsArmPolicy.status"), "enabled"),
            ],
            ["Container Registry/ACR_AdminAccountDisabled_Modify.json", cr["adminUserEnabled"] === true],
            ["Container Registry/ACR_AnonymousPullDisabled_Modify.json", cr["anonymousPullEnabled"] === true],
            ["Container Registry/ACR_PublicNetworkAccess_Modify.json", !same(cr["publicNetworkAccess"], "Disabled")],
            ["Key Vault/FirewallEnabled_Modify.json", !same(at(kv, "properties.networkAcls.defaultAction"), "Deny")],
            [
                "Machine Learning/DisableLocalAuth_Modify.json",
                computes.some((c) => at(c, "properties.disableLocalAuth") !== true),
            ],
            [
                "Machine Learning/Workspace_PublicNetworkAccessDisabled_Modify.json",
                !same(ws["publicNetworkAccess"], "Disabled"),
            ],
            ["Storage/StorageAccountDisablePublicBlobAccess_Modify.json", st["allowBlobPublicAccess"] === true],
            // supportsHttpsTrafficOnly is the ARM name of the SDK's enableHttpsTrafficOnly.
            ["Storage/StorageAccountSecureTransfer_Modify.json", st["enableHttpsTrafficOnly"] === false],
            ["Storage/StoragePublicNetworkAccess_Modify.json", !same(st["publicNetworkAccess"], "Disabled")],
        ];
        assert.deepEqual(
            modifies.filter(([, applies]) => applies).map(([file]) => file),
            [],
        );
        // Monitoring/ApplicationInsightsComponents_NetworkAccessEnabled_Modify.json would set both properties to
        // Disabled. Without a private link scope the SDK sends its default "Enabled" for both
        // (applicationinsights/component.js), so the stack carries the exemption insights-public-network, which names
        // the Modify twin dddfa1af too: declared (policyExemptions), it keeps the Modify away from the component.
        assert.equal(appi["publicNetworkAccessForIngestion"], "Enabled");
        assert.equal(appi["publicNetworkAccessForQuery"], "Enabled");
        const exemption = stackExemptions(prod.cfg).find((x) => x.key === "insights-public-network");
        assert.deepEqual(
            exemption?.definitions.map((x) => x.name),
            ["1bc02227-0cb6-4e11-8f53-eb0b22eab7e8", "dddfa1af-dcd6-42f4-b5b0-e1db01e0b405"],
        );
    });

    it("with the platform's Azure Monitor Private Link Scope: ingestion and query closed, no exemption needed", async () => {
        const w = await newTeamProduction(["--set", `monitorPrivateLinkScopeId=${SCOPE_ID}`]);
        const appi = inputs(one(w.e, T.insights));
        // Monitoring/ApplicationInsightsComponents_NetworkAccessEnabled_Deny.json (and _Modify): both notEquals "disabled".
        assert.equal(appi["publicNetworkAccessForIngestion"], "Disabled");
        assert.equal(appi["publicNetworkAccessForQuery"], "Disabled");
        const scoped = ofType(w.e, T.privateLinkScopedResource)
            .map(inputs)
            .sort((a, b) => String(a["name"]).localeCompare(String(b["name"])));
        assert.deepEqual(
            scoped.map((s) => [s["resourceGroupName"], s["scopeName"], s["name"]]),
            [
                ["rg-monitor", "ampls-hub", "appi-risk-prod"],
                ["rg-monitor", "ampls-hub", "log-risk-prod"],
            ],
        );
        assert.match(String(scoped[0]!["linkedResourceId"]), /Microsoft\.Insights\/components\//);
        assert.match(String(scoped[1]!["linkedResourceId"]), /Microsoft\.OperationalInsights\/workspaces\//);
        for (const s of ofType(w.e, T.privateLinkScopedResource))
            assert.match(s.parent, /amlstamp:workspace:Workspace::risk-prod$/);
        assert.equal(
            stackExemptions(w.cfg).some((x) => x.key === "insights-public-network"),
            false,
        );
        const violations = await runPolicies(w.e.resources, { config: policyConfigFor(w.cfg) });
        // Workspace_UAIEnabled_Audit is met (production workspace identity: user-assigned).
        assert.deepEqual([...new Set(violations.map((v) => v.policy))], []);
    });

    // The platform must allow exemptions (platform/guardrails.yaml policyExemptions.allowed): config refuses
    // assignmentId otherwise, because CI's Contributor cannot write them (tests/deployerRefusals.spec.ts).
    it("exemptions are declared as PolicyExemption resources (Waiver, expiresOn) when given the assignment", () =>
        withGuardrails({ policyExemptions: { allowed: true } }, async () => {
            const refs = {
                "e413671a-dd10-4cc1-a943-45b598596cb7": "v1legacy",
                "7804b5c7-01dc-4723-969b-ae300cc07ff1": "vnet",
                "1bc02227-0cb6-4e11-8f53-eb0b22eab7e8": "appiDeny",
                "dddfa1af-dcd6-42f4-b5b0-e1db01e0b405": "appiModify",
                // no reference ids for the two CMK definitions: listed, not declared
            };
            const w = await newTeamProduction([
                "--set",
                `policyExemptions=${JSON.stringify({ assignmentId: ASSIGNMENT, referenceIds: refs })}`,
            ]);
            const exemptions = ofType(w.e, T.policyExemption);
            assert.deepEqual(exemptions.map((x) => x.name).sort(), [
                "risk-prod-exemptions-compute-vnet",
                "risk-prod-exemptions-insights-public-network",
                "risk-prod-exemptions-v1-legacy-mode",
            ]);
            const byName = Object.fromEntries(exemptions.map((x) => [x.name, inputs(x)]));
            const appi = byName["risk-prod-exemptions-insights-public-network"]!;
            assert.equal(appi["exemptionCategory"], "Waiver");
            assert.equal(appi["expiresOn"], `${REVIEW_BY}T00:00:00Z`);
            assert.equal(appi["policyAssignmentId"], ASSIGNMENT);
            assert.deepEqual(appi["policyDefinitionReferenceIds"], ["appiDeny", "appiModify"]);
            assert.equal(appi["policyExemptionName"], "aml-stamp-insights-public-network");
            assert.match(String(appi["scope"]), /Microsoft\.Insights\/components\/appi-risk-prod$/);
            assert.match(
                String(byName["risk-prod-exemptions-compute-vnet"]!["scope"]),
                /Microsoft\.MachineLearningServices\/workspaces\/[^/]+$/,
            );
            for (const x of exemptions)
                assert.match(x.parent, /amlstamp:policy:PolicyExemptions::risk-prod-exemptions$/);
            // Outside production there are no exemptions, so nothing is declared.
            const d = await evaluateStack({ policyExemptions: { assignmentId: ASSIGNMENT, referenceIds: refs } });
            assert.equal(ofType(d, T.policyExemption).length, 0);
        }));

    it("customer-managed key (option): key in the purge-protected vault, Cosmos DB and workspace granted, encryption on", async () => {
        const cosmos = "0f3ad8b1-2c4d-4e5f-8a9b-0c1d2e3f4a5b";
        const w = await newTeamProduction([
            "--set",
            `customerManagedKey=${JSON.stringify({ enabled: true, cosmosDbPrincipalId: cosmos })}`,
        ]);
        const key = one(w.e, T.keyVaultKey);
        const k = inputs(key);
        assert.equal(k["keyName"], "aml-stamp-cmk");
        assert.equal(k["vaultName"], inputs(one(w.e, T.vault))["vaultName"]);
        assert.equal(at(inputs(one(w.e, T.vault)), "properties.enablePurgeProtection"), true);
        assert.deepEqual(at(k, "properties.keyOps"), ["wrapKey", "unwrapKey"]);
        const ws = one(w.e, T.workspace);
        // Machine Learning/Workspace_CMKEnabled_Audit.json and _V2.json: encryption.status equals "enabled".
        assert.ok(same(at(inputs(ws), "encryption.status"), "Enabled"));
        assert.match(
            String(at(inputs(ws), "encryption.keyVaultProperties.keyIdentifier")),
            /\/keys\/aml-stamp-cmk\/\w+$/,
        );
        assert.match(
            String(at(inputs(ws), "encryption.keyVaultProperties.keyVaultArmId")),
            /Microsoft\.KeyVault\/vaults\//,
        );
        assert.deepEqual(ws.options.replaceOnChanges, ["encryption.status"]);
        // Key Vault Crypto Service Encryption User (e147488a-…) on the key, to Cosmos DB and to the workspace identity.
        const grants = ofType(w.e, T.roleAssignment)
            .map(inputs)
            .filter((g) => String(g["scope"]).includes("/keys/aml-stamp-cmk"));
        assert.equal(grants.length, 2);
        for (const g of grants) {
            assert.match(String(g["roleDefinitionId"]), /e147488a-f6f5-4113-8e2d-b22465e65bf6$/);
            assert.equal(g["principalType"], "ServicePrincipal");
        }
        assert.ok(grants.some((g) => g["principalId"] === cosmos));
        assert.equal(
            stackExemptions(w.cfg).some((x) => x.key === "customer-managed-key"),
            false,
        );
        const violations = await runPolicies(w.e.resources, { config: policyConfigFor(w.cfg) });
        // Workspace_UAIEnabled_Audit is met (production workspace identity: user-assigned).
        assert.deepEqual([...new Set(violations.map((v) => v.policy))], []);
        await rejectsConfig(
            { customerManagedKey: { enabled: true } },
            "customerManagedKey.cosmosDbPrincipalId",
            /Azure Cosmos DB/,
        );
        await rejectsConfig(
            { customerManagedKey: { enabled: true, cosmosDbPrincipalId: cosmos } },
            "customerManagedKey.enabled",
            /purge protection/,
        );
    });

    it("an existing production stack without infrastructure encryption carries the exemption; the property is creation-only", async () => {
        const e = await evaluateStack(PRODUCTION); // storageInfrastructureEncryption: false (the Pulumi.yaml default)
        const st = one(e, T.storage);
        assert.equal("encryption" in inputs(st), false);
        assert.deepEqual(st.options.replaceOnChanges, ["encryption.requireInfrastructureEncryption"]);
        assert.equal(st.options.protect, true);
        const cfg = parseConfig(readStackConfig("dev", PRODUCTION).config);
        assert.ok(stackExemptions(cfg).some((x) => x.key === "storage-infrastructure-encryption"));
        assert.equal(
            stackExemptions({ ...cfg, storageInfrastructureEncryption: true }).some(
                (x) => x.key === "storage-infrastructure-encryption",
            ),
            false,
        );
    });

    it("dev stack: today's resources and settings; the built-ins it fails stay advisory and listed", async () => {
        const st = inputs(one(dev, T.storage));
        assert.equal("sasPolicy" in st, false);
        assert.equal("encryption" in st, false);
        assert.equal("policies" in inputs(one(dev, T.registry)), false);
        assert.equal(inputs(one(dev, T.insights))["publicNetworkAccessForIngestion"], "Enabled"); // the SDK default
        for (const t of [T.diagnostics, T.privateLinkScopedResource, T.policyExemption])
            assert.equal(ofType(dev, t).length, 0, t);
        const cfg = parseConfig(readStackConfig("dev").config);
        assert.deepEqual(stackExemptions(cfg), []);
        const violations = await runPolicies(dev.resources, { config: policyConfigFor(cfg) });
        assert.deepEqual(mandatory(violations), []);
        const builtins = [...new Set(violations.filter((v) => v.policy.startsWith("builtin-")).map((v) => v.policy))];
        for (const p of [
            "builtin-storage-infrastructure-encryption",
            "builtin-storage-sas-policy",
            "builtin-storage-sas-max-7-days",
            "builtin-registry-exports-disabled",
            "builtin-registry-arm-audience-disabled",
            "builtin-app-insights-no-public-network",
            "builtin-workspace-user-assigned-identity",
            "builtin-workspace-cmk-v2",
            "builtin-workspace-v1-legacy-mode",
        ]) {
            assert.ok(builtins.includes(p), p);
        }
    });

    describe("config (each problem names its key)", () => {
        it("production stacks need both Azure ML DNS zones (central DNS)", async () => {
            await rejectsConfig(
                { ...PRODUCTION, privateDnsZoneIds: [PRODUCTION_ZONES[0]] },
                "privateDnsZoneIds",
                /production stacks require both zones privatelink\.api\.azureml\.ms and privatelink\.notebooks\.azure\.net/,
            );
        });
        it("an assignment without reference ids is refused (it would exempt from the whole initiative)", async () => {
            await rejectsConfig(
                { ...PRODUCTION, policyExemptions: { assignmentId: ASSIGNMENT } },
                "policyExemptions.referenceIds",
                /reference id of each exempted definition/,
            );
        });
        it("ids are checked", async () => {
            await rejectsConfig(
                { monitorPrivateLinkScopeId: "/subscriptions/x/ampls" },
                "monitorPrivateLinkScopeId",
                /Microsoft\.Insights\/privateLinkScopes/,
            );
            await rejectsConfig(
                { policyExemptions: { assignmentId: "ml-initiative", referenceIds: { x: "y" } } },
                "policyExemptions.assignmentId",
                /policy assignment ARM id/,
            );
        });
    });

    describe("rules mirror the definitions' conditions", () => {
        const sas = (sasPolicy: unknown): string[] => {
            const out: string[] = [];
            storageSas7Days.check({ sasPolicy }, (m) => out.push(m), {});
            return out;
        };
        it("every built-in resource rule: quiet on the production profile, reports a mutation naming the definition", () => {
            // [rule name, type, compliant inputs (as the production profile sets them), one mutation, definition file]
            const cases: [string, Record<string, unknown>, Record<string, unknown>, string][] = [
                [
                    "builtin-storage-infrastructure-encryption",
                    { encryption: { requireInfrastructureEncryption: true } },
                    { encryption: {} },
                    "StorageAccountInfrastructureEncryptionEnabled_Audit",
                ],
                [
                    "builtin-storage-sas-policy",
                    { sasPolicy: { sasExpirationPeriod: "7.00:00:00", expirationAction: "Block" } },
                    {},
                    "StorageAccountSasPolicy_Restrict",
                ],
                [
                    "builtin-registry-exports-disabled",
                    { publicNetworkAccess: "Disabled", policies: { exportPolicy: { status: "disabled" } } },
                    { publicNetworkAccess: "Enabled", policies: { exportPolicy: { status: "disabled" } } },
                    "ACR_ExportPolicy_AuditDeny",
                ],
                [
                    "builtin-app-insights-no-public-network",
                    { publicNetworkAccessForIngestion: "Disabled", publicNetworkAccessForQuery: "Disabled" },
                    { publicNetworkAccessForIngestion: "Disabled", publicNetworkAccessForQuery: "Enabled" },
                    "ApplicationInsightsComponents_NetworkAccessEnabled_Deny",
                ],
                [
                    "builtin-workspace-diagnostics-profile",
                    {
                        name: "MachineLearningServicesDiagnosticsLogsToWorkspace",
                        resourceUri:
                            "/subscriptions/s/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/mlw",
                        workspaceId:
                            "/subscriptions/s/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/log",
                        logs: [{ categoryGroup: "allLogs", enabled: true }],
                        metrics: [{ category: "AllMetrics", enabled: true }],
                    },
                    {
                        name: "aml-stamp-logs",
                        resourceUri:
                            "/subscriptions/s/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/mlw",
                        workspaceId:
                            "/subscriptions/s/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/log",
                        logs: [{ categoryGroup: "allLogs", enabled: true }],
                        metrics: [{ category: "AllMetrics", enabled: true }],
                    },
                    "AuditDiagnosticLog_DINE",
                ],
                [
                    "builtin-workspace-user-assigned-identity",
                    {
                        primaryUserAssignedIdentity:
                            "/subscriptions/s/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id",
                    },
                    { primaryUserAssignedIdentity: "" },
                    "Workspace_UAIEnabled_Audit",
                ],
                [
                    "builtin-workspace-cmk-v2",
                    { encryption: { status: "Enabled" } },
                    { encryption: { status: "Disabled" } },
                    "Workspace_CMKEnabled_Audit_V2",
                ],
                [
                    "builtin-workspace-v1-legacy-mode",
                    { v1LegacyMode: true },
                    { v1LegacyMode: false },
                    "Workspace_EnableV1LegacyMode_Audit",
                ],
                [
                    "builtin-compute-in-vnet",
                    {
                        properties: {
                            computeType: "AmlCompute",
                            properties: { subnet: { id: "/subscriptions/s/x/subnets/a" } },
                        },
                    },
                    { properties: { computeType: "AmlCompute", properties: {} } },
                    "Vnet_Audit",
                ],
            ];
            for (const [name, good, bad, file] of cases) {
                const rule = ALL_RULES.find((r) => r.name === name) as ResourceRule | undefined;
                assert.ok(rule !== undefined && rule.kind === "resource", name);
                const run = (props: Record<string, unknown>): string[] => {
                    const out: string[] = [];
                    rule.check(props, (m) => out.push(m), {});
                    return out;
                };
                assert.deepEqual(run(good), [], name);
                const found = run(bad);
                assert.equal(found.length, 1, `${name}: ${found.join("; ")}`);
                assert.ok(found[0]!.startsWith(`${file}: `), found[0]);
                assert.match(rule.id, /^AZ-[0-9a-f]{8}$/);
                assert.equal(rule.policy.enforcementLevel, "advisory");
            }
        });

        it("EnforceStorageSasMaxExpiration7Days_Deny: at most 7.00:00:00 with Block", () => {
            assert.deepEqual(sas({ sasExpirationPeriod: "7.00:00:00", expirationAction: "Block" }), []);
            assert.deepEqual(sas({ sasExpirationPeriod: "1.12:00:00", expirationAction: "block" }), []);
            for (const bad of ["7.00:00:01", "8.00:00:00", "30.00:00:00", "7"]) {
                assert.equal(sas({ sasExpirationPeriod: bad, expirationAction: "Block" }).length, 1, bad);
            }
            assert.equal(sas({ sasExpirationPeriod: "1.00:00:00", expirationAction: "Log" }).length, 1);
            assert.equal(sas(undefined).length, 2);
            assert.deepEqual(sasPeriodParts("7.01:02:03"), [7, 1, 2, 3]);
        });
        it("ACR_AADAuthenticationAsArmPolicy_AuditDeny: missing or enabled is non-compliant", () => {
            const found = (policies: unknown): number => {
                let n = 0;
                registryArmAudienceDisabled.check({ policies }, () => n++, {});
                return n;
            };
            assert.equal(found(undefined), 1);
            assert.equal(found({ azureADAuthenticationAsArmPolicy: { status: "Enabled" } }), 1);
            assert.equal(found({ azureADAuthenticationAsArmPolicy: { status: "disabled" } }), 0);
            // exempt: true (a documented exemption) turns the rule off
            let n = 0;
            registryArmAudienceDisabled.check({}, () => n++, { exempt: true });
            assert.equal(n, 0);
        });
        it("Workspace_PrivateDnsZones_DINE: a workspace endpoint without a zone group over both zones", () => {
            const pe = {
                type: T.privateEndpoint,
                name: "pe",
                urn: "urn:pe",
                props: { privateLinkServiceConnections: [{ groupIds: ["amlworkspace"] }] },
            };
            const group = (zones: string[]) => ({
                type: T.privateDnsZoneGroup,
                name: "g",
                urn: "urn:g",
                props: { privateDnsZoneConfigs: zones.map((z) => ({ privateDnsZoneId: `/x/privateDnsZones/${z}` })) },
            });
            const run = (resources: unknown[]): string[] => {
                const out: string[] = [];
                workspaceDnsZones.check(resources as never, (m) => out.push(m), {});
                return out;
            };
            assert.equal(run([pe]).length, 1);
            assert.equal(run([pe, group(["privatelink.api.azureml.ms"])]).length, 1);
            assert.deepEqual(run([pe, group(["privatelink.api.azureml.ms", "privatelink.notebooks.azure.net"])]), []);
        });
    });
});
