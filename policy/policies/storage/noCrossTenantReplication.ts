import { StorageAccount } from "@pulumi/azure-native/storage";
import { expectAt, MUST, resourceRule } from "../kit";

export default resourceRule(StorageAccount, {
    id: "ST-09",
    name: "storage-no-cross-tenant-replication",
    level: "baseline",
    description: "Storage accounts set allowCrossTenantReplication to false explicitly.",
    source: "Azure Policy 92a89a79",
    check: (props, report) => {
        expectAt(props, "allowCrossTenantReplication", MUST.be(false), report);
    },
});
