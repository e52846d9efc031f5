/**
 * Storage built-in (lib/exemptions.ts BUILTIN), existence condition restated from Azure/azure-policy
 * built-in-policies/policyDefinitions/Storage/BlobServicesLogsToWorkspace_DINE.json (b4fe1a3b): a diagnostic setting
 * on the blob service named `profileName` (default "blobServicesDiagnosticsLogsToWorkspace") with logs.enabled and
 * metrics.enabled true (the logsEnabled/metricsEnabled defaults) and workspaceId = its logAnalytics. Otherwise the
 * DINE deploys its own setting of that name, and remediation and Pulumi would overwrite each other.
 */
import { DiagnosticSetting } from "@pulumi/azure-native/monitor";
import { BUILTIN } from "../../../lib/exemptions";
import { builtinResourceRule } from "../kit/builtin";
import { sameText, show } from "../kit";
import { entries, watches, workspaceProblem } from "../kit/diagnostics";

/** The `profileName` parameter default of BlobServicesLogsToWorkspace_DINE.json. */
export const BLOB_PROFILE_NAME = "blobServicesDiagnosticsLogsToWorkspace";

export default builtinResourceRule(DiagnosticSetting, {
    definition: BUILTIN.storageBlobDiagnosticsDine,
    name: "builtin-storage-blob-diagnostics",
    linked: ["resourceUri", "workspaceId"],
    description: `a blob service diagnostic setting named ${BLOB_PROFILE_NAME}, every log and metric entry enabled, to the assigned Log Analytics workspace, so the DINE deploys no second one.`,
    check: (props, report) => {
        if (
            !watches(
                props["resourceUri"],
                /\/providers\/Microsoft\.Storage\/storageAccounts\/[^/]+\/blobServices\/default$/i,
            )
        )
            return;
        if (!sameText(props["name"], BLOB_PROFILE_NAME)) {
            report(`name must be ${BLOB_PROFILE_NAME} (the DINE's profileName); found ${show(props["name"])}`);
        }
        for (const field of ["logs", "metrics"] as const) {
            const list = entries(props[field]);
            if (list.length === 0 || !list.every((l) => l.enabled === true)) {
                report(`${field}[].enabled must be true on every entry; found ${show(props[field])}`);
            }
        }
        const ws = workspaceProblem(props["workspaceId"]);
        if (ws !== undefined) report(ws);
    },
});
