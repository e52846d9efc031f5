import { Vault } from "@pulumi/azure-native/keyvault";
import { MUST, settingsRule } from "../kit";

export default settingsRule(Vault, {
    id: "KV-02",
    name: "key-vault-purge-protection",
    level: "hardened",
    description: "Key vaults have purge protection (irreversible: the name stays reserved after destroy).",
    source: "Azure Policy 0b60c0b2",
    settings: {
        "properties.enablePurgeProtection": MUST.be(true),
    },
});
