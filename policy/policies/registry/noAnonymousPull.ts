import { Registry } from "@pulumi/azure-native/containerregistry";
import { get, resourceRule, show } from "../kit";

export default resourceRule(Registry, {
    id: "CR-02",
    name: "registry-no-anonymous-pull",
    level: "baseline",
    description: "Container registries refuse anonymous pull.",
    source: "Azure Policy 9f2dea28",
    check: (props, report) => {
        const value = get(props, "anonymousPullEnabled");
        if (value === true) report(`anonymousPullEnabled must be not true; found ${show(value)}`);
    },
});
