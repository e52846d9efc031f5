/**
 * Container Registry built-ins (lib/exemptions.ts BUILTIN), conditions restated from Azure/azure-policy
 * built-in-policies/policyDefinitions/Container Registry/*.json.
 */
import { Registry } from "@pulumi/azure-native/containerregistry";
import { BUILTIN } from "../../../lib/exemptions";
import { builtinResourceRule } from "../kit/builtin";
import { get, sameText, show } from "../kit";

/** ACR_ExportPolicy_AuditDeny: policies.exportPolicy.status notEquals "Disabled" OR publicNetworkAccess notEquals "Disabled". */
export default builtinResourceRule(Registry, {
    definition: BUILTIN.registryExportDisabled,
    name: "builtin-registry-exports-disabled",
    description: 'policies.exportPolicy.status "disabled" and publicNetworkAccess "Disabled" (Premium).',
    check: (props, report) => {
        const status = get(props, "policies.exportPolicy.status");
        if (!sameText(status, "disabled"))
            report(`policies.exportPolicy.status must be disabled; found ${show(status)}`);
        const pna = props["publicNetworkAccess"];
        if (!sameText(pna, "Disabled")) report(`publicNetworkAccess must be Disabled; found ${show(pna)}`);
    },
});
