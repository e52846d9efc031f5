import { Vault } from "@pulumi/azure-native/keyvault";
import { get, resourceRule, sameText, show } from "../kit";

export default resourceRule(Vault, {
    id: "KV-04/05",
    name: "key-vault-network-closed",
    level: "hardened",
    description:
        "Key vaults deny public network traffic: networkAcls.defaultAction Deny and publicNetworkAccess Disabled.",
    source: "Azure Policy 55615ac9, 405c5871",
    check: (props, report) => {
        const action = get(props, "properties.networkAcls.defaultAction");
        if (!sameText(action, "Deny"))
            report(`properties.networkAcls.defaultAction must be Deny; found ${show(action)}`);
        const access = get(props, "properties.publicNetworkAccess");
        if (!sameText(access, "Disabled"))
            report(`properties.publicNetworkAccess must be Disabled; found ${show(access)}`);
    },
});
