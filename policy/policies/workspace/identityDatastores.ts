import { Workspace } from "@pulumi/azure-native/machinelearningservices";
import { expectAt, MUST, resourceRule } from "../kit";

export default resourceRule(Workspace, {
    id: "WS-08",
    name: "workspace-identity-datastores",
    level: "hardened",
    description:
        "The workspace's system datastores use identity-based access (needed once storage shared keys are off, ST-04).",
    source: "Azure docs (how-to-disable-local-auth-storage.md)",
    check: (props, report) => {
        expectAt(props, "systemDatastoresAuthMode", MUST.text("identity"), report);
    },
});
