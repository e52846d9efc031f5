import { Registry } from "@pulumi/azure-native/containerregistry";
import { MUST, settingsRule } from "../kit";

export default settingsRule(Registry, {
    id: "CR-03",
    name: "registry-public-access-disabled",
    level: "hardened",
    description: "Container registries disable public network access (Premium; set the workspace imageBuildCompute).",
    source: "Azure Policy 0fdf0491",
    settings: {
        publicNetworkAccess: MUST.text("Disabled"),
    },
});
