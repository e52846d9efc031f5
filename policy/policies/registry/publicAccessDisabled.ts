import { Registry } from "@pulumi/azure-native/containerregistry";
import { expectAt, MUST, resourceRule } from "../kit";

export default resourceRule(Registry, {
    id: "CR-03",
    name: "registry-public-access-disabled",
    level: "hardened",
    description: "Container registries disable public network access (Premium; set the workspace imageBuildCompute).",
    source: "Azure Policy 0fdf0491",
    check: (props, report) => {
        expectAt(props, "publicNetworkAccess", MUST.text("Disabled"), report);
    },
});
