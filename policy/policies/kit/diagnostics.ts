/**
 * What the diagnostic-settings built-ins (policies/<resource>/builtin*Diagnostics*.ts) share: which resource a
 * setting watches (its `resourceUri`, an input only) and the checks their existence conditions make.
 */
import { DiagnosticSetting } from "@pulumi/azure-native/monitor";
import type { BuiltinDefinition } from "../../../lib/exemptions";
import { type ResourceRule, show } from ".";
import { builtinResourceRule } from "./builtin";

/** One logs[] or metrics[] entry of a diagnostic setting, as the SDK takes it. */
export interface DiagnosticEntry {
    readonly category?: unknown;
    readonly categoryGroup?: unknown;
    readonly enabled?: unknown;
}

/** ARM id of a Log Analytics workspace (the `workspaceId` a Log Analytics destination has). */
const LOG_ANALYTICS =
    /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.OperationalInsights\/workspaces\/[^/]+$/i;

/** Whether the setting's resourceUri is a resource of this ARM type path (e.g. "Microsoft.KeyVault/vaults"). */
export function watches(resourceUri: unknown, typePath: RegExp): boolean {
    return typeof resourceUri === "string" && typePath.test(resourceUri);
}

/** The entries of logs[] or metrics[] (absent: none). */
export function entries(value: unknown): DiagnosticEntry[] {
    return Array.isArray(value) ? (value as DiagnosticEntry[]) : [];
}

/**
 * `workspaceId equals [parameters('logAnalytics')]`: offline the assignment's workspace is the platform's
 * (platform/guardrails.yaml monitoring.logAnalyticsWorkspaceId, which tests/hardeningBuiltin.spec.ts compares); the
 * rule checks it is a Log Analytics workspace at all.
 */
export function workspaceProblem(workspaceId: unknown): string | undefined {
    return typeof workspaceId === "string" && LOG_ANALYTICS.test(workspaceId)
        ? undefined
        : `workspaceId must be the Log Analytics workspace the definition is assigned with; found ${show(workspaceId)}`;
}

/**
 * The category-group DINEs (Monitoring/DS_LA_<type>_DINE.json) with their default categoryGroup "audit": exactly one
 * logs[] entry {categoryGroup: audit, enabled: true} and exactly one {categoryGroup: allLogs, enabled: false}.
 */
export function auditGroupProblems(logs: unknown): string[] {
    const list = entries(logs);
    const count = (group: string, enabled: boolean): number =>
        list.filter(
            (l) =>
                typeof l.categoryGroup === "string" &&
                l.categoryGroup.toLowerCase() === group.toLowerCase() &&
                l.enabled === enabled,
        ).length;
    const problems: string[] = [];
    if (count("audit", true) !== 1)
        problems.push(`logs[] must hold exactly one {categoryGroup: audit, enabled: true}; found ${show(logs)}`);
    if (count("allLogs", false) !== 1) {
        problems.push(
            `logs[] must hold exactly one {categoryGroup: allLogs, enabled: false} (categoryGroup parameter "audit"); found ${show(logs)}`,
        );
    }
    return problems;
}

/**
 * A category-group DINE's rule (Monitoring/DS_LA_<type>_DINE.json, categoryGroup "audit"): a setting of a `what`
 * (any name) with the audit group enabled, allLogs disabled and a Log Analytics workspaceId.
 */
export function auditGroupRule(
    definition: BuiltinDefinition,
    name: string,
    resourceUri: RegExp,
    what: string,
): ResourceRule {
    return builtinResourceRule(DiagnosticSetting, {
        definition,
        name,
        linked: ["resourceUri", "workspaceId"],
        description: `a ${what} diagnostic setting with category group audit enabled and allLogs disabled (the DINE's template) to the assigned Log Analytics workspace.`,
        check: (props, report) => {
            if (!watches(props["resourceUri"], resourceUri)) return;
            for (const p of auditGroupProblems(props["logs"])) report(p);
            const ws = workspaceProblem(props["workspaceId"]);
            if (ws !== undefined) report(ws);
        },
    });
}
