/**
 * Container Registry built-ins (lib/exemptions.ts BUILTIN), conditions restated from Azure/azure-policy
 * built-in-policies/policyDefinitions/Container Registry/*.json.
 */
import { Registry } from "@pulumi/azure-native/containerregistry";
import { BUILTIN } from "../../../lib/exemptions";
import { builtinResourceRule } from "../kit/builtin";
import { get, sameText, show } from "../kit";

/**
 * ACR_AADAuthenticationAsArmPolicy_AuditDeny and its Modify twin ACR_AADAuthenticationAsArmDisabled_Modify (785596ed,
 * which sets the status to "disabled"): policies.azureADAuthenticationAsArmPolicy(.status) missing, or "enabled".
 */
export default builtinResourceRule(Registry, {
    definition: BUILTIN.registryArmAudienceDisabled,
    name: "builtin-registry-arm-audience-disabled",
    description:
        'policies.azureADAuthenticationAsArmPolicy.status "disabled" (also what the Modify twin 785596ed would set).',
    check: (props, report) => {
        const status = get(props, "policies.azureADAuthenticationAsArmPolicy.status");
        if (status === undefined || sameText(status, "enabled")) {
            report(`policies.azureADAuthenticationAsArmPolicy.status must be disabled; found ${show(status)}`);
        }
    },
});
