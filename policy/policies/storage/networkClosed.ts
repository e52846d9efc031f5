import { StorageAccount } from "@pulumi/azure-native/storage";
import { get, resourceRule, sameText, show } from "../kit";

export default resourceRule(StorageAccount, {
    id: "ST-05/06",
    name: "storage-network-closed",
    level: "hardened",
    description:
        "Storage accounts deny public network traffic: publicNetworkAccess Disabled and networkRuleSet.defaultAction Deny.",
    source: "Azure Policy b2982f36, 34c877ad",
    check: (props, report) => {
        const access = get(props, "publicNetworkAccess");
        if (!sameText(access, "Disabled")) report(`publicNetworkAccess must be Disabled; found ${show(access)}`);
        const action = get(props, "networkRuleSet.defaultAction");
        if (!sameText(action, "Deny")) report(`networkRuleSet.defaultAction must be Deny; found ${show(action)}`);
    },
});
