import { StorageAccount } from "@pulumi/azure-native/storage";
import { MUST, settingsRule } from "../kit";

export default settingsRule(StorageAccount, {
    id: "ST-04",
    name: "storage-no-shared-key",
    level: "hardened",
    description: "Storage accounts disable shared-key access (pair with WS-08).",
    source: "Azure Policy 8c6a50c6",
    settings: {
        allowSharedKeyAccess: MUST.be(false),
    },
});
