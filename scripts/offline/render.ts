/**
 * Turns an evaluation into the offline plan: a JSON-friendly model (`--json`) and its text rendering. Secrets are
 * masked everywhere: secret stack outputs and secret resource inputs print as [secret].
 */
import type { Evaluation, Registered } from "./evaluate";
import { isSecretValue } from "./evaluate";
import { renderViolations, type Violation } from "./policies";

export const MASK = "[secret]";

export const NOTICE =
    "This is an OFFLINE PLAN: the program was evaluated under Pulumi's mock runtime with the stack's config. " +
    "Nothing was sent to Azure and it is not a `pulumi preview` diff: it shows what the stack declares, not what " +
    "would change. Ids, principal ids and random suffixes are offline placeholders.";

/** The settings a reviewer cares about, per resource type (input paths). */
const SUMMARY: Record<string, readonly string[]> = {
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
    "azure-native:machinelearningservices:Compute": [
        "computeName",
        "identity.type",
        "properties.computeType",
        "properties.disableLocalAuth",
        "properties.properties.vmSize",
        "properties.properties.scaleSettings",
        "properties.properties.idleTimeBeforeShutdown",
        "properties.properties.sshSettings.sshPublicAccess",
        "properties.properties.remoteLoginPortPublicAccess",
        "properties.properties.enableNodePublicIp",
        "properties.properties.vmPriority",
        "properties.properties.personalComputeInstanceSettings.assignedUser.objectId",
        "properties.properties.applicationSharingPolicy",
        "properties.properties.schedules.computeStartStop",
    ],
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

export interface PlanResource {
    readonly type: string;
    readonly name: string;
    readonly options: string[];
    readonly settings: Record<string, unknown>;
    /** What a reviewer must know before changing this resource (e.g. that a change recreates it). */
    readonly notes: string[];
    readonly children: PlanResource[];
}

export interface PlanModel {
    readonly kind: "aml-stamp offline plan";
    readonly notice: string;
    readonly project: string;
    readonly stack: string;
    readonly resourceCount: number;
    readonly resources: PlanResource[];
    readonly outputs: Record<string, unknown>;
    /** The automation principal's secret rotation timeline (from the `secretRotation` stack output), if any. */
    readonly rotation?: RotationTimeline;
    readonly access: {
        readonly roleAssignments: number;
        readonly grants: readonly {
            principal: string;
            kind: string;
            role: string;
            scope: string;
            reason: string;
            exception?: string;
        }[];
    };
    /** Violations of the policy pack (policy/), when the plan ran it. */
    readonly policy?: { readonly mandatory: number; readonly violations: readonly Violation[] };
}

/** The rotation timeline the plan shows: today's window and each password slot's window and end date. */
export interface RotationTimeline {
    readonly periodDays: number;
    readonly graceDays: number;
    readonly window: { readonly start: string; readonly end: string };
    readonly nextRotation: string;
    readonly newest: string;
    readonly slots: readonly {
        slot: string;
        windowStart: string;
        rotatesAt: string;
        endDate: string;
        newest: boolean;
    }[];
}

function rotationTimeline(e: Evaluation): RotationTimeline | undefined {
    const out = e.outputs["secretRotation"];
    const v = out?.value as (Partial<RotationTimeline> & { clientSecrets?: boolean }) | undefined;
    if (out === undefined || out.secret || v === undefined || v.clientSecrets !== true || v.slots === undefined)
        return undefined;
    return v as RotationTimeline;
}

export function mask(value: unknown): unknown {
    if (isSecretValue(value)) return MASK;
    if (Array.isArray(value)) return value.map(mask);
    if (value !== null && typeof value === "object") {
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mask(v)]));
    }
    return value;
}

function at(inputs: Record<string, unknown>, dotted: string): unknown {
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
function replacementNotes(r: Registered): string[] {
    if (!r.options.deleteBeforeReplace || r.options.replaceOnChanges.length === 0) return [];
    const paths = r.options.replaceOnChanges.join(", ");
    const computeType = (r.inputs["properties"] as Record<string, unknown> | undefined)?.["computeType"];
    if (computeType === "ComputeInstance") {
        return [
            `changing any of ${paths} DELETES and recreates this compute instance, and its local disk with it (Azure cannot update these settings in place; see docs/compute.md)`,
        ];
    }
    return [`changing any of ${paths} deletes and recreates this resource (Azure cannot update these in place)`];
}

function optionFlags(r: Registered): string[] {
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

export function planModel(e: Evaluation, violations?: readonly Violation[]): PlanModel {
    const byParent = new Map<string, Registered[]>();
    for (const r of e.resources) {
        const list = byParent.get(r.parent) ?? [];
        list.push(r);
        byParent.set(r.parent, list);
    }
    const build = (parent: string): PlanResource[] =>
        (byParent.get(parent) ?? [])
            .slice()
            .sort((a, b) => (a.custom === b.custom ? a.name.localeCompare(b.name) : a.custom ? 1 : -1))
            .map((r) => {
                const settings: Record<string, unknown> = {};
                for (const key of SUMMARY[r.type] ?? []) {
                    const v = at(r.inputs, key);
                    if (v !== undefined) settings[key] = v;
                }
                return {
                    type: r.type,
                    name: r.name,
                    options: optionFlags(r),
                    settings,
                    notes: replacementNotes(r),
                    children: build(r.urn),
                };
            });
    const outputs: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(e.outputs)) {
        // An export whose value is undefined (e.g. `automation` when automation.enabled is false) is not a stack
        // output: the SDK drops undefined properties when it serializes them ("We treat properties with undefined
        // values as if they do not exist", @pulumi/pulumi runtime/rpc.js serializeProperties).
        if (v.value === undefined && !v.secret) continue;
        outputs[k] = v.secret ? MASK : v.value;
    }
    return {
        kind: "aml-stamp offline plan",
        notice: NOTICE,
        project: e.project,
        stack: e.stack,
        resourceCount: e.resources.filter((r) => r.custom).length,
        resources: build(""),
        outputs,
        rotation: rotationTimeline(e),
        access: {
            roleAssignments: e.resources.filter((r) => r.type === "azure-native:authorization:RoleAssignment").length,
            grants: e.grants.map(({ principal, kind, role, scope, reason, exception }) => ({
                principal,
                kind,
                role,
                scope,
                reason,
                ...(exception !== undefined ? { exception } : {}),
            })),
        },
        ...(violations !== undefined
            ? { policy: { mandatory: violations.filter((v) => v.enforcement === "mandatory").length, violations } }
            : {}),
    };
}

function fmt(value: unknown): string {
    return typeof value === "string" ? value : JSON.stringify(value);
}

export function renderText(m: PlanModel): string {
    const lines: string[] = [];
    lines.push(`Offline plan: stack "${m.stack}" of project "${m.project}"`);
    lines.push("");
    lines.push(m.notice);
    lines.push("");
    lines.push(`Resources (${m.resourceCount} Azure and Entra resources, components shown as groups):`);
    const walk = (nodes: PlanResource[], indent: string): void => {
        for (const n of nodes) {
            const flags = n.options.length > 0 ? `  [${n.options.join(", ")}]` : "";
            lines.push(`${indent}+ ${n.type}  ${n.name}${flags}`);
            for (const [k, v] of Object.entries(n.settings)) lines.push(`${indent}    ${k}: ${fmt(v)}`);
            for (const note of n.notes) lines.push(`${indent}    ! ${note}`);
            walk(n.children, `${indent}    `);
        }
    };
    walk(m.resources, "  ");
    lines.push("");
    lines.push("Stack outputs (secrets masked):");
    for (const [k, v] of Object.entries(m.outputs)) {
        lines.push(`  ${k}: ${(JSON.stringify(v, null, 2) ?? "undefined").split("\n").join("\n  ")}`);
    }
    if (m.rotation !== undefined) {
        const r = m.rotation;
        const day = (iso: string): string => iso.slice(0, 10);
        lines.push("");
        lines.push(`Client secret rotation (period ${r.periodDays} days, grace ${r.graceDays} days; values masked):`);
        lines.push(
            `  today's window: ${day(r.window.start)} .. ${day(r.window.end)}; next rotation ${day(r.nextRotation)}`,
        );
        for (const s of r.slots) {
            lines.push(
                `  slot ${s.slot}: ${MASK}  window from ${day(s.windowStart)}, replaced at the first up after ${day(s.rotatesAt)}, ends ${day(s.endDate)}${s.newest ? "  <- newest (in outputs)" : ""}`,
            );
        }
    }
    lines.push("");
    lines.push(`Access matrix (${m.access.roleAssignments} role assignments in this stack):`);
    if (m.access.grants.length === 0) lines.push("  (none)");
    for (const g of m.access.grants) {
        lines.push(
            `  ${g.principal} (${g.kind}) -> ${g.role} @ ${g.scope}${g.exception !== undefined ? `  [reviewed exception ${g.exception}]` : ""}`,
        );
    }
    if (m.policy !== undefined) {
        lines.push("");
        lines.push(renderViolations(m.policy.violations));
    }
    return lines.join("\n");
}
