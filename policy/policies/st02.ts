import { get, resourcePolicy, sameText, show, T } from "./kit";

export default resourcePolicy({
    id: "ST-02",
    name: "storage-tls-1-2",
    level: "baseline",
    description: "Storage accounts require exactly TLS1_2 (TLS1_3 fails the built-in policy).",
    source: "Azure Policy fe83a0eb",
    types: [T.storage],
    check: (props, report) => {
        const value = get(props, "minimumTlsVersion");
        if (!sameText(value, "TLS1_2")) report(`minimumTlsVersion must be TLS1_2; found ${show(value)}`);
    },
});
