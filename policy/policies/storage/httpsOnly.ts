import { StorageAccount } from "@pulumi/azure-native/storage";
import { expectAt, MUST, resourceRule } from "../kit";

export default resourceRule(StorageAccount, {
    id: "ST-03",
    name: "storage-https-only",
    level: "baseline",
    description: "Storage accounts accept HTTPS only.",
    source: "Azure Policy 404c3081; Checkov CKV_AZURE_3",
    check: (props, report) => {
        expectAt(props, "enableHttpsTrafficOnly", MUST.notBe(false), report);
    },
});
