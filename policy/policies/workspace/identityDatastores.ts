import { Workspace } from "@pulumi/azure-native/machinelearningservices";
import { MUST, settingsRule } from "../kit";

export default settingsRule(Workspace, {
    id: "WS-08",
    name: "workspace-identity-datastores",
    level: "hardened",
    description:
        "The workspace's system datastores use identity-based access (needed once storage shared keys are off, ST-04).",
    source: "Azure docs (how-to-disable-local-auth-storage.md)",
    settings: {
        systemDatastoresAuthMode: MUST.text("identity"),
    },
});
