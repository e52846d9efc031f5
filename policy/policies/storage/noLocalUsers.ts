import { StorageAccount } from "@pulumi/azure-native/storage";
import { expectAt, MUST, resourceRule } from "../kit";

export default resourceRule(StorageAccount, {
    id: "ST-14",
    name: "storage-no-local-users",
    level: "baseline",
    description: "Storage accounts have no local (SFTP) users.",
    source: "PSRule for Azure",
    check: (props, report) => {
        expectAt(props, "isLocalUserEnabled", MUST.notBe(true), report);
    },
});
