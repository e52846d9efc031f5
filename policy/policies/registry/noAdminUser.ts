import { Registry } from "@pulumi/azure-native/containerregistry";
import { get, resourceRule, show } from "../kit";

export default resourceRule(Registry, {
    id: "CR-01",
    name: "registry-no-admin-user",
    level: "baseline",
    description: "Container registries have the admin user off.",
    source: "Azure Policy dc921057",
    check: (props, report) => {
        const value = get(props, "adminUserEnabled");
        if (value === true) report(`adminUserEnabled must be not true; found ${show(value)}`);
    },
});
