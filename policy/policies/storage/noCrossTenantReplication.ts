import { StorageAccount } from "@pulumi/azure-native/storage";
import { MUST, settingsRule } from "../kit";

export default settingsRule(StorageAccount, {
    id: "ST-09",
    name: "storage-no-cross-tenant-replication",
    level: "baseline",
    description: "Storage accounts set allowCrossTenantReplication to false explicitly.",
    source: "Azure Policy 92a89a79",
    settings: {
        allowCrossTenantReplication: MUST.be(false),
    },
});
