import { Vault } from "@pulumi/azure-native/keyvault";
import { expectAt, MUST, resourceRule } from "../kit";

export default resourceRule(Vault, {
    id: "KV-03",
    name: "key-vault-rbac-authorization",
    level: "baseline",
    description: "Key vaults use Azure RBAC, not access policies (the SDK default is false).",
    source: "Azure Policy 12d4fa5e",
    check: (props, report) => {
        expectAt(props, "properties.enableRbacAuthorization", MUST.be(true), report);
    },
});
