import { Workspace } from "@pulumi/azure-native/machinelearningservices";
import { get, resourceRule, sameText, show } from "../kit";

export default resourceRule(Workspace, {
    id: "WS-05",
    name: "workspace-approved-outbound-only",
    level: "hardened",
    description: "The workspace managed network allows only approved outbound traffic.",
    source: "Azure Policy 6ddb1705",
    check: (props, report) => {
        const value = get(props, "managedNetwork.isolationMode");
        if (!sameText(value, "AllowOnlyApprovedOutbound"))
            report(`managedNetwork.isolationMode must be AllowOnlyApprovedOutbound; found ${show(value)}`);
    },
});
