import { Workspace } from "@pulumi/azure-native/machinelearningservices";
import { expectAt, MUST, resourceRule } from "../kit";

export default resourceRule(Workspace, {
    id: "WS-05",
    name: "workspace-approved-outbound-only",
    level: "hardened",
    description: "The workspace managed network allows only approved outbound traffic.",
    source: "Azure Policy 6ddb1705",
    check: (props, report) => {
        expectAt(props, "managedNetwork.isolationMode", MUST.text("AllowOnlyApprovedOutbound"), report);
    },
});
