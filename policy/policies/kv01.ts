import { get, resourcePolicy, show, T } from "./kit";

export default resourcePolicy({
    id: "KV-01",
    name: "key-vault-soft-delete",
    level: "baseline",
    description: "Key vaults keep soft delete on.",
    source: "Azure Policy 1e66c121",
    types: [T.vault],
    check: (props, report) => {
        const value = get(props, "properties.enableSoftDelete");
        if (value === false) report(`properties.enableSoftDelete must be not false; found ${show(value)}`);
    },
});
