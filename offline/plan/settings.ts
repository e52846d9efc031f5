/**
 * The plan model's per-resource view: the settings a reviewer reads per type (input paths, secrets masked), the
 * resource options shown as flags, and the notes for resources Pulumi replaces instead of updating.
 */
import { SAFEGUARD_SETTINGS } from "./safeguards";
import type { Registered } from "../evaluate";
import { isSecretValue } from "../evaluate";
import { type ComputeKindKey, kindOfComputeType } from "../../lib/computeKinds";

export const MASK = "[secret]";

/** The settings the plan shows for every compute, before its kind's own (KIND_PLAN_SETTINGS). */
export const COMPUTE_PLAN_SETTINGS: readonly string[] = [
    "computeName",
    "identity.type",
    "properties.computeType",
    "properties.disableLocalAuth",
];

/** Per compute kind, the settings the plan shows after the common ones, in order (under properties.properties). */
export const KIND_PLAN_SETTINGS: Readonly<Record<ComputeKindKey, readonly string[]>> = {
    cluster: ["vmSize", "scaleSettings", "remoteLoginPortPublicAccess", "enableNodePublicIp", "vmPriority"],
    instance: [
        "vmSize",
        "idleTimeBeforeShutdown",
        "sshSettings.sshPublicAccess",
        "enableNodePublicIp",
        "personalComputeInstanceSettings.assignedUser.objectId",
        "applicationSharingPolicy",
        "schedules.computeStartStop",
    ],
};

/** The settings a reviewer cares about, per resource type (input paths). */
const SUMMARY: Record<string, readonly string[]> = {
    ...SAFEGUARD_SETTINGS,
    "azure-native:resources:ResourceGroup": ["resourceGroupName", "location"],
    "azure-native:storage:StorageAccount": [
        "accountName",
        "sku.name",
        "enableHttpsTrafficOnly",
        "minimumTlsVersion",
        "allowBlobPublicAccess",
        "allowCrossTenantReplication",
        "allowSharedKeyAccess",
        "isLocalUserEnabled",
        "publicNetworkAccess",
        "networkRuleSet.defaultAction",
    ],
    "azure-native:storage:BlobServiceProperties": ["deleteRetentionPolicy", "containerDeleteRetentionPolicy"],
    "azure-native:monitor:DiagnosticSetting": ["name", "logs", "workspaceId"],
    "azure-native:network:PrivateEndpoint": [
        "privateEndpointName",
        "subnet.id",
        "privateLinkServiceConnections.0.groupIds",
    ],
    "azure-native:network:PrivateDnsZoneGroup": ["privateDnsZoneConfigs"],
    "azure-native:keyvault:Vault": [
        "vaultName",
        "properties.enableRbacAuthorization",
        "properties.enableSoftDelete",
        "properties.softDeleteRetentionInDays",
        "properties.enablePurgeProtection",
        // Not properties.publicNetworkAccess: the SDK fills in "enabled" and the dev plan would change.
        "properties.networkAcls.defaultAction",
    ],
    "azure-native:operationalinsights:Workspace": ["workspaceName", "sku.name", "retentionInDays"],
    "azure-native:applicationinsights:Component": [
        "resourceName",
        "workspaceResourceId",
        "ingestionMode",
        "disableLocalAuth",
    ],
    "azure-native:containerregistry:Registry": [
        "registryName",
        "sku.name",
        "adminUserEnabled",
        "anonymousPullEnabled",
        "publicNetworkAccess",
    ],
    "azure-native:machinelearningservices:Workspace": [
        "workspaceName",
        "identity.type",
        "publicNetworkAccess",
        "managedNetwork.isolationMode",
        "systemDatastoresAuthMode",
        "imageBuildCompute",
        "primaryUserAssignedIdentity",
    ],
    "azure-native:managedidentity:UserAssignedIdentity": ["resourceName"],
    // The auth mode and, for key / aml_token, the stated reason (in the description).
    "azure-native:machinelearningservices:OnlineEndpoint": [
        "endpointName",
        "identity.type",
        "properties.authMode",
        "properties.description",
    ],
    // Computes: the common settings, then the kind's own (KIND_PLAN_SETTINGS; summaryKeys).
    "azure-native:machinelearningservices:Compute": COMPUTE_PLAN_SETTINGS,
    "azure-native:authorization:RoleAssignment": ["principalType", "description"],
    "azure-native:authorization:RoleDefinition": [
        "roleName",
        "assignableScopes",
        "permissions.0.actions",
        "permissions.0.notActions",
    ],
    "azuread:index/conditionalAccessPolicy:ConditionalAccessPolicy": [
        "displayName",
        "state",
        "conditions.applications.includedApplications",
        "conditions.users.includedGroups",
        "grantControls.operator",
        "grantControls.builtInControls",
    ],
    "random:index/randomString:RandomString": ["length"],
    "azuread:index/application:Application": ["displayName", "signInAudience", "owners"],
    "azuread:index/servicePrincipal:ServicePrincipal": ["owners"],
    // `value` is an output (never an input); the SDK and the component both mark it secret.
    "azuread:index/applicationPassword:ApplicationPassword": ["displayName", "endDate", "rotateWhenChanged"],
    "azuread:index/applicationFederatedIdentityCredential:ApplicationFederatedIdentityCredential": [
        "displayName",
        "issuer",
        "subject",
        "audiences",
    ],
    "azure-native:keyvault:Secret": ["secretName", "properties.value", "properties.attributes.expires"],
};

export function mask(value: unknown): unknown {
    if (isSecretValue(value)) return MASK;
    if (Array.isArray(value)) return value.map(mask);
    if (value !== null && typeof value === "object") {
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mask(v)]));
    }
    return value;
}

/** The compute kind (lib/computeKinds.ts) of a registered Compute, from its `properties.computeType`. */
export function computeKindOf(r: Registered): ReturnType<typeof kindOfComputeType> {
    return kindOfComputeType((r.inputs["properties"] as Record<string, unknown> | undefined)?.["computeType"]);
}

/** The settings the plan shows for a resource: its type's, and for a compute its kind's after them. */
export function summaryKeys(r: Registered): readonly string[] {
    const kind = computeKindOf(r);
    const own = kind !== undefined ? KIND_PLAN_SETTINGS[kind.key].map((k) => `properties.properties.${k}`) : [];
    return [...(SUMMARY[r.type] ?? []), ...own];
}

export function at(inputs: Record<string, unknown>, dotted: string): unknown {
    let node: unknown = inputs;
    for (const part of dotted.split(".")) {
        if (isSecretValue(node)) return MASK;
        if (node === null || typeof node !== "object") return undefined;
        node = (node as Record<string, unknown>)[part];
    }
    return mask(node);
}

/**
 * Notes for resources that Pulumi replaces instead of updating: with deleteBeforeReplace the old one is deleted
 * before the new one exists. A compute instance loses its local disk (docs/compute.md).
 */
export function replacementNotes(r: Registered): string[] {
    if (!r.options.deleteBeforeReplace || r.options.replaceOnChanges.length === 0) return [];
    const paths = r.options.replaceOnChanges.join(", ");
    const kind = computeKindOf(r);
    if (kind?.replaceLosesDisk === true) {
        return [
            `changing any of ${paths} DELETES and recreates this ${kind.label}, and its local disk with it (Azure cannot update these settings in place; see docs/compute.md)`,
        ];
    }
    return [`changing any of ${paths} deletes and recreates this resource (Azure cannot update these in place)`];
}

export function optionFlags(r: Registered): string[] {
    const flags: string[] = [];
    if (r.options.protect) flags.push("protect");
    if (r.options.deleteBeforeReplace) flags.push("deleteBeforeReplace");
    if (r.options.replaceOnChanges.length > 0) flags.push(`replaceOnChanges=${r.options.replaceOnChanges.join(",")}`);
    if (r.options.ignoreChanges.length > 0) flags.push(`ignoreChanges=${r.options.ignoreChanges.join(",")}`);
    if (r.options.retainOnDelete) flags.push("retainOnDelete");
    if (r.options.additionalSecretOutputs.length > 0)
        flags.push(`secretOutputs=${r.options.additionalSecretOutputs.join(",")}`);
    return flags;
}

export function fmt(value: unknown): string {
    return typeof value === "string" ? value : JSON.stringify(value);
}
