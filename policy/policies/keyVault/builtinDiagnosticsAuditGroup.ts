/**
 * Key Vault built-in (lib/exemptions.ts BUILTIN), existence condition restated from Azure/azure-policy
 * built-in-policies/policyDefinitions/Monitoring/DS_LA_keyvault-vaults_DINE.json (6b359d8f, "Enable logging by
 * category group for Key vaults ... to Log Analytics", categoryGroup default "audit"): a setting of the vault (any
 * name) with exactly one {categoryGroup: audit, enabled: true}, exactly one {categoryGroup: allLogs, enabled: false}
 * and workspaceId = its logAnalytics.
 */
import { DiagnosticSetting } from "@pulumi/azure-native/monitor";
import { BUILTIN } from "../../../lib/exemptions";
import { builtinResourceRule } from "../kit/builtin";
import { auditGroupProblems, watches, workspaceProblem } from "../kit/diagnostics";
import { KEY_VAULT_URI } from "./builtinDiagnostics";

export default builtinResourceRule(DiagnosticSetting, {
    definition: BUILTIN.keyVaultDiagnosticsDine,
    name: "builtin-key-vault-diagnostics-audit-group",
    linked: ["resourceUri", "workspaceId"],
    description:
        "a key vault diagnostic setting with category group audit enabled and allLogs disabled (the DINE's template) to the assigned Log Analytics workspace.",
    check: (props, report) => {
        if (!watches(props["resourceUri"], KEY_VAULT_URI)) return;
        for (const p of auditGroupProblems(props["logs"])) report(p);
        const ws = workspaceProblem(props["workspaceId"]);
        if (ws !== undefined) report(ws);
    },
});
