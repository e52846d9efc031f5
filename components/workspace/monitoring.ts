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

/** What {@link buildMonitoring} created. */
export interface Monitoring {
    readonly logs: operationalinsights.Workspace;
    readonly insights: applicationinsights.Component;
    /** Memberships of the Azure Monitor Private Link Scope (when `monitorPrivateLinkScopeId` is given). */
    readonly privateLinkScopedResources: monitor.PrivateLinkScopedResource[];
}

/**
 * Log Analytics (`${name}-log`), the workspace-based Application Insights (`${name}-appi`) and, with a private link
 * scope, their memberships of it (`${name}-appi-ampls`, `${name}-log-ampls`).
 */
export function buildMonitoring(ctx: WorkspaceContext, args: WorkspaceArgs): Monitoring {
    const { name, id, location, tags, resourceGroupName } = ctx;
    const logs = new operationalinsights.Workspace(
        `${name}-log`,
        {
            resourceGroupName,
            workspaceName: names.logAnalyticsName(id),
            location,
            sku: { name: operationalinsights.WorkspaceSkuNameEnum.PerGB2018 },
            retentionInDays: args.logRetentionDays ?? WORKSPACE_DEFAULTS.logRetentionDays,
            tags,
        },
        { parent: ctx.parent },
    );

    const scopeId = args.monitorPrivateLinkScopeId;
    const joinScope = scopeId !== undefined && scopeId !== "";
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
            // Built-in 1bc02227 (and its Modify twin dddfa1af): ingestion and query only through the platform's
            // Azure Monitor Private Link Scope. Not set without one: nothing could reach the component.
            ...(joinScope
                ? {
                      publicNetworkAccessForIngestion: applicationinsights.PublicNetworkAccessType.Disabled,
                      publicNetworkAccessForQuery: applicationinsights.PublicNetworkAccessType.Disabled,
                  }
                : {}),
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
                `monitorPrivateLinkScopeId is not a private link scope id: ${scopeId}`,
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
 * WS-06 (hardened stacks): every log category (category group allLogs) and the metrics to the stack's Log Analytics
 * workspace (`${name}-mlw-diag`), named as the built-in DINE f59276f0 looks for it (logs.enabled, metrics.enabled,
 * workspaceId; its template deploys metrics category AllMetrics). The Azure name is part of the setting's id: the
 * earlier name "aml-stamp-logs" is replaced, deleted first: Azure refuses a second setting with the same destination
 * ("Conflict: Data sink '<workspace>' is already used in diagnostic setting ...", Azure/bicep-registry-modules#3407).
 */
export function buildDiagnosticSetting(
    ctx: WorkspaceContext,
    workspaceId: pulumi.Input<string>,
    logs: operationalinsights.Workspace,
): monitor.DiagnosticSetting {
    return new monitor.DiagnosticSetting(
        `${ctx.name}-mlw-diag`,
        {
            name: WORKSPACE_DIAGNOSTIC_SETTING_NAME,
            resourceUri: workspaceId,
            workspaceId: logs.id,
            logs: [{ categoryGroup: "allLogs", enabled: true }],
            metrics: [{ category: "AllMetrics", enabled: true }],
        },
        { parent: ctx.parent, deleteBeforeReplace: true },
    );
}
