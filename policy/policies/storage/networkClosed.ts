import { StorageAccount } from "@pulumi/azure-native/storage";
import { MUST, settingsRule } from "../kit";

export default settingsRule(StorageAccount, {
    id: "ST-05/06",
    name: "storage-network-closed",
    level: "hardened",
    description:
        "Storage accounts deny public network traffic: publicNetworkAccess Disabled and networkRuleSet.defaultAction Deny.",
    source: "Azure Policy b2982f36, 34c877ad",
    settings: {
        publicNetworkAccess: MUST.text("Disabled"),
        "networkRuleSet.defaultAction": MUST.text("Deny"),
    },
});
