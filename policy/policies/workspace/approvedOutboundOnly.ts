import { Workspace } from "@pulumi/azure-native/machinelearningservices";
import { MUST, settingsRule } from "../kit";

export default settingsRule(Workspace, {
    id: "WS-05",
    name: "workspace-approved-outbound-only",
    level: "hardened",
    description: "The workspace managed network allows only approved outbound traffic.",
    source: "Azure Policy 6ddb1705",
    settings: {
        "managedNetwork.isolationMode": MUST.text("AllowOnlyApprovedOutbound"),
    },
});
