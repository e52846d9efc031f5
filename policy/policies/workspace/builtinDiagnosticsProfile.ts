/**
 * Machine Learning built-ins (lib/exemptions.ts BUILTIN), conditions restated from Azure/azure-policy
 * built-in-policies/policyDefinitions/Machine Learning/*.json.
 */
import { DiagnosticSetting } from "@pulumi/azure-native/monitor";
import { BUILTIN } from "../../../lib/exemptions";
import { builtinResourceRule } from "../kit/builtin";
import { sameText, show } from "../kit";

/** The `profileName` parameter default of AuditDiagnosticLog_DINE.json: its existence condition looks for this name. */
export const DIAGNOSTIC_PROFILE_NAME = "MachineLearningServicesDiagnosticsLogsToWorkspace";

interface Toggle {
    enabled?: unknown;
}

/**
 * AuditDiagnosticLog_DINE: a diagnostic setting on the workspace named `profileName`
 * ("MachineLearningServicesDiagnosticsLogsToWorkspace") with logs.enabled and metrics.enabled true (the
 * logsEnabled/metricsEnabled defaults) and a workspaceId. A resource policy over the setting's inputs (resourceUri
 * is an input only); existence is WS-06's business.
 */
export default builtinResourceRule(DiagnosticSetting, {
    definition: BUILTIN.workspaceDiagnosticsDine,
    name: "builtin-workspace-diagnostics-profile",
    // The watched resource and the destination are new resources' ids in a first preview: decided from their types.
    linked: ["resourceUri", "workspaceId"],
    description: `a workspace diagnostic setting named ${DIAGNOSTIC_PROFILE_NAME} with logs and metrics enabled to Log Analytics, so the DINE deploys no second one.`,
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
