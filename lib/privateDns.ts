/**
 * The private DNS zones of the stamp's private endpoints, per endpoint: the workspace endpoint (sub-resource
 * amlworkspace) registers in the two Azure ML zones, the default storage's `blob` and `file` endpoints (production)
 * in the storage zones. ONE table: config/hardening.ts validates `privateDnsZoneIds` against it (a production stack
 * must give every zone, a missing one is named) and the Workspace picks each endpoint's zones from it.
 *
 * Zone names: MicrosoftDocs/azure-docs articles/private-link/private-endpoint-dns.md ("AI + Machine Learning":
 * privatelink.api.azureml.ms, privatelink.notebooks.azure.net; "Storage": blob → privatelink.blob.core.windows.net,
 * file → privatelink.file.core.windows.net); the workspace pair is also the one Azure Policy
 * Workspace_PrivateDnsZones_DINE.json takes.
 */

/** The zones of each private endpoint the stamp declares. */
export const ENDPOINT_DNS_ZONES = {
    workspace: ["privatelink.api.azureml.ms", "privatelink.notebooks.azure.net"],
    blob: ["privatelink.blob.core.windows.net"],
    file: ["privatelink.file.core.windows.net"],
} as const;

export type PrivateEndpointKind = keyof typeof ENDPOINT_DNS_ZONES;

/** The sub-resources of the default storage that get a private endpoint for studio (how-to-managed-network.md). */
export const STORAGE_ENDPOINT_KINDS = ["blob", "file"] as const satisfies readonly PrivateEndpointKind[];

/** Every zone a production stamp's private endpoints need, in table order. */
export const STAMP_DNS_ZONES: readonly string[] = Object.values(ENDPOINT_DNS_ZONES).flat();

/** The zone name of a private DNS zone ARM id (its last segment, lowercase). */
export function zoneNameOf(zoneId: string): string {
    return (zoneId.split("/").pop() ?? zoneId).toLowerCase();
}

/** The given zone ids that one endpoint registers in (by zone name). */
export function zonesFor(kind: PrivateEndpointKind, zoneIds: readonly string[]): string[] {
    const names: readonly string[] = ENDPOINT_DNS_ZONES[kind];
    return zoneIds.filter((id) => names.includes(zoneNameOf(id)));
}
