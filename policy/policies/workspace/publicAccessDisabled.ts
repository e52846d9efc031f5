import { Workspace } from "@pulumi/azure-native/machinelearningservices";
import { get, resourceRule, sameText, show } from "../kit";

export default resourceRule(Workspace, {
    id: "WS-01",
    name: "workspace-public-access-disabled",
    level: "hardened",
    description: "The workspace disables public network access (reach it through a private endpoint).",
    source: "Azure Policy 438c38d2; PSRule Azure.ML.PublicAccess; Checkov CKV_AZURE_144",
    check: (props, report) => {
        const value = get(props, "publicNetworkAccess");
        if (!sameText(value, "Disabled")) report(`publicNetworkAccess must be Disabled; found ${show(value)}`);
    },
});
