import { StorageAccount } from "@pulumi/azure-native/storage";
import { get, resourceRule, sameText, show } from "../kit";

export default resourceRule(StorageAccount, {
    id: "ST-02",
    name: "storage-tls-1-2",
    level: "baseline",
    description: "Storage accounts require exactly TLS1_2 (TLS1_3 fails the built-in policy).",
    source: "Azure Policy fe83a0eb",
    check: (props, report) => {
        const value = get(props, "minimumTlsVersion");
        if (!sameText(value, "TLS1_2")) report(`minimumTlsVersion must be TLS1_2; found ${show(value)}`);
    },
});
