import { get, resourcePolicy, show, T } from "./kit";

export default resourcePolicy({
    id: "ST-01",
    name: "storage-no-blob-public-access",
    level: "baseline",
    description: "Storage accounts set allowBlobPublicAccess to false explicitly.",
    source: "Azure Policy 4fa4b6c0",
    types: [T.storage],
    check: (props, report) => {
        const value = get(props, "allowBlobPublicAccess");
        if (value !== false) report(`allowBlobPublicAccess must be false, set explicitly; found ${show(value)}`);
    },
});
