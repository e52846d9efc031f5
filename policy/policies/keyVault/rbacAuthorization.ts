import { Vault } from "@pulumi/azure-native/keyvault";
import { MUST, settingsRule } from "../kit";

export default settingsRule(Vault, {
    id: "KV-03",
    name: "key-vault-rbac-authorization",
    level: "baseline",
    description: "Key vaults use Azure RBAC, not access policies (the SDK default is false).",
    source: "Azure Policy 12d4fa5e",
    settings: {
        "properties.enableRbacAuthorization": MUST.be(true),
    },
});
