import * as pulumi from "@pulumi/pulumi";
import * as applicationinsights from "@pulumi/azure-native/applicationinsights";
import * as monitor from "@pulumi/azure-native/monitor";
import * as operationalinsights from "@pulumi/azure-native/operationalinsights";
import * as names from "../../lib/names";
import type { WorkspaceArgs } from "../workspace";
import type { WorkspaceContext } from "./context";
import { WORKSPACE_DEFAULTS } from "../../lib/defaults";

/**
 * The `profileName` default of the built-in DeployIfNotExists "Configure diagnostic settings for Azure Machine Learning
 * Workspaces to Log Analytics workspace" (Azure/azure-policy Machine Learning/AuditDiagnosticLog_DINE.json,
 * f59276f0): its existence condition looks for a setting of this name, so the stack's own setting satisfies it and the
 * policy deploys no second one.
 */
export const WORKSPACE_DIAGNOSTIC_SETTING_NAME = "MachineLearningServicesDiagnosticsLogsToWorkspace";

/**
 * The `profileName` default of "Configure diagnostic settings for Blob Services to Log Analytics workspace"
 * (Azure/azure-policy Storage/BlobServicesLogsToWorkspace_DINE.json, b4fe1a3b): its existence condition looks for a
 * setting of this name on the blob service with logs.enabled, metrics.enabled and workspaceId = its logAnalytics.
 */
export const BLOB_DIAGNOSTIC_SETTING_NAME = "blobServicesDiagnosticsLogsToWorkspace";

/**
 * The key vault's and registry's setting. The category-group DINEs ("Enable logging by category group for Key vaults
 * / Container registries ... to Log Analytics", Monitoring/DS_LA_keyvault-vaults_DINE.json 6b359d8f and
 * DS_LA_containerregistry-registries_DINE.json 56288eb2) look at every setting of the resource, whatever its name.
 */
export const AUDIT_DIAGNOSTIC_SETTING_NAME = "aml-stamp-audit-logs";

/** What {@link buildMonitoring} created. */
export interface Monitoring {
    readonly logs: operationalinsights.Workspace;
    readonly insights: applicationinsights.Component;
    /** Memberships of the Azure Monitor Private Link Scope (with `centralMonitoring`). */
    readonly privateLinkScopedResources: monitor.PrivateLinkScopedResource[];
}

/**
 * Log Analytics (`${name}-log`), the workspace-based Application Insights (`${name}-appi`) and, with a private link
 * scope, their memberships of it (`${name}-appi-ampls`, `${name}-log-ampls`).
 */
export function buildMonitoring(ctx: WorkspaceContext, args: WorkspaceArgs): Monitoring {
    const { name, id, location, tags, resourceGroupName } = ctx;
    const scopeId = args.centralMonitoring?.privateLinkScopeId;
    const joinScope = scopeId !== undefined && scopeId !== "";
    // Built-ins 1bc02227 / 6c53d030 (and their Modify twins dddfa1af / d3ba9c42): ingestion and query only through
    // the platform's Azure Monitor Private Link Scope. Not set without one: nothing could reach the component.
    const closed = joinScope
        ? {
              publicNetworkAccessForIngestion: "Disabled",
              publicNetworkAccessForQuery: "Disabled",
          }
        : {};
    const logs = new operationalinsights.Workspace(
        `${name}-log`,
        {
            resourceGroupName,
            workspaceName: names.logAnalyticsName(id),
            location,
            sku: { name: operationalinsights.WorkspaceSkuNameEnum.PerGB2018 },
            retentionInDays: args.logRetentionDays ?? WORKSPACE_DEFAULTS.logRetentionDays,
            ...closed,
            tags,
        },
        { parent: ctx.parent },
    );

    const insights = new applicationinsights.Component(
        `${name}-appi`,
        {
            resourceGroupName,
            resourceName: names.appInsightsName(id),
            location,
            kind: "web",
            applicationType: applicationinsights.ApplicationType.Web,
            // AI-01: workspace-based. Without it Azure links a managed workspace and every preview drifts.
            workspaceResourceId: logs.id,
            ingestionMode: applicationinsights.IngestionMode.LogAnalytics,
            // AI-02: Entra-authenticated ingestion only.
            ...(ctx.hardened ? { disableLocalAuth: true } : {}),
            ...closed,
            tags,
        },
        { parent: ctx.parent },
    );

    const privateLinkScopedResources: monitor.PrivateLinkScopedResource[] = [];
    if (joinScope) {
        // Application Insights and Log Analytics join the platform's Azure Monitor Private Link Scope (one per
        // network's DNS, so the platform owns it and its private endpoint). Same subscription as the stack.
        const scopeParts =
            /\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Insights\/privateLinkScopes\/([^/]+)$/i.exec(scopeId);
        if (scopeParts === null) {
            throw new pulumi.ResourceError(
                `centralMonitoring.privateLinkScopeId is not a private link scope id: ${scopeId}`,
                ctx.parent,
            );
        }
        const [, scopeGroup, scopeName] = scopeParts as unknown as [string, string, string];
        for (const [role, linked] of [
            ["appi", insights.id],
            ["log", logs.id],
        ] as const) {
            privateLinkScopedResources.push(
                new monitor.PrivateLinkScopedResource(
                    `${name}-${role}-ampls`,
                    {
                        resourceGroupName: scopeGroup,
                        scopeName,
                        name: `${role}-${args.team}-${args.environment}`,
                        linkedResourceId: linked,
                    },
                    { parent: ctx.parent },
                ),
            );
        }
    }
    return { logs, insights, privateLinkScopedResources };
}

/**
 * Where the hardened stack's diagnostic settings send: the platform's Log Analytics workspace (centralMonitoring,
 * the `logAnalytics` the DeployIfNotExists definitions are assigned with, so their existence conditions hold and
 * remediation never rewrites the stack's settings), else the stack's own.
 */
export function diagnosticsDestination(args: WorkspaceArgs, logs: operationalinsights.Workspace): pulumi.Input<string> {
    const central = args.centralMonitoring?.logAnalyticsWorkspaceId;
    return central !== undefined && central !== "" ? central : logs.id;
}

/**
 * WS-06 (hardened stacks): every log category (category group allLogs) and the metrics to the diagnostics
 * destination (`${name}-mlw-diag`), named as the built-in DINE f59276f0 looks for it (logs.enabled, metrics.enabled,
 * workspaceId = its logAnalytics; its template deploys metrics category AllMetrics). The Azure name is part of the
 * setting's id: the earlier name "aml-stamp-logs" is replaced, deleted first: Azure refuses a second setting with the
 * same destination ("Conflict: Data sink '<workspace>' is already used in diagnostic setting ...",
 * Azure/bicep-registry-modules#3407).
 */
export function buildDiagnosticSetting(
    ctx: WorkspaceContext,
    workspaceId: pulumi.Input<string>,
    destination: pulumi.Input<string>,
): monitor.DiagnosticSetting {
    return new monitor.DiagnosticSetting(
        `${ctx.name}-mlw-diag`,
        {
            name: WORKSPACE_DIAGNOSTIC_SETTING_NAME,
            resourceUri: workspaceId,
            workspaceId: destination,
            logs: [{ categoryGroup: "allLogs", enabled: true }],
            metrics: [{ category: "AllMetrics", enabled: true }],
        },
        { parent: ctx.parent, deleteBeforeReplace: true },
    );
}

/** The data resources whose diagnostic settings a hardened stack declares. */
export interface DataResources {
    readonly storageAccountId: pulumi.Input<string>;
    readonly keyVaultId: pulumi.Input<string>;
    readonly registryId?: pulumi.Input<string>;
}

/**
 * Hardened stacks: diagnostic settings of the default storage's blob service (`${name}-st-blob-diag`), the
 * key vault (`${name}-kv-diag`) and the registry (`${name}-cr-diag`) to the diagnostics destination, each as
 * Microsoft's built-in for its type deploys it:
 * - blob service: Storage/BlobServicesLogsToWorkspace_DINE.json (b4fe1a3b): named `profileName`, StorageRead,
 *   StorageWrite, StorageDelete and AllMetrics enabled (its template);
 * - key vault and registry: the category-group DINEs 6b359d8f / 56288eb2 with their default categoryGroup "audit":
 *   exactly one `audit` entry enabled and one `allLogs` entry disabled (their template), no metrics; the key vault's
 *   also meets "Resource logs in Key Vault should be enabled" (Key Vault/AuditDiagnosticLog_Audit.json, cf820ca0:
 *   a setting with a log enabled).
 */
export function buildDataDiagnosticSettings(
    ctx: WorkspaceContext,
    resources: DataResources,
    destination: pulumi.Input<string>,
): monitor.DiagnosticSetting[] {
    const audit = [
        { categoryGroup: "audit", enabled: true },
        { categoryGroup: "allLogs", enabled: false },
    ];
    const settings: [string, monitor.DiagnosticSettingArgs][] = [
        [
            "st-blob-diag",
            {
                name: BLOB_DIAGNOSTIC_SETTING_NAME,
                resourceUri: pulumi.interpolate`${resources.storageAccountId}/blobServices/default`,
                workspaceId: destination,
                logs: ["StorageRead", "StorageWrite", "StorageDelete"].map((category) => ({ category, enabled: true })),
                metrics: [{ category: "AllMetrics", enabled: true }],
            },
        ],
        [
            "kv-diag",
            {
                name: AUDIT_DIAGNOSTIC_SETTING_NAME,
                resourceUri: resources.keyVaultId,
                workspaceId: destination,
                logs: audit,
            },
        ],
    ];
    if (resources.registryId !== undefined) {
        settings.push([
            "cr-diag",
            {
                name: AUDIT_DIAGNOSTIC_SETTING_NAME,
                resourceUri: resources.registryId,
                workspaceId: destination,
                logs: audit,
            },
        ]);
    }
    return settings.map(
        ([suffix, setting]) =>
            new monitor.DiagnosticSetting(`${ctx.name}-${suffix}`, setting, {
                parent: ctx.parent,
                deleteBeforeReplace: true,
            }),
    );
}
