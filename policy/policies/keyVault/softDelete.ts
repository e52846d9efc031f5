import { Vault } from "@pulumi/azure-native/keyvault";
import { get, resourceRule, show } from "../kit";

export default resourceRule(Vault, {
    id: "KV-01",
    name: "key-vault-soft-delete",
    level: "baseline",
    description: "Key vaults keep soft delete on.",
    source: "Azure Policy 1e66c121",
    check: (props, report) => {
        const value = get(props, "properties.enableSoftDelete");
        if (value === false) report(`properties.enableSoftDelete must be not false; found ${show(value)}`);
    },
});
