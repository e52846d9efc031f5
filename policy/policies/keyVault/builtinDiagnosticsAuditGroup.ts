/**
 * Key Vault built-in (lib/exemptions.ts BUILTIN), existence condition restated from Azure/azure-policy
 * built-in-policies/policyDefinitions/Monitoring/DS_LA_keyvault-vaults_DINE.json (6b359d8f, "Enable logging by
 * category group for Key vaults ... to Log Analytics", categoryGroup default "audit"): a setting of the vault (any
 * name) with exactly one {categoryGroup: audit, enabled: true}, exactly one {categoryGroup: allLogs, enabled: false}
 * and workspaceId = its logAnalytics.
 */
import { BUILTIN } from "../../../lib/exemptions";
import { auditGroupRule } from "../kit/diagnostics";
import { KEY_VAULT_URI } from "./builtinDiagnostics";

export default auditGroupRule(
    BUILTIN.keyVaultDiagnosticsDine,
    "builtin-key-vault-diagnostics-audit-group",
    KEY_VAULT_URI,
    "key vault",
);
