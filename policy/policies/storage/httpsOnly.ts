import { StorageAccount } from "@pulumi/azure-native/storage";
import { MUST, settingsRule } from "../kit";

export default settingsRule(StorageAccount, {
    id: "ST-03",
    name: "storage-https-only",
    level: "baseline",
    description: "Storage accounts accept HTTPS only.",
    source: "Azure Policy 404c3081; Checkov CKV_AZURE_3",
    settings: {
        enableHttpsTrafficOnly: MUST.notBe(false),
    },
});
