import { Vault } from "@pulumi/azure-native/keyvault";
import { MUST, settingsRule } from "../kit";

export default settingsRule(Vault, {
    id: "KV-04/05",
    name: "key-vault-network-closed",
    level: "hardened",
    description:
        "Key vaults deny public network traffic: networkAcls.defaultAction Deny and publicNetworkAccess Disabled.",
    source: "Azure Policy 55615ac9, 405c5871",
    settings: {
        "properties.networkAcls.defaultAction": MUST.text("Deny"),
        "properties.publicNetworkAccess": MUST.text("Disabled"),
    },
});
