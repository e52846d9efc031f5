import { Workspace } from "@pulumi/azure-native/machinelearningservices";
import { MUST, settingsRule } from "../kit";

export default settingsRule(Workspace, {
    id: "WS-01",
    name: "workspace-public-access-disabled",
    level: "hardened",
    description: "The workspace disables public network access (reach it through a private endpoint).",
    source: "Azure Policy 438c38d2; PSRule Azure.ML.PublicAccess; Checkov CKV_AZURE_144",
    settings: {
        publicNetworkAccess: MUST.text("Disabled"),
    },
});
