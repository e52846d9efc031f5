import { get, resourcePolicy, show, T } from "./kit";

export default resourcePolicy({
    id: "KV-03",
    name: "key-vault-rbac-authorization",
    level: "baseline",
    description: "Key vaults use Azure RBAC, not access policies (the SDK default is false).",
    source: "Azure Policy 12d4fa5e",
    types: [T.vault],
    check: (props, report) => {
        const value = get(props, "properties.enableRbacAuthorization");
        if (value !== true)
            report(`properties.enableRbacAuthorization must be true, set explicitly; found ${show(value)}`);
    },
});
