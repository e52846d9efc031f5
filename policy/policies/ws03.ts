import { get, resourcePolicy, sameText, show, T } from "./kit";

export default resourcePolicy({
    id: "WS-03",
    name: "workspace-customer-managed-key",
    level: "hardened-optional",
    description: "The workspace encrypts with a customer-managed key (optional even for production: advisory only).",
    source: "Azure Policy ba769a63",
    types: [T.workspace],
    check: (props, report) => {
        const status = get(props, "encryption.status");
        const key = get(props, "encryption.keyVaultProperties.keyIdentifier");
        if (!sameText(status, "Enabled") || typeof key !== "string" || key === "") {
            report(
                `encryption.status must be Enabled with encryption.keyVaultProperties.keyIdentifier set; found status ${show(status)}`,
            );
        }
    },
});
