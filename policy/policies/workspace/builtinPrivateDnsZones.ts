/**
 * Machine Learning built-ins (lib/exemptions.ts BUILTIN), conditions restated from Azure/azure-policy
 * built-in-policies/policyDefinitions/Machine Learning/*.json.
 */
import { BUILTIN } from "../../../lib/exemptions";
import { builtinStackRule } from "../kit/builtin";
import { sameText, T } from "../kit";

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
    // Manual connections only when there are no automatic ones (an endpoint with automatic connections to a storage
    // account is not a workspace endpoint): a stack policy sees outputs, and in a preview every output the program
    // does not set is unknown (azure-native PreviewOutputs); reading one makes @pulumi/policy skip the whole policy
    // (tests/policyShapes.spec.ts).
    const automatic = props["privateLinkServiceConnections"] as Connection[] | undefined;
    if (Array.isArray(automatic) && automatic.length > 0) return workspace(automatic);
    return workspace(props["manualPrivateLinkServiceConnections"] as Connection[] | undefined);
}

/**
 * Workspace_PrivateDnsZones_DINE: every private endpoint with groupIds amlworkspace gets a privateDnsZoneGroups
 * child over the two zones (the DINE deploys one named "deployedByPolicy" otherwise, outside the stack). A stack
 * policy over OUTPUTS (endpoint privateLinkServiceConnections[].groupIds, zone group privateDnsZoneConfigs): the
 * zone group's endpoint name is a URL input that outputs do not carry, so the check counts zone groups over both
 * zones against workspace endpoints.
 */
export default builtinStackRule({
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
