import { StorageAccount } from "@pulumi/azure-native/storage";
import { get, resourceRule, show } from "../kit";

export default resourceRule(StorageAccount, {
    id: "ST-14",
    name: "storage-no-local-users",
    level: "baseline",
    description: "Storage accounts have no local (SFTP) users.",
    source: "PSRule for Azure",
    check: (props, report) => {
        const value = get(props, "isLocalUserEnabled");
        if (value === true) report(`isLocalUserEnabled must be not true; found ${show(value)}`);
    },
});
