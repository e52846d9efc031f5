import * as pulumi from "@pulumi/pulumi";
import * as network from "@pulumi/azure-native/network";
import type { WorkspaceContext } from "./context";
import { zonesFor } from "../../lib/privateDns";

/**
 * WS-01/WS-02: the workspace's private endpoint in the customer's subnet, sub-resource amlworkspace
 * (`${name}-mlw-pe`), and its DNS zone group over the given Azure ML zones (`${name}-mlw-pe-dns`, only with zones;
 * the storage zones are the storage endpoints', components/workspace/storage.ts).
 */
export function buildPrivateEndpoint(
    ctx: WorkspaceContext,
    endpoint: { subnetId: string; privateDnsZoneIds?: readonly string[] },
    workspaceId: pulumi.Input<string>,
): network.PrivateEndpoint {
    const { name, id } = ctx;
    const pe = new network.PrivateEndpoint(
        `${name}-mlw-pe`,
        {
            resourceGroupName: ctx.resourceGroupName,
            // Private endpoint names: 2-64 word characters, periods and hyphens; team (<=16) and environment (<=8) fit.
            privateEndpointName: `pe-mlw-${id.team}-${id.environment}`,
            location: ctx.location,
            subnet: { id: endpoint.subnetId },
            privateLinkServiceConnections: [
                { name: "amlworkspace", privateLinkServiceId: workspaceId, groupIds: ["amlworkspace"] },
            ],
            tags: ctx.tags,
        },
        { parent: ctx.parent },
    );
    buildDnsZoneGroup(ctx, `${name}-mlw-pe-dns`, pe, zonesFor("workspace", endpoint.privateDnsZoneIds ?? []));
    return pe;
}

/** A private endpoint's DNS zone group `default` over the given zones (`<name>`; none without zones). */
export function buildDnsZoneGroup(
    ctx: WorkspaceContext,
    resourceName: string,
    pe: network.PrivateEndpoint,
    zones: readonly string[],
): network.PrivateDnsZoneGroup | undefined {
    if (zones.length === 0) return undefined;
    return new network.PrivateDnsZoneGroup(
        resourceName,
        {
            resourceGroupName: ctx.resourceGroupName,
            privateEndpointName: pe.name,
            privateDnsZoneGroupName: "default",
            privateDnsZoneConfigs: zones.map((zoneId) => ({
                name: (zoneId.split("/").pop() ?? zoneId).replace(/\./g, "-"),
                privateDnsZoneId: zoneId,
            })),
        },
        { parent: ctx.parent },
    );
}
