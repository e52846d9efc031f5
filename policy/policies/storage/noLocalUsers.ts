import { StorageAccount } from "@pulumi/azure-native/storage";
import { MUST, settingsRule } from "../kit";

export default settingsRule(StorageAccount, {
    id: "ST-14",
    name: "storage-no-local-users",
    level: "baseline",
    description: "Storage accounts have no local (SFTP) users.",
    source: "PSRule for Azure",
    settings: {
        isLocalUserEnabled: MUST.notBe(true),
    },
});
