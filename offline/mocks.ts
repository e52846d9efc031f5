/**
 * The Pulumi mocks that the offline plan and the tests share (one module, not two).
 *
 * A resource's outputs are what its provider returns, not its inputs: only the properties the installed SDK class
 * declares as outputs (offline/sdkShapes.ts reads them from the generated class), with the input's value
 * where Azure echoes it, plus what Azure computes (ids, names, principal ids, random results, Entra object ids) and,
 * for azure-native v3, `azureApiVersion`. Inputs that only form the request URL (`resourceGroupName`, `scope`,
 * `resourceUri`, `accountName`, …) are not outputs, exactly as with the real provider. Values are derived from
 * names, so two evaluations of the same stack are identical. Components get no provider outputs (the engine records
 * what `registerOutputs` sends). Invokes are answered only for the tokens listed in INVOKES: any other token throws,
 * so a new data source never silently returns nothing.
 */
import type * as pulumi from "@pulumi/pulumi";
import { isUnknown } from "@pulumi/pulumi/output";
import { createHash } from "crypto";
import { uuidV5 } from "../lib/uuid";
import { COSMOS_DB_APP_ID } from "../lib/keyVault";
import { MICROSOFT_GRAPH_APP_ID } from "../lib/platform";
import { sdkShape } from "./sdkShapes";

/** The fake identity the offline runtime deploys as. */
export const FAKE_CLIENT = {
    subscriptionId: "00000000-0000-4000-8000-00000000a001",
    tenantId: "00000000-0000-4000-8000-00000000a002",
    clientId: "00000000-0000-4000-8000-00000000a003",
    objectId: "00000000-0000-4000-8000-00000000a004",
} as const;

const OFFLINE_NAMESPACE = "7d7a4c1e-8f0b-5b7e-a1c2-0f4e5d6c7b8a";

/** A deterministic UUID for a fake output, from the resource type, name and the output's role. */
export function fakeUuid(...parts: string[]): string {
    return uuidV5(parts.join("|"), OFFLINE_NAMESPACE);
}

function fakeToken(length: number, seed: string, alphabet = "abcdefghijklmnopqrstuvwxyz0123456789"): string {
    let out = "";
    let counter = 0;
    while (out.length < length) {
        const digest = createHash("sha256").update(`${seed}#${counter++}`).digest();
        for (const byte of digest) {
            if (out.length >= length) break;
            out += alphabet[byte % alphabet.length];
        }
    }
    return out;
}

/** ARM provider/type segments of the azure-native resources the stamp declares, and their name input. */
const ARM: Record<string, { provider: string; nameInput: string }> = {
    "azure-native:storage:StorageAccount": { provider: "Microsoft.Storage/storageAccounts", nameInput: "accountName" },
    "azure-native:keyvault:Vault": { provider: "Microsoft.KeyVault/vaults", nameInput: "vaultName" },
    "azure-native:keyvault:Secret": {
        provider: "Microsoft.KeyVault/vaults/{vaultName}/secrets",
        nameInput: "secretName",
    },
    "azure-native:keyvault:Key": { provider: "Microsoft.KeyVault/vaults/{vaultName}/keys", nameInput: "keyName" },
    "azure-native:operationalinsights:Workspace": {
        provider: "Microsoft.OperationalInsights/workspaces",
        nameInput: "workspaceName",
    },
    "azure-native:applicationinsights:Component": {
        provider: "Microsoft.Insights/components",
        nameInput: "resourceName",
    },
    "azure-native:containerregistry:Registry": {
        provider: "Microsoft.ContainerRegistry/registries",
        nameInput: "registryName",
    },
    "azure-native:machinelearningservices:Workspace": {
        provider: "Microsoft.MachineLearningServices/workspaces",
        nameInput: "workspaceName",
    },
    "azure-native:storage:BlobServiceProperties": {
        provider: "Microsoft.Storage/storageAccounts/{accountName}/blobServices",
        nameInput: "blobServicesName",
    },
    "azure-native:network:PrivateEndpoint": {
        provider: "Microsoft.Network/privateEndpoints",
        nameInput: "privateEndpointName",
    },
    "azure-native:network:PrivateDnsZoneGroup": {
        provider: "Microsoft.Network/privateEndpoints/{privateEndpointName}/privateDnsZoneGroups",
        nameInput: "privateDnsZoneGroupName",
    },
    // The platform's state backend (platform/, platform/components/stateBackend.ts).
    "azure-native:storage:BlobContainer": {
        provider: "Microsoft.Storage/storageAccounts/{accountName}/blobServices/default/containers",
        nameInput: "containerName",
    },
    "azure-native:managedidentity:UserAssignedIdentity": {
        provider: "Microsoft.ManagedIdentity/userAssignedIdentities",
        nameInput: "resourceName",
    },
    "azure-native:machinelearningservices:OnlineEndpoint": {
        provider: "Microsoft.MachineLearningServices/workspaces/{workspaceName}/onlineEndpoints",
        nameInput: "endpointName",
    },
    "azure-native:machinelearningservices:Compute": {
        provider: "Microsoft.MachineLearningServices/workspaces/{workspaceName}/computes",
        nameInput: "computeName",
    },
};

function armId(type: string, name: string, inputs: Record<string, unknown>): string | undefined {
    const sub = `/subscriptions/${FAKE_CLIENT.subscriptionId}`;
    if (type === "azure-native:resources:ResourceGroup") {
        return `${sub}/resourceGroups/${String(inputs["resourceGroupName"] ?? name)}`;
    }
    if (type === "azure-native:authorization:RoleAssignment") {
        return `${String(inputs["scope"])}/providers/Microsoft.Authorization/roleAssignments/${String(inputs["roleAssignmentName"] ?? fakeUuid(type, name))}`;
    }
    if (type === "azure-native:authorization:RoleDefinition") {
        return `${String(inputs["scope"])}/providers/Microsoft.Authorization/roleDefinitions/${String(inputs["roleDefinitionId"] ?? fakeUuid(type, name))}`;
    }
    if (type === "azure-native:monitor:DiagnosticSetting") {
        // An extension resource: its id sits under the resource it watches.
        return `${String(inputs["resourceUri"])}/providers/Microsoft.Insights/diagnosticSettings/${String(inputs["name"] ?? name)}`;
    }
    const arm = ARM[type];
    if (arm === undefined) return undefined;
    const provider = arm.provider.replace(/\{(\w+)\}/g, (_, k: string) => String(inputs[k] ?? k));
    const resourceName = String(inputs[arm.nameInput] ?? name);
    return `${sub}/resourceGroups/${String(inputs["resourceGroupName"] ?? "rg")}/providers/${provider}/${resourceName}`;
}

/** The ids Entra and Azure generate for a new resource, per type, in the order the provider returns them. */
const GENERATED_IDS: Readonly<Record<string, readonly string[]>> = {
    "azuread:index/application:Application": ["clientId", "objectId"],
    "azuread:index/servicePrincipal:ServicePrincipal": ["objectId"],
    "azuread:index/applicationPassword:ApplicationPassword": ["keyId"],
    "azure-native:managedidentity:UserAssignedIdentity": ["principalId", "clientId"],
    "azuread:index/applicationFederatedIdentityCredential:ApplicationFederatedIdentityCredential": ["credentialId"],
    "azuread:index/conditionalAccessPolicy:ConditionalAccessPolicy": ["objectId"],
    "azuread:index/group:Group": ["objectId"],
};

/** Outputs a provider computes, beyond the inputs it echoes. */
function computed(type: string, name: string, inputs: Record<string, unknown>): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const arm = ARM[type];
    if (arm !== undefined) {
        out["name"] = inputs[arm.nameInput] ?? name;
        // ARM's resource type, e.g. Microsoft.KeyVault/vaults/secrets.
        out["type"] = arm.provider.replace(/\/\{\w+\}/g, "");
    }
    if (type === "azure-native:resources:ResourceGroup") {
        out["name"] = inputs["resourceGroupName"] ?? name;
        out["type"] = "Microsoft.Resources/resourceGroups";
    }
    if (type === "azure-native:authorization:RoleAssignment") {
        out["name"] = inputs["roleAssignmentName"] ?? fakeUuid(type, name);
        out["type"] = "Microsoft.Authorization/roleAssignments";
    }
    if (type === "azure-native:authorization:RoleDefinition") {
        out["name"] = inputs["roleDefinitionId"] ?? fakeUuid(type, name);
        out["type"] = "Microsoft.Authorization/roleDefinitions";
    }
    if (type === "azure-native:monitor:DiagnosticSetting") {
        out["name"] = inputs["name"] ?? name;
        out["type"] = "Microsoft.Insights/diagnosticSettings";
    }
    if (type === "azure-native:machinelearningservices:Workspace") {
        out["workspaceId"] = fakeUuid(type, name, "workspaceId");
        out["tenantId"] = FAKE_CLIENT.tenantId;
    }
    const identity = inputs["identity"] as { type?: string } | undefined;
    if (identity?.type !== undefined && /SystemAssigned/i.test(identity.type)) {
        out["identity"] = {
            ...identity,
            principalId: fakeUuid(type, name, "principalId"),
            tenantId: FAKE_CLIENT.tenantId,
        };
    }
    for (const field of GENERATED_IDS[type] ?? []) out[field] = fakeUuid(type, name, field);
    switch (type) {
        case "random:index/randomString:RandomString":
            out["result"] = fakeToken(Number(inputs["length"] ?? 8), `${type}|${name}`);
            break;
        case "random:index/randomUuid:RandomUuid":
            out["result"] = fakeUuid(type, name);
            break;
        case "azuread:index/applicationPassword:ApplicationPassword":
            out["value"] = `offline-secret-${fakeToken(16, `${type}|${name}`)}`;
            break;
        case "azure-native:managedidentity:UserAssignedIdentity":
            out["tenantId"] = FAKE_CLIENT.tenantId;
            break;
        case "azure-native:machinelearningservices:OnlineEndpoint":
            // The Azure response's properties.scoringUri (an SDK-declared output).
            out["properties"] = {
                ...((inputs["properties"] as Record<string, unknown> | undefined) ?? {}),
                scoringUri: `https://${String(inputs["endpointName"])}.${String(inputs["location"])}.inference.ml.azure.com/score`,
            };
            break;
        case "azure-native:keyvault:Key":
            // The versioned key URI Azure returns (https://<vault>.vault.azure.net/keys/<name>/<version>).
            out["keyUriWithVersion"] =
                `https://${String(inputs["vaultName"])}.vault.azure.net/keys/${String(inputs["keyName"] ?? name)}/${fakeUuid(type, name, "version").replace(/-/g, "")}`;
            break;
        default:
            break;
    }
    return out;
}

/** The first-party applications the offline tenant has a service principal for, by app id. */
const FIRST_PARTY_APPS: Readonly<Record<string, string>> = {
    [MICROSOFT_GRAPH_APP_ID]: "Microsoft Graph",
    [COSMOS_DB_APP_ID]: "Azure Cosmos DB",
};

type InvokeHandler = (inputs: Record<string, unknown>) => Record<string, unknown>;

/** The invokes the program may make offline. Anything else throws. */
export const INVOKES: Record<string, InvokeHandler> = {
    "azure-native:authorization:getClientConfig": () => ({ ...FAKE_CLIENT }),
    "azuread:index/getClientConfig:getClientConfig": () => ({
        clientId: FAKE_CLIENT.clientId,
        objectId: FAKE_CLIENT.objectId,
        tenantId: FAKE_CLIENT.tenantId,
    }),
    // First-party service principals looked up by app id: the platform's Microsoft Graph (lib/platform.ts
    // MICROSOFT_GRAPH_APP_ID) and the customer-managed key's Azure Cosmos DB (lib/keyVault.ts COSMOS_DB_APP_ID). Any
    // other app id throws: the offline tenant has only these.
    "azuread:index/getServicePrincipal:getServicePrincipal": (inputs) => {
        const clientId = String(inputs["clientId"]);
        const displayName = FIRST_PARTY_APPS[clientId];
        if (displayName === undefined) {
            throw new Error(`offline mocks: getServicePrincipal for an unknown app id ${clientId}`);
        }
        return { clientId, objectId: fakeUuid("service-principal", clientId), displayName };
    },
    "azure-native:managedidentity:getUserAssignedIdentity": (inputs) => ({
        id: `/subscriptions/${FAKE_CLIENT.subscriptionId}/resourceGroups/${String(inputs["resourceGroupName"])}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${String(inputs["resourceName"])}`,
        name: inputs["resourceName"],
        principalId: fakeUuid("existing-identity", String(inputs["resourceName"]), "principalId"),
        clientId: fakeUuid("existing-identity", String(inputs["resourceName"]), "clientId"),
        tenantId: FAKE_CLIENT.tenantId,
        location: "westeurope",
        type: "Microsoft.ManagedIdentity/userAssignedIdentities",
    }),
    // Conditional Access targets (components/conditionalAccess.ts). The offline tenant has none of them, so the plan
    // shows every service principal a fresh tenant would get.
    "azuread:index/getServicePrincipals:getServicePrincipals": () => ({
        id: "serviceprincipals#offline",
        clientIds: [],
        displayNames: [],
        objectIds: [],
        servicePrincipals: [],
    }),
    "azure-native:resources:getResourceGroup": (inputs) => ({
        id: `/subscriptions/${FAKE_CLIENT.subscriptionId}/resourceGroups/${String(inputs["resourceGroupName"])}`,
        name: inputs["resourceGroupName"],
        location: "westeurope",
        type: "Microsoft.Resources/resourceGroups",
        properties: { provisioningState: "Succeeded" },
    }),
};

/**
 * The outputs a provider returns for a custom resource: the inputs whose names the SDK class declares as outputs,
 * what Azure computes, and `azureApiVersion` (azure-native). Throws for a type no installed SDK declares, and for a
 * computed value the SDK does not declare as an output (the mocks must not invent a property).
 */
export function providerOutputs(type: string, name: string, inputs: Record<string, unknown>): Record<string, unknown> {
    const shape = sdkShape(type);
    if (shape === undefined) {
        throw new Error(
            `offline mocks: no installed SDK class declares "${type}" (looked for @pulumi/azure-native, azuread, random); its outputs cannot be derived`,
        );
    }
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(inputs)) {
        if (shape.outputs.has(key) && value !== undefined) out[key] = value;
    }
    for (const [key, value] of Object.entries(computed(type, name, inputs))) {
        if (key === "type" && !shape.outputs.has(key)) continue; // not every class returns ARM's type
        if (!shape.outputs.has(key)) {
            throw new Error(`offline mocks: "${key}" is not an output of ${type} in the installed SDK`);
        }
        out[key] = value;
    }
    if (shape.apiVersion !== undefined && shape.outputs.has("azureApiVersion"))
        out["azureApiVersion"] = shape.apiVersion;
    return out;
}

/**
 * The sentinel of an unknown value on the wire (@pulumi/pulumi runtime/rpc.js `unknownValue`; the engine's
 * `plugin.UnknownStringValue`, pulumi/pulumi sdk/go/common/resource/plugin/rpc.go). A mock that returns it in a
 * resource's state makes the SDK resolve that output as unknown in a preview, as an engine answer would.
 */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/**
 * True for an unknown input: the mock monitor deserializes the wire sentinel to @pulumi/pulumi's `unknown` in a
 * preview (runtime/rpc.js `deserializeProperty`: `isDryRun() ? unknown : undefined`).
 */
function isUnknownInput(value: unknown): boolean {
    return value === UNKNOWN || isUnknown(value);
}

/** `value` with every unknown the mock monitor deserialized (an `Unknown` object) put back as the wire sentinel. */
function wireForm(value: unknown): unknown {
    if (isUnknownInput(value)) return UNKNOWN;
    if (Array.isArray(value)) return value.map(wireForm);
    if (value !== null && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, wireForm(v)]));
    }
    return value;
}

/**
 * The outputs a provider returns for a NEW resource in a preview (the engine's create step calls the provider's
 * `Create` with `preview: true`, pulumi/pulumi pkg/resource/deploy/step.go `CreateStep.Apply`; the provider plugin
 * passes it on when the provider supports previews, pkg/resource/plugin/provider_plugin.go `Create`, and no id comes
 * back). azure-native answers `PreviewOutputs(inputs, response)` (pulumi-azure-native provider/pkg/provider/
 * provider.go `Create`, provider/pkg/convert/previewOutputs.go): every response property the inputs hold keeps the
 * input's value, every other one is unknown. Modelled per SDK-declared output (offline/sdkShapes.ts): the input's
 * value when the input is set (unknown where the program's value is unknown), else unknown; what Azure computes
 * inside an echoed object (`identity.principalId`, `properties.scoringUri`, ...) is unknown too. The same rule is
 * applied to the Terraform-bridged providers (azuread, random), whose planned state leaves computed attributes
 * unknown. Not modelled: nested response properties the inputs leave out (PreviewOutputs makes them unknown from the
 * API schema, which the SDK's JavaScript does not carry), so a nested read of an absent setting is `undefined` here.
 */
export function previewOutputs(type: string, name: string, inputs: Record<string, unknown>): Record<string, unknown> {
    const shape = sdkShape(type);
    if (shape === undefined) {
        throw new Error(
            `offline mocks: no installed SDK class declares "${type}" (looked for @pulumi/azure-native, azuread, random); its outputs cannot be derived`,
        );
    }
    const made = computed(type, name, inputs);
    const out: Record<string, unknown> = {};
    for (const key of shape.outputs) {
        const input = inputs[key];
        if (input === undefined) {
            out[key] = UNKNOWN;
            continue;
        }
        const value = wireForm(input);
        const inner = made[key];
        if (inner !== null && typeof inner === "object" && value !== null && typeof value === "object") {
            const merged = { ...(value as Record<string, unknown>) };
            for (const k of Object.keys(inner)) if (!(k in merged)) merged[k] = UNKNOWN;
            out[key] = merged;
        } else {
            out[key] = value;
        }
    }
    return out;
}

/** How the mock runtime answers: the outputs of a finished `up` (default), or those of a stack's first preview. */
export type MockMode = "finished" | "first-preview";

/** The mocks for `mode`: `mocks` (finished) or `previewMocks` (first preview: no ids, unknown computed outputs). */
export function mocksFor(mode: MockMode): pulumi.runtime.Mocks {
    return mode === "first-preview" ? previewMocks : mocks;
}

export const mocks: pulumi.runtime.Mocks = {
    newResource(args: pulumi.runtime.MockResourceArgs): { id: string; state: Record<string, unknown> } {
        const inputs = args.inputs as Record<string, unknown>;
        // A component has no provider: its outputs are what it registers (registerOutputs), recorded by the monitor.
        if (args.custom === false) return { id: "", state: {} };
        const id = armId(args.type, args.name, inputs) ?? `${args.name}-id`;
        return { id, state: providerOutputs(args.type, args.name, inputs) };
    },
    call(args: pulumi.runtime.MockCallArgs): Record<string, unknown> {
        const handler = INVOKES[args.token];
        if (handler === undefined) {
            throw new Error(
                `offline mocks: no answer for invoke "${args.token}"; add it to INVOKES in offline/mocks.ts`,
            );
        }
        return handler(args.inputs as Record<string, unknown>);
    },
};

/**
 * The first preview of a new stack: every custom resource is a create, so the provider returns no id (the SDK
 * resolves `id` as unknown: @pulumi/pulumi runtime/resource.js, `resp.getId() || undefined`) and the preview outputs
 * of previewOutputs(). Invokes answer as in `mocks` (data sources are read in a preview too).
 */
export const previewMocks: pulumi.runtime.Mocks = {
    newResource(args: pulumi.runtime.MockResourceArgs): { id: string; state: Record<string, unknown> } {
        if (args.custom === false) return { id: "", state: {} };
        return { id: "", state: previewOutputs(args.type, args.name, args.inputs as Record<string, unknown>) };
    },
    call: (args) => mocks.call(args),
};
