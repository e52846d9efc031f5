/**
 * Storage built-ins (lib/exemptions.ts BUILTIN). Conditions restated from Azure/azure-policy
 * built-in-policies/policyDefinitions/Storage/*.json (policyRule.if); Azure Policy compares strings case-insensitively.
 */
import { StorageAccount } from "@pulumi/azure-native/storage";
import { BUILTIN } from "../../../lib/exemptions";
import { builtinResourceRule } from "../kit/builtin";
import { get, sameText, show } from "../kit";

/** StorageAccountInfrastructureEncryptionEnabled_Audit: encryption.requireInfrastructureEncryption notEquals "true". */
export default builtinResourceRule(StorageAccount, {
    definition: BUILTIN.storageInfrastructureEncryption,
    name: "builtin-storage-infrastructure-encryption",
    description: "encryption.requireInfrastructureEncryption true (creation-only).",
    check: (props, report) => {
        const v = get(props, "encryption.requireInfrastructureEncryption");
        if (v !== true && !sameText(v, "true")) {
            report(`encryption.requireInfrastructureEncryption must be true; found ${show(v)}`);
        }
    },
});
