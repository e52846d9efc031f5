/**
 * Container Registry built-ins (lib/exemptions.ts BUILTIN), conditions restated from Azure/azure-policy
 * built-in-policies/policyDefinitions/Container Registry/*.json.
 */
import { Registry } from "@pulumi/azure-native/containerregistry";
import { BUILTIN } from "../../../lib/exemptions";
import { builtinResourceRule } from "../kit/builtin";
import { expectAt, MUST } from "../kit";

/** ACR_ExportPolicy_AuditDeny: policies.exportPolicy.status notEquals "Disabled" OR publicNetworkAccess notEquals "Disabled". */
export default builtinResourceRule(Registry, {
    definition: BUILTIN.registryExportDisabled,
    name: "builtin-registry-exports-disabled",
    description: 'policies.exportPolicy.status "disabled" and publicNetworkAccess "Disabled" (Premium).',
    check: (props, report) => {
        expectAt(props, "policies.exportPolicy.status", MUST.text("disabled"), report);
        expectAt(props, "publicNetworkAccess", MUST.text("Disabled"), report);
    },
});
