import { Registry } from "@pulumi/azure-native/containerregistry";
import { expectAt, MUST, resourceRule } from "../kit";

export default resourceRule(Registry, {
    id: "CR-01",
    name: "registry-no-admin-user",
    level: "baseline",
    description: "Container registries have the admin user off.",
    source: "Azure Policy dc921057",
    check: (props, report) => {
        expectAt(props, "adminUserEnabled", MUST.notBe(true), report);
    },
});
