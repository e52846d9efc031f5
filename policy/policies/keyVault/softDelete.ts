import { Vault } from "@pulumi/azure-native/keyvault";
import { MUST, settingsRule } from "../kit";

export default settingsRule(Vault, {
    id: "KV-01",
    name: "key-vault-soft-delete",
    level: "baseline",
    description: "Key vaults keep soft delete on.",
    source: "Azure Policy 1e66c121",
    settings: {
        "properties.enableSoftDelete": MUST.notBe(false),
    },
});
