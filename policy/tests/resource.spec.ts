import assert from "node:assert/strict";
import { type Case, mutate, resource, RG, SUB, violations } from "./fixtures";
import type { Props, ResourceRule } from "../policies/kit";
import { T } from "../policies/kit";
import { ROLES } from "../../lib/roles";
import { setClock } from "../../lib/clock";
import cp01 from "../policies/compute/localAuthDisabled";
import cp02 from "../policies/compute/instanceIdleShutdown";
import cp05 from "../policies/compute/noPublicSsh";
import cp06 from "../policies/compute/clusterScalesToZero";
import cp07 from "../policies/compute/vmSizeAllowed";
import cp08 from "../policies/compute/noPublicIp";
import ws01 from "../policies/workspace/publicAccessDisabled";
import ws02 from "../policies/workspace/privateEndpointGroup";
import ws03 from "../policies/workspace/customerManagedKey";
import ws05 from "../policies/workspace/approvedOutboundOnly";
import ws08 from "../policies/workspace/identityDatastores";
import ws09 from "../policies/workspace/outboundAllowed";
import kv01 from "../policies/keyVault/softDelete";
import kv02 from "../policies/keyVault/purgeProtection";
import kv03 from "../policies/keyVault/rbacAuthorization";
import kv0405 from "../policies/keyVault/networkClosed";
import st01 from "../policies/storage/noBlobPublicAccess";
import st02 from "../policies/storage/tls12";
import st03 from "../policies/storage/httpsOnly";
import st04 from "../policies/storage/noSharedKey";
import st0506 from "../policies/storage/networkClosed";
import st09 from "../policies/storage/noCrossTenantReplication";
import st14 from "../policies/storage/noLocalUsers";
import cr01 from "../policies/registry/noAdminUser";
import cr02 from "../policies/registry/noAnonymousPull";
import cr03 from "../policies/registry/publicAccessDisabled";
import ai01 from "../policies/appInsights/workspaceBased";
import ai02 from "../policies/appInsights/noLocalAuth";
import ra01 from "../policies/roleAssignment/principalType";
import ra02 from "../policies/roleAssignment/notPrivileged";
import ra03 from "../policies/roleAssignment/narrowScope";
import ra06 from "../policies/customRole/leastPrivilege";
import en01 from "../policies/entra/passwordEndDate";
import en02 from "../policies/entra/federatedCredentialWellFormed";
import en03 from "../policies/entra/conditionalAccessCoversAml";

const instance: Props = {
    computeName: "ci-alice",
    properties: {
        computeType: "ComputeInstance",
        disableLocalAuth: true,
        properties: {
            vmSize: "Standard_DS3_v2",
            idleTimeBeforeShutdown: "PT30M",
            sshSettings: { sshPublicAccess: "Disabled" },
            enableNodePublicIp: false,
        },
    },
};
const cluster: Props = {
    computeName: "cpu",
    properties: {
        computeType: "AmlCompute",
        disableLocalAuth: true,
        properties: {
            vmSize: "STANDARD_DS11_V2",
            remoteLoginPortPublicAccess: "Disabled",
            scaleSettings: { minNodeCount: 0, maxNodeCount: 4 },
            enableNodePublicIp: false,
        },
    },
};
const workspace: Props = {
    workspaceName: "mlw",
    publicNetworkAccess: "Disabled",
    managedNetwork: { isolationMode: "AllowOnlyApprovedOutbound" },
    systemDatastoresAuthMode: "identity",
    encryption: {
        status: "Enabled",
        keyVaultProperties: { keyIdentifier: "https://kv/keys/k/1", keyVaultArmId: "kv" },
    },
};
/** A workspace with one rule of each type, and the allow-list (pack config) they are inside. */
const LAKE =
    "/subscriptions/00000000-0000-4000-8000-000000000001/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/stlake";
const withOutbound: Props = {
    ...workspace,
    managedNetwork: {
        isolationMode: "AllowOnlyApprovedOutbound",
        firewallSku: "Standard",
        outboundRules: {
            pypi: { type: "FQDN", category: "UserDefined", destination: "pypi.org" },
            adf: {
                type: "ServiceTag",
                category: "UserDefined",
                destination: { serviceTag: "DataFactory", protocol: "TCP", portRanges: "443" },
            },
            lake: {
                type: "PrivateEndpoint",
                category: "UserDefined",
                destination: { serviceResourceId: LAKE, subresourceTarget: "dfs", sparkEnabled: false },
            },
            // Azure ML's own rules are not the stack's to approve.
            required: { type: "FQDN", category: "Required", destination: "anything.example.com" },
        },
    },
};
const OUTBOUND_CONFIG = {
    fqdns: ["pypi.org", "*.pythonhosted.org"],
    serviceTags: ["DataFactory"],
    privateEndpointTargets: { "Microsoft.Storage/storageAccounts": ["blob", "dfs"] },
};
const vault: Props = {
    vaultName: "kv",
    properties: {
        enableSoftDelete: true,
        enableRbacAuthorization: true,
        enablePurgeProtection: true,
        publicNetworkAccess: "Disabled",
        networkAcls: { defaultAction: "Deny" },
    },
};
const storage: Props = {
    accountName: "st",
    allowBlobPublicAccess: false,
    minimumTlsVersion: "TLS1_2",
    enableHttpsTrafficOnly: true,
    allowCrossTenantReplication: false,
    isLocalUserEnabled: false,
    allowSharedKeyAccess: false,
    publicNetworkAccess: "Disabled",
    networkRuleSet: { defaultAction: "Deny" },
};
const registry: Props = {
    registryName: "cr",
    adminUserEnabled: false,
    anonymousPullEnabled: false,
    publicNetworkAccess: "Disabled",
};
const insights: Props = {
    resourceName: "appi",
    workspaceResourceId: `${RG}/providers/Microsoft.OperationalInsights/workspaces/log`,
    disableLocalAuth: true,
};
const endpoint: Props = {
    privateLinkServiceConnections: [
        {
            name: "mlw",
            privateLinkServiceId: `${RG}/providers/Microsoft.MachineLearningServices/workspaces/mlw`,
            groupIds: ["amlworkspace"],
        },
    ],
};
const assignment: Props = {
    scope: `${RG}/providers/Microsoft.MachineLearningServices/workspaces/mlw`,
    principalId: "11111111-1111-4111-8111-111111111111",
    principalType: "Group",
    roleDefinitionId: `${SUB}/providers/Microsoft.Authorization/roleDefinitions/${ROLES.reader.id}`,
};
const definition: Props = {
    scope: SUB,
    roleName: "aml-stamp AzureML Compute User (00000000-0000-4000-8000-00000000a001)",
    permissions: [{ actions: ["Microsoft.MachineLearningServices/workspaces/computes/start/action"], notActions: [] }],
    assignableScopes: [SUB],
};
const NOW = new Date("2026-05-01T00:00:00Z");
const password: Props = {
    applicationId: "/applications/x",
    startDate: "2026-05-01T00:00:00Z",
    endDate: "2026-10-28T00:00:00Z",
};
const federated: Props = {
    applicationId: "/applications/x",
    displayName: "main",
    issuer: "https://token.actions.githubusercontent.com",
    subject: "repo:contoso/ml-platform:ref:refs/heads/main",
    audiences: ["api://AzureADTokenExchange"],
};
const ca: Props = {
    displayName: "aml",
    state: "enabledForReportingButNotEnforced",
    conditions: {
        clientAppTypes: ["all"],
        applications: {
            includedApplications: [
                "d7304df8-741f-47d3-9bc2-df0e24e2071f",
                "cb2ff863-7f30-4ced-ab89-a00194bcf6d9",
                "0736f41a-0425-4b46-bdb5-1563eff02385",
            ],
        },
        users: { includedGroups: ["11111111-1111-4111-8111-111111111111"] },
    },
};

interface Suite {
    readonly rule: ResourceRule;
    readonly type: string;
    readonly compliant: Props;
    readonly cases: readonly Case[];
    readonly config?: Record<string, unknown>;
}

const m = (title: string, path: string, value: unknown, expect: RegExp): Case => ({ title, path, value, expect });

const SUITES: Suite[] = [
    {
        rule: cp01,
        type: T.compute,
        compliant: instance,
        cases: [
            m("local auth left on", "properties.disableLocalAuth", false, /disableLocalAuth must be true/),
            m("local auth missing", "properties.disableLocalAuth", undefined, /missing/),
        ],
    },
    {
        rule: cp02,
        type: T.compute,
        compliant: instance,
        cases: [
            m("no idle shutdown", "properties.properties.idleTimeBeforeShutdown", undefined, /ISO 8601/),
            m(
                "idle shutdown under 15 minutes",
                "properties.properties.idleTimeBeforeShutdown",
                "PT10M",
                /15 minutes to 3 days/,
            ),
            m(
                "idle shutdown over 3 days",
                "properties.properties.idleTimeBeforeShutdown",
                "P3DT1M",
                /15 minutes to 3 days/,
            ),
            m("not a duration", "properties.properties.idleTimeBeforeShutdown", "30", /ISO 8601/),
        ],
    },
    {
        rule: cp05,
        type: T.compute,
        compliant: instance,
        cases: [
            m(
                "instance SSH public",
                "properties.properties.sshSettings.sshPublicAccess",
                "Enabled",
                /sshPublicAccess must be Disabled/,
            ),
        ],
    },
    {
        rule: cp05,
        type: T.compute,
        compliant: cluster,
        cases: [
            m(
                "cluster remote login not disabled",
                "properties.properties.remoteLoginPortPublicAccess",
                "NotSpecified",
                /remoteLoginPortPublicAccess must be Disabled/,
            ),
        ],
    },
    {
        rule: cp06,
        type: T.compute,
        compliant: cluster,
        cases: [
            m("min nodes 1", "properties.properties.scaleSettings.minNodeCount", 1, /must be 0/),
            m("min nodes missing", "properties.properties.scaleSettings.minNodeCount", undefined, /missing/),
        ],
    },
    {
        rule: cp07,
        type: T.compute,
        compliant: cluster,
        cases: [m("not a VM size name", "properties.properties.vmSize", "big", /Azure VM size name/)],
    },
    {
        rule: cp07,
        type: T.compute,
        compliant: cluster,
        config: { allowedVmSizes: ["Standard_DS11_v2"] },
        cases: [
            m(
                "size outside the allow-list",
                "properties.properties.vmSize",
                "Standard_NC24ads_A100_v4",
                /not in the allow-list/,
            ),
        ],
    },
    {
        rule: cp08,
        type: T.compute,
        compliant: cluster,
        cases: [
            m("public IP on", "properties.properties.enableNodePublicIp", true, /enableNodePublicIp must be false/),
            m("public IP unset", "properties.properties.enableNodePublicIp", undefined, /missing/),
        ],
    },
    {
        rule: ws01,
        type: T.workspace,
        compliant: workspace,
        cases: [m("public access on", "publicNetworkAccess", "Enabled", /must be Disabled/)],
    },
    {
        rule: ws02,
        type: T.privateEndpoint,
        compliant: endpoint,
        cases: [
            m(
                "wrong sub-resource",
                "privateLinkServiceConnections",
                [
                    {
                        privateLinkServiceId: `${RG}/providers/Microsoft.MachineLearningServices/workspaces/mlw`,
                        groupIds: ["blob"],
                    },
                ],
                /amlworkspace/,
            ),
        ],
    },
    {
        rule: ws03,
        type: T.workspace,
        compliant: workspace,
        cases: [m("no customer-managed key", "encryption", undefined, /encryption.status must be Enabled/)],
    },
    {
        rule: ws09,
        type: T.workspace,
        compliant: withOutbound,
        config: OUTBOUND_CONFIG,
        cases: [
            m(
                "an FQDN outside the allow-list",
                "managedNetwork.outboundRules.pypi.destination",
                "pastebin.com",
                /outboundRules\.pypi: FQDN pastebin\.com is not in the platform's allow-list; allowed FQDN patterns: pypi\.org, \*\.pythonhosted\.org/,
            ),
            m(
                "a service tag outside the allow-list",
                "managedNetwork.outboundRules.adf.destination.serviceTag",
                "Sql",
                /service tag Sql is not in the platform's allow-list; allowed service tags: DataFactory/,
            ),
            m(
                "a private endpoint sub-resource outside the allow-list",
                "managedNetwork.outboundRules.lake.destination.subresourceTarget",
                "web",
                /sub-resource web of Microsoft\.Storage\/storageAccounts is not in the platform's allow-list; allowed: blob, dfs/,
            ),
            m(
                "an unknown rule type",
                "managedNetwork.outboundRules.pypi.type",
                "Ip",
                /type must be FQDN, ServiceTag or PrivateEndpoint/,
            ),
        ],
    },
    {
        rule: ws09,
        type: T.workspace,
        compliant: {
            ...workspace,
            managedNetwork: {
                isolationMode: "AllowOnlyApprovedOutbound",
                outboundRules: { pypi: { type: "FQDN", category: "UserDefined", destination: "pypi.org" } },
            },
        },
        config: OUTBOUND_CONFIG,
        cases: [
            m(
                "an FQDN rule with internet outbound",
                "managedNetwork.isolationMode",
                "AllowInternetOutbound",
                /outboundRules\.pypi: a FQDN rule is only valid with isolationMode AllowOnlyApprovedOutbound/,
            ),
        ],
    },
    {
        rule: ws09,
        type: T.workspace,
        compliant: workspace,
        cases: [
            m(
                "no pack config: nothing is allowed",
                "managedNetwork.outboundRules",
                { pypi: { type: "FQDN", category: "UserDefined", destination: "pypi.org" } },
                /allowed FQDN patterns: none/,
            ),
        ],
    },
    {
        rule: ws05,
        type: T.workspace,
        compliant: workspace,
        cases: [
            m(
                "internet outbound",
                "managedNetwork.isolationMode",
                "AllowInternetOutbound",
                /AllowOnlyApprovedOutbound/,
            ),
        ],
    },
    {
        rule: ws08,
        type: T.workspace,
        compliant: workspace,
        cases: [m("access key datastores", "systemDatastoresAuthMode", "accessKey", /must be identity/)],
    },
    {
        rule: kv01,
        type: T.vault,
        compliant: vault,
        cases: [m("soft delete off", "properties.enableSoftDelete", false, /not false/)],
    },
    {
        rule: kv02,
        type: T.vault,
        compliant: vault,
        cases: [m("purge protection missing", "properties.enablePurgeProtection", undefined, /must be true/)],
    },
    {
        rule: kv03,
        type: T.vault,
        compliant: vault,
        cases: [m("access policies (SDK default)", "properties.enableRbacAuthorization", undefined, /must be true/)],
    },
    {
        rule: kv0405,
        type: T.vault,
        compliant: vault,
        cases: [
            m("firewall open", "properties.networkAcls.defaultAction", "Allow", /defaultAction must be Deny/),
            m(
                "public access enabled",
                "properties.publicNetworkAccess",
                "enabled",
                /publicNetworkAccess must be Disabled/,
            ),
        ],
    },
    {
        rule: st01,
        type: T.storage,
        compliant: storage,
        cases: [
            m("blob public access left out", "allowBlobPublicAccess", undefined, /must be false/),
            m("blob public access on", "allowBlobPublicAccess", true, /must be false/),
        ],
    },
    {
        rule: st02,
        type: T.storage,
        compliant: storage,
        cases: [
            m("TLS 1.0", "minimumTlsVersion", "TLS1_0", /TLS1_2/),
            m("TLS 1.3 fails the built-in policy", "minimumTlsVersion", "TLS1_3", /TLS1_2/),
        ],
    },
    {
        rule: st03,
        type: T.storage,
        compliant: storage,
        cases: [m("HTTP allowed", "enableHttpsTrafficOnly", false, /not false/)],
    },
    {
        rule: st04,
        type: T.storage,
        compliant: storage,
        cases: [m("shared keys on", "allowSharedKeyAccess", true, /must be false/)],
    },
    {
        rule: st0506,
        type: T.storage,
        compliant: storage,
        cases: [
            m("public access on", "publicNetworkAccess", "Enabled", /publicNetworkAccess must be Disabled/),
            m("firewall open", "networkRuleSet.defaultAction", "Allow", /defaultAction must be Deny/),
        ],
    },
    {
        rule: st09,
        type: T.storage,
        compliant: storage,
        cases: [m("cross-tenant replication left out", "allowCrossTenantReplication", undefined, /must be false/)],
    },
    {
        rule: st14,
        type: T.storage,
        compliant: storage,
        cases: [m("local users on", "isLocalUserEnabled", true, /not true/)],
    },
    {
        rule: cr01,
        type: T.registry,
        compliant: registry,
        cases: [m("admin user on", "adminUserEnabled", true, /not true/)],
    },
    {
        rule: cr02,
        type: T.registry,
        compliant: registry,
        cases: [m("anonymous pull on", "anonymousPullEnabled", true, /not true/)],
    },
    {
        rule: cr03,
        type: T.registry,
        compliant: registry,
        cases: [m("public access on", "publicNetworkAccess", "Enabled", /must be Disabled/)],
    },
    {
        rule: ai01,
        type: T.insights,
        compliant: insights,
        cases: [m("classic Application Insights", "workspaceResourceId", undefined, /must be set/)],
    },
    {
        rule: ai02,
        type: T.insights,
        compliant: insights,
        cases: [m("local auth on", "disableLocalAuth", false, /must be true/)],
    },
    {
        rule: ra01,
        type: T.roleAssignment,
        compliant: assignment,
        cases: [
            m("SDK default User", "principalType", "User", /ServicePrincipal or Group/),
            m("principalType missing", "principalType", undefined, /missing/),
        ],
    },
    {
        rule: ra02,
        type: T.roleAssignment,
        compliant: assignment,
        cases: [
            m(
                "Owner",
                "roleDefinitionId",
                `${SUB}/providers/Microsoft.Authorization/roleDefinitions/${ROLES.owner.id}`,
                /Owner is privileged/,
            ),
            m(
                "Contributor",
                "roleDefinitionId",
                `${SUB}/providers/Microsoft.Authorization/roleDefinitions/${ROLES.contributor.id}`,
                /Contributor is privileged/,
            ),
            m(
                "User Access Administrator",
                "roleDefinitionId",
                ROLES.userAccessAdministrator.id,
                /User Access Administrator is privileged/,
            ),
            m(
                "RBAC Administrator",
                "roleDefinitionId",
                `${SUB}/providers/Microsoft.Authorization/roleDefinitions/${ROLES.rbacAdministrator.id.toUpperCase()}`,
                /Role Based Access Control Administrator is privileged/,
            ),
            m(
                "Storage Account Contributor (account keys)",
                "roleDefinitionId",
                `${SUB}/providers/Microsoft.Authorization/roleDefinitions/${ROLES.storageAccountContributor.id}`,
                /Storage Account Contributor is privileged/,
            ),
        ],
    },
    {
        rule: ra03,
        type: T.roleAssignment,
        compliant: assignment,
        cases: [
            m("subscription scope", "scope", SUB, /not a subscription/),
            m(
                "management group scope",
                "scope",
                "/providers/Microsoft.Management/managementGroups/contoso",
                /not a subscription/,
            ),
            m("root scope", "scope", "/", /not a subscription/),
        ],
    },
    {
        rule: ra06,
        type: T.roleDefinition,
        compliant: definition,
        config: { platformStack: true },
        cases: [
            m("star action", "permissions", [{ actions: ["*"] }], /must not use wildcards/),
            m(
                "wildcard action",
                "permissions",
                [{ actions: ["Microsoft.MachineLearningServices/workspaces/*/read"] }],
                /must not use wildcards/,
            ),
            m("assignable at a resource group", "assignableScopes", [RG], /only the subscription id/),
            m("assignable at the root", "assignableScopes", ["/"], /only the subscription id/),
            m(
                "assignable at a management group",
                "assignableScopes",
                ["/providers/Microsoft.Management/managementGroups/contoso"],
                /only the subscription id/,
            ),
            m("no assignable scopes", "assignableScopes", [], /must list/),
            m("defined at a resource group", "scope", RG, /scope must be the platform's subscription id/),
        ],
    },
    {
        rule: en01,
        type: T.password,
        compliant: password,
        cases: [
            m("no end date (2-year default)", "endDate", undefined, /endDate must be set/),
            m("end date too far", "endDate", "2027-06-01T00:00:00Z", /more than the maximum lifetime of 365 days/),
            m("end before start", "endDate", "2026-04-01T00:00:00Z", /must be after the start/),
            m("relative end date", "endDateRelative", "8760h", /endDateRelative is deprecated/),
        ],
    },
    {
        rule: en01,
        type: T.password,
        compliant: mutate(password, "startDate", undefined),
        cases: [m("no start date counts from now", "endDate", "2027-05-02T00:00:00Z", /maximum lifetime/)],
    },
    {
        rule: en02,
        type: T.federated,
        compliant: federated,
        cases: [
            m("wildcard repository", "subject", "repo:contoso/*:ref:refs/heads/main", /wildcard/),
            m("malformed GitHub subject", "subject", "repo:contoso/ml-platform:main", /GitHub subjects are/),
            m("tag subject without refs/tags", "subject", "repo:contoso/ml-platform:ref:v1", /GitHub subjects are/),
            m("wrong audience", "audiences", ["api://AzureADTokenExchange", "other"], /exactly/),
            m("http issuer", "issuer", "http://token.actions.githubusercontent.com", /https URL/),
        ],
    },
    {
        rule: en03,
        type: T.conditionalAccess,
        compliant: ca,
        cases: [
            m(
                "studio only",
                "conditions.applications.includedApplications",
                ["d7304df8-741f-47d3-9bc2-df0e24e2071f"],
                /misses cb2ff863/,
            ),
        ],
    },
];

describe("policy pack: resource rules (compliant fixture, one mutation per test)", () => {
    before(() => setClock(NOW));
    after(() => setClock(undefined));

    for (const s of SUITES) {
        describe(`${s.rule.id} ${s.rule.name} (${s.rule.policy.enforcementLevel})`, () => {
            it("passes the compliant fixture", async () => {
                assert.deepEqual(await violations(s.rule, [resource(s.type, "subject", s.compliant)], s.config), []);
            });
            for (const c of s.cases) {
                it(`flags: ${c.title}`, async () => {
                    const found = await violations(
                        s.rule,
                        [resource(s.type, "subject", mutate(s.compliant, c.path, c.value))],
                        s.config,
                    );
                    assert.equal(found.length, 1, `one violation expected, got ${JSON.stringify(found)}`);
                    assert.match(found[0]!, c.expect);
                    assert.ok(found[0]!.startsWith(`[${s.rule.id}] `), "the message names the baseline row");
                });
            }
        });
    }

    it("ignores resources of other types", async () => {
        for (const s of SUITES) {
            assert.deepEqual(
                await violations(s.rule, [resource("random:index/randomString:RandomString", "x", { length: 6 })]),
                [],
            );
        }
    });

    it("Baseline rows are mandatory, Hardened rows advisory", () => {
        for (const s of SUITES) {
            assert.equal(
                s.rule.policy.enforcementLevel,
                s.rule.level === "baseline" ? "mandatory" : "advisory",
                s.rule.name,
            );
        }
    });
});
