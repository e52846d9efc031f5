import { StorageAccount } from "@pulumi/azure-native/storage";
import { expectAt, MUST, resourceRule } from "../kit";

export default resourceRule(StorageAccount, {
    id: "ST-05/06",
    name: "storage-network-closed",
    level: "hardened",
    description:
        "Storage accounts deny public network traffic: publicNetworkAccess Disabled and networkRuleSet.defaultAction Deny.",
    source: "Azure Policy b2982f36, 34c877ad",
    check: (props, report) => {
        expectAt(props, "publicNetworkAccess", MUST.text("Disabled"), report);
        expectAt(props, "networkRuleSet.defaultAction", MUST.text("Deny"), report);
    },
});
