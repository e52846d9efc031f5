import { Registry } from "@pulumi/azure-native/containerregistry";
import { get, resourceRule, sameText, show } from "../kit";

export default resourceRule(Registry, {
    id: "CR-03",
    name: "registry-public-access-disabled",
    level: "hardened",
    description: "Container registries disable public network access (Premium; set the workspace imageBuildCompute).",
    source: "Azure Policy 0fdf0491",
    check: (props, report) => {
        const value = get(props, "publicNetworkAccess");
        if (!sameText(value, "Disabled")) report(`publicNetworkAccess must be Disabled; found ${show(value)}`);
    },
});
