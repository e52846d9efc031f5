import { Vault } from "@pulumi/azure-native/keyvault";
import { expectAt, MUST, resourceRule } from "../kit";

export default resourceRule(Vault, {
    id: "KV-01",
    name: "key-vault-soft-delete",
    level: "baseline",
    description: "Key vaults keep soft delete on.",
    source: "Azure Policy 1e66c121",
    check: (props, report) => {
        expectAt(props, "properties.enableSoftDelete", MUST.notBe(false), report);
    },
});
