import { Vault } from "@pulumi/azure-native/keyvault";
import { get, resourceRule, show } from "../kit";

export default resourceRule(Vault, {
    id: "KV-03",
    name: "key-vault-rbac-authorization",
    level: "baseline",
    description: "Key vaults use Azure RBAC, not access policies (the SDK default is false).",
    source: "Azure Policy 12d4fa5e",
    check: (props, report) => {
        const value = get(props, "properties.enableRbacAuthorization");
        if (value !== true)
            report(`properties.enableRbacAuthorization must be true, set explicitly; found ${show(value)}`);
    },
});
