/**
 * Key Vault built-in (lib/exemptions.ts BUILTIN), existence condition restated from Azure/azure-policy
 * built-in-policies/policyDefinitions/Key Vault/AuditDiagnosticLog_Audit.json (cf820ca0, "Resource logs in Key Vault
 * should be enabled"): a diagnostic setting of the vault with a logs[] entry enabled (and, with retention in a storage
 * account, enough days: the stack's settings send to Log Analytics, so that branch does not apply).
 */
import { DiagnosticSetting } from "@pulumi/azure-native/monitor";
import { BUILTIN } from "../../../lib/exemptions";
import { builtinResourceRule } from "../kit/builtin";
import { show } from "../kit";
import { entries, watches } from "../kit/diagnostics";

export const KEY_VAULT_URI = /\/providers\/Microsoft\.KeyVault\/vaults\/[^/]+$/i;

export default builtinResourceRule(DiagnosticSetting, {
    definition: BUILTIN.keyVaultDiagnostics,
    name: "builtin-key-vault-diagnostics",
    linked: ["resourceUri"],
    description: "a key vault diagnostic setting with at least one log entry enabled.",
    check: (props, report) => {
        if (!watches(props["resourceUri"], KEY_VAULT_URI)) return;
        if (!entries(props["logs"]).some((l) => l.enabled === true)) {
            report(`logs[] must have an enabled entry; found ${show(props["logs"])}`);
        }
    },
});
