/**
 * Storage built-ins (lib/exemptions.ts BUILTIN). Conditions restated from Azure/azure-policy
 * built-in-policies/policyDefinitions/Storage/*.json (policyRule.if); Azure Policy compares strings case-insensitively.
 */
import { StorageAccount } from "@pulumi/azure-native/storage";
import { BUILTIN } from "../../../lib/exemptions";
import { builtinSettingsRule } from "../kit/builtin";
import { MUST } from "../kit";

/** StorageAccountInfrastructureEncryptionEnabled_Audit: encryption.requireInfrastructureEncryption notEquals "true". */
export default builtinSettingsRule(StorageAccount, {
    definition: BUILTIN.storageInfrastructureEncryption,
    name: "builtin-storage-infrastructure-encryption",
    description: "encryption.requireInfrastructureEncryption true (creation-only).",
    settings: { "encryption.requireInfrastructureEncryption": MUST.true },
});
