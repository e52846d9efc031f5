import { StorageAccount } from "@pulumi/azure-native/storage";
import { MUST, settingsRule } from "../kit";

export default settingsRule(StorageAccount, {
    id: "ST-01",
    name: "storage-no-blob-public-access",
    level: "baseline",
    description: "Storage accounts set allowBlobPublicAccess to false explicitly.",
    source: "Azure Policy 4fa4b6c0",
    settings: {
        allowBlobPublicAccess: MUST.be(false),
    },
});
