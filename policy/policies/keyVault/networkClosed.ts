import { Vault } from "@pulumi/azure-native/keyvault";
import { expectAt, MUST, resourceRule } from "../kit";

export default resourceRule(Vault, {
    id: "KV-04/05",
    name: "key-vault-network-closed",
    level: "hardened",
    description:
        "Key vaults deny public network traffic: networkAcls.defaultAction Deny and publicNetworkAccess Disabled.",
    source: "Azure Policy 55615ac9, 405c5871",
    check: (props, report) => {
        expectAt(props, "properties.networkAcls.defaultAction", MUST.text("Deny"), report);
        expectAt(props, "properties.publicNetworkAccess", MUST.text("Disabled"), report);
    },
});
