import { Registry } from "@pulumi/azure-native/containerregistry";
import { expectAt, MUST, resourceRule } from "../kit";

export default resourceRule(Registry, {
    id: "CR-02",
    name: "registry-no-anonymous-pull",
    level: "baseline",
    description: "Container registries refuse anonymous pull.",
    source: "Azure Policy 9f2dea28",
    check: (props, report) => {
        expectAt(props, "anonymousPullEnabled", MUST.notBe(true), report);
    },
});
