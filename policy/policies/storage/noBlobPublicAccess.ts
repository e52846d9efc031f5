import { StorageAccount } from "@pulumi/azure-native/storage";
import { expectAt, MUST, resourceRule } from "../kit";

export default resourceRule(StorageAccount, {
    id: "ST-01",
    name: "storage-no-blob-public-access",
    level: "baseline",
    description: "Storage accounts set allowBlobPublicAccess to false explicitly.",
    source: "Azure Policy 4fa4b6c0",
    check: (props, report) => {
        expectAt(props, "allowBlobPublicAccess", MUST.be(false), report);
    },
});
