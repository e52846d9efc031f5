import { get, resourcePolicy, show, T } from "./kit";

export default resourcePolicy({
    id: "ST-09",
    name: "storage-no-cross-tenant-replication",
    level: "baseline",
    description: "Storage accounts set allowCrossTenantReplication to false explicitly.",
    source: "Azure Policy 92a89a79",
    types: [T.storage],
    check: (props, report) => {
        const value = get(props, "allowCrossTenantReplication");
        if (value !== false) report(`allowCrossTenantReplication must be false, set explicitly; found ${show(value)}`);
    },
});
