import { StorageAccount } from "@pulumi/azure-native/storage";
import { MUST, settingsRule } from "../kit";

export default settingsRule(StorageAccount, {
    id: "ST-02",
    name: "storage-tls-1-2",
    level: "baseline",
    description: "Storage accounts require exactly TLS1_2 (TLS1_3 fails the built-in policy).",
    source: "Azure Policy fe83a0eb",
    settings: {
        minimumTlsVersion: MUST.text("TLS1_2"),
    },
});
