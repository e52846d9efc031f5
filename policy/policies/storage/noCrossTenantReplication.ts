import { StorageAccount } from "@pulumi/azure-native/storage";
import { get, resourceRule, show } from "../kit";

export default resourceRule(StorageAccount, {
    id: "ST-09",
    name: "storage-no-cross-tenant-replication",
    level: "baseline",
    description: "Storage accounts set allowCrossTenantReplication to false explicitly.",
    source: "Azure Policy 92a89a79",
    check: (props, report) => {
        const value = get(props, "allowCrossTenantReplication");
        if (value !== false) report(`allowCrossTenantReplication must be false, set explicitly; found ${show(value)}`);
    },
});
