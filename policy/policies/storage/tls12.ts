import { StorageAccount } from "@pulumi/azure-native/storage";
import { expectAt, MUST, resourceRule } from "../kit";

export default resourceRule(StorageAccount, {
    id: "ST-02",
    name: "storage-tls-1-2",
    level: "baseline",
    description: "Storage accounts require exactly TLS1_2 (TLS1_3 fails the built-in policy).",
    source: "Azure Policy fe83a0eb",
    check: (props, report) => {
        expectAt(props, "minimumTlsVersion", MUST.text("TLS1_2"), report);
    },
});
