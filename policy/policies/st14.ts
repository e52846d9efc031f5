import { get, resourcePolicy, show, T } from "./kit";

export default resourcePolicy({
    id: "ST-14",
    name: "storage-no-local-users",
    level: "baseline",
    description: "Storage accounts have no local (SFTP) users.",
    source: "PSRule for Azure",
    types: [T.storage],
    check: (props, report) => {
        const value = get(props, "isLocalUserEnabled");
        if (value === true) report(`isLocalUserEnabled must be not true; found ${show(value)}`);
    },
});
