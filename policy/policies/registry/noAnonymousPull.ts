import { Registry } from "@pulumi/azure-native/containerregistry";
import { MUST, settingsRule } from "../kit";

export default settingsRule(Registry, {
    id: "CR-02",
    name: "registry-no-anonymous-pull",
    level: "baseline",
    description: "Container registries refuse anonymous pull.",
    source: "Azure Policy 9f2dea28",
    settings: {
        anonymousPullEnabled: MUST.notBe(true),
    },
});
