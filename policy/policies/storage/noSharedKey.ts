import { StorageAccount } from "@pulumi/azure-native/storage";
import { expectAt, MUST, resourceRule } from "../kit";

export default resourceRule(StorageAccount, {
    id: "ST-04",
    name: "storage-no-shared-key",
    level: "hardened",
    description: "Storage accounts disable shared-key access (pair with WS-08).",
    source: "Azure Policy 8c6a50c6",
    check: (props, report) => {
        expectAt(props, "allowSharedKeyAccess", MUST.be(false), report);
    },
});
