/**
 * Machine Learning built-in (lib/exemptions.ts BUILTIN), existence condition restated from Azure/azure-policy
 * built-in-policies/policyDefinitions/Machine Learning/AuditDiagnosticLog_Audit.json (afe0c3be, "Resource logs in
 * Azure Machine Learning Workspaces should be enabled"): a diagnostic setting of the workspace with a logs[] entry
 * enabled (and, with retention in a storage account, enough days: the stack's setting sends to Log Analytics).
 */
import { DiagnosticSetting } from "@pulumi/azure-native/monitor";
import { BUILTIN } from "../../../lib/exemptions";
import { builtinResourceRule } from "../kit/builtin";
import { show } from "../kit";
import { entries, watches } from "../kit/diagnostics";

export default builtinResourceRule(DiagnosticSetting, {
    definition: BUILTIN.workspaceDiagnostics,
    name: "builtin-workspace-diagnostics-enabled",
    linked: ["resourceUri"],
    description: "a workspace diagnostic setting with at least one log entry enabled.",
    check: (props, report) => {
        if (!watches(props["resourceUri"], /\/providers\/Microsoft\.MachineLearningServices\/workspaces\/[^/]+$/i)) {
            return;
        }
        if (!entries(props["logs"]).some((l) => l.enabled === true)) {
            report(`logs[] must have an enabled entry; found ${show(props["logs"])}`);
        }
    },
});
