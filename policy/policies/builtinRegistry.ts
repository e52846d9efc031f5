/**
 * Container Registry built-ins (lib/exemptions.ts BUILTIN), conditions restated from Azure/azure-policy
 * built-in-policies/policyDefinitions/Container Registry/*.json.
 */
import { BUILTIN } from "../../lib/exemptions";
import { builtinResourceRule } from "./builtin";
import { get, sameText, show, T } from "./kit";

/** ACR_ExportPolicy_AuditDeny: policies.exportPolicy.status notEquals "Disabled" OR publicNetworkAccess notEquals "Disabled". */
export const registryExportDisabled = builtinResourceRule({
    definition: BUILTIN.registryExportDisabled,
    name: "builtin-registry-exports-disabled",
    description: 'policies.exportPolicy.status "disabled" and publicNetworkAccess "Disabled" (Premium).',
    types: [T.registry],
    check: (props, report) => {
        const status = get(props, "policies.exportPolicy.status");
        if (!sameText(status, "disabled"))
            report(`policies.exportPolicy.status must be disabled; found ${show(status)}`);
        const pna = props["publicNetworkAccess"];
        if (!sameText(pna, "Disabled")) report(`publicNetworkAccess must be Disabled; found ${show(pna)}`);
    },
});

/**
 * ACR_AADAuthenticationAsArmPolicy_AuditDeny and its Modify twin ACR_AADAuthenticationAsArmDisabled_Modify (785596ed,
 * which sets the status to "disabled"): policies.azureADAuthenticationAsArmPolicy(.status) missing, or "enabled".
 */
export const registryArmAudienceDisabled = builtinResourceRule({
    definition: BUILTIN.registryArmAudienceDisabled,
    name: "builtin-registry-arm-audience-disabled",
    description:
        'policies.azureADAuthenticationAsArmPolicy.status "disabled" (also what the Modify twin 785596ed would set).',
    types: [T.registry],
    check: (props, report) => {
        const status = get(props, "policies.azureADAuthenticationAsArmPolicy.status");
        if (status === undefined || sameText(status, "enabled")) {
            report(`policies.azureADAuthenticationAsArmPolicy.status must be disabled; found ${show(status)}`);
        }
    },
});
