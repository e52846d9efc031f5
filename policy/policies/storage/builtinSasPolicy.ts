/**
 * Storage built-ins (lib/exemptions.ts BUILTIN). Conditions restated from Azure/azure-policy
 * built-in-policies/policyDefinitions/Storage/*.json (policyRule.if); Azure Policy compares strings case-insensitively.
 */
import { StorageAccount } from "@pulumi/azure-native/storage";
import { BUILTIN } from "../../../lib/exemptions";
import { builtinResourceRule } from "../kit/builtin";

/** StorageAccountSasPolicy_Restrict: sasPolicy exists. */
export default builtinResourceRule(StorageAccount, {
    definition: BUILTIN.storageSasPolicy,
    name: "builtin-storage-sas-policy",
    description: "sasPolicy set.",
    check: (props, report) => {
        if (props["sasPolicy"] === undefined || props["sasPolicy"] === null)
            report("sasPolicy must be set; found missing");
    },
});
