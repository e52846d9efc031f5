import { Vault } from "@pulumi/azure-native/keyvault";
import { expectAt, MUST, resourceRule } from "../kit";

export default resourceRule(Vault, {
    id: "KV-02",
    name: "key-vault-purge-protection",
    level: "hardened",
    description: "Key vaults have purge protection (irreversible: the name stays reserved after destroy).",
    source: "Azure Policy 0b60c0b2",
    check: (props, report) => {
        expectAt(props, "properties.enablePurgeProtection", MUST.be(true), report);
    },
});
