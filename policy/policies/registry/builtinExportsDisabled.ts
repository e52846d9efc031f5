/**
 * Container Registry built-ins (lib/exemptions.ts BUILTIN), conditions restated from Azure/azure-policy
 * built-in-policies/policyDefinitions/Container Registry/*.json.
 */
import { Registry } from "@pulumi/azure-native/containerregistry";
import { BUILTIN } from "../../../lib/exemptions";
import { builtinSettingsRule } from "../kit/builtin";
import { MUST } from "../kit";

/** ACR_ExportPolicy_AuditDeny: policies.exportPolicy.status notEquals "Disabled" OR publicNetworkAccess notEquals "Disabled". */
export default builtinSettingsRule(Registry, {
    definition: BUILTIN.registryExportDisabled,
    name: "builtin-registry-exports-disabled",
    description: 'policies.exportPolicy.status "disabled" and publicNetworkAccess "Disabled" (Premium).',
    settings: {
        "policies.exportPolicy.status": MUST.text("disabled"),
        publicNetworkAccess: MUST.text("Disabled"),
    },
});
