import { Registry } from "@pulumi/azure-native/containerregistry";
import { MUST, settingsRule } from "../kit";

export default settingsRule(Registry, {
    id: "CR-01",
    name: "registry-no-admin-user",
    level: "baseline",
    description: "Container registries have the admin user off.",
    source: "Azure Policy dc921057",
    settings: {
        adminUserEnabled: MUST.notBe(true),
    },
});
