/**
 * Machine Learning built-ins (lib/exemptions.ts BUILTIN), conditions restated from Azure/azure-policy
 * built-in-policies/policyDefinitions/Machine Learning/*.json.
 */
import { BUILTIN } from "../../lib/exemptions";
import { builtinResourceRule, builtinStackRule } from "./builtin";
import { computeType, get, sameText, show, T } from "./kit";

/** The `profileName` parameter default of AuditDiagnosticLog_DINE.json: its existence condition looks for this name. */
export const DIAGNOSTIC_PROFILE_NAME = "MachineLearningServicesDiagnosticsLogsToWorkspace";

/** Zones of Workspace_PrivateDnsZones_DINE.json's zone group (privatelink.api.azureml.ms and notebooks). */
const WORKSPACE_ZONES = ["privatelink.api.azureml.ms", "privatelink.notebooks.azure.net"];

interface Connection {
    groupIds?: unknown;
}
interface ZoneConfig {
    privateDnsZoneId?: unknown;
}

function isWorkspaceEndpoint(props: Record<string, unknown>): boolean {
    const workspace = (connections: Connection[] | undefined): boolean =>
        (connections ?? []).some(
            (c) => Array.isArray(c.groupIds) && (c.groupIds as unknown[]).some((g) => sameText(g, "amlworkspace")),
        );
    // Manual connections only when the automatic ones do not match: a stack policy sees outputs, and in a preview
    // every output the program does not set is unknown (azure-native PreviewOutputs); reading one makes
    // @pulumi/policy skip the whole policy (tests/policyShapes.spec.ts).
    return (
        workspace(props["privateLinkServiceConnections"] as Connection[] | undefined) ||
        workspace(props["manualPrivateLinkServiceConnections"] as Connection[] | undefined)
    );
}

/**
 * Workspace_PrivateDnsZones_DINE: every private endpoint with groupIds amlworkspace gets a privateDnsZoneGroups
 * child over the two zones (the DINE deploys one named "deployedByPolicy" otherwise, outside the stack). A stack
 * policy over OUTPUTS (endpoint privateLinkServiceConnections[].groupIds, zone group privateDnsZoneConfigs): the
 * zone group's endpoint name is a URL input that outputs do not carry, so the check counts zone groups over both
 * zones against workspace endpoints.
 */
export const workspaceDnsZones = builtinStackRule({
    definition: BUILTIN.workspaceDnsZones,
    name: "builtin-workspace-private-dns-zones",
    description:
        "each workspace private endpoint (amlworkspace) has a PrivateDnsZoneGroup over privatelink.api.azureml.ms and privatelink.notebooks.azure.net.",
    check: (resources, report) => {
        const endpoints = resources.filter((r) => r.type === T.privateEndpoint && isWorkspaceEndpoint(r.props));
        const groups = resources.filter((r) => {
            if (r.type !== T.privateDnsZoneGroup) return false;
            const zones = ((r.props["privateDnsZoneConfigs"] as ZoneConfig[] | undefined) ?? []).map((c) =>
                String(c.privateDnsZoneId ?? "")
                    .split("/")
                    .pop()
                    ?.toLowerCase(),
            );
            return WORKSPACE_ZONES.every((z) => zones.includes(z));
        });
        endpoints
            .slice(groups.length)
            .forEach((pe) =>
                report(
                    `${pe.name}: no PrivateDnsZoneGroup with both ${WORKSPACE_ZONES.join(" and ")} for this workspace private endpoint`,
                    pe.urn,
                ),
            );
    },
});

interface Toggle {
    enabled?: unknown;
}

/**
 * AuditDiagnosticLog_DINE: a diagnostic setting on the workspace named `profileName`
 * ("MachineLearningServicesDiagnosticsLogsToWorkspace") with logs.enabled and metrics.enabled true (the
 * logsEnabled/metricsEnabled defaults) and a workspaceId. A resource policy over the setting's inputs (resourceUri
 * is an input only); existence is WS-06's business.
 */
export const workspaceDiagnosticsName = builtinResourceRule({
    definition: BUILTIN.workspaceDiagnosticsDine,
    name: "builtin-workspace-diagnostics-profile",
    description: `a workspace diagnostic setting named ${DIAGNOSTIC_PROFILE_NAME} with logs and metrics enabled to Log Analytics, so the DINE deploys no second one.`,
    types: [T.diagnostics],
    check: (props, report) => {
        if (
            !/\/providers\/Microsoft\.MachineLearningServices\/workspaces\/[^/]+$/i.test(
                String(props["resourceUri"] ?? ""),
            )
        )
            return;
        if (!sameText(props["name"], DIAGNOSTIC_PROFILE_NAME)) {
            report(`name must be ${DIAGNOSTIC_PROFILE_NAME} (the DINE's profileName); found ${show(props["name"])}`);
        }
        const logs = (props["logs"] as Toggle[] | undefined) ?? [];
        const metrics = (props["metrics"] as Toggle[] | undefined) ?? [];
        if (!logs.some((l) => l.enabled === true)) report(`logs[].enabled must be true; found ${show(props["logs"])}`);
        if (!metrics.some((m) => m.enabled === true)) {
            report(`metrics[].enabled must be true; found ${show(props["metrics"])}`);
        }
        if (typeof props["workspaceId"] !== "string" || props["workspaceId"] === "") {
            report(`workspaceId must be the Log Analytics workspace; found ${show(props["workspaceId"])}`);
        }
    },
});

/** Workspace_UAIEnabled_Audit: primaryUserAssignedIdentity exists and is not "". */
export const workspaceUserAssignedIdentity = builtinResourceRule({
    definition: BUILTIN.workspaceUserAssignedIdentity,
    name: "builtin-workspace-user-assigned-identity",
    description: "primaryUserAssignedIdentity set (a user-assigned identity on the workspace).",
    types: [T.workspace],
    check: (props, report) => {
        const v = props["primaryUserAssignedIdentity"];
        if (typeof v !== "string" || v === "") report(`primaryUserAssignedIdentity must be set; found ${show(v)}`);
    },
});

/** Workspace_CMKEnabled_Audit_V2 (AuditIfNotExists): kind not "project" and encryption.status "Enabled". */
export const workspaceCmkV2 = builtinResourceRule({
    definition: BUILTIN.workspaceCmkV2,
    name: "builtin-workspace-cmk-v2",
    description: 'encryption.status "Enabled" (workspaces other than kind project).',
    types: [T.workspace],
    check: (props, report) => {
        if (sameText(props["kind"], "project")) return;
        const status = get(props, "encryption.status");
        if (!sameText(status, "Enabled")) report(`encryption.status must be Enabled; found ${show(status)}`);
    },
});

/** Workspace_EnableV1LegacyMode_Audit: v1LegacyMode notEquals "true". */
export const workspaceV1LegacyMode = builtinResourceRule({
    definition: BUILTIN.workspaceV1LegacyMode,
    name: "builtin-workspace-v1-legacy-mode",
    description: "v1LegacyMode true (production stacks carry a documented exemption: the v2 managed network is used).",
    types: [T.workspace],
    check: (props, report) => {
        const v = props["v1LegacyMode"];
        if (v !== true && !sameText(v, "true")) report(`v1LegacyMode must be true; found ${show(v)}`);
    },
});

/** Vnet_Audit: AmlCompute and ComputeInstance have a non-empty subnet.id (properties.properties.subnet.id). */
export const computeInVnet = builtinResourceRule({
    definition: BUILTIN.computeVnet,
    name: "builtin-compute-in-vnet",
    description:
        "AmlCompute/ComputeInstance properties.properties.subnet.id set (production stacks carry a documented exemption: the managed network has no customer subnet).",
    types: [T.compute],
    check: (props, report) => {
        const type = computeType(props);
        if (type !== "AmlCompute" && type !== "ComputeInstance") return;
        const id = get(props, "properties.properties.subnet.id");
        if (typeof id !== "string" || id === "") {
            report(`properties.properties.subnet.id must be a subnet; found ${show(id)}`);
        }
    },
});
