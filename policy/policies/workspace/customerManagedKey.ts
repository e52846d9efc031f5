import { Workspace } from "@pulumi/azure-native/machinelearningservices";
import { EXEMPT_SCHEMA } from "../kit/builtin";
import { get, resourceRule, sameText, show } from "../kit";

export default resourceRule(Workspace, {
    id: "WS-03",
    name: "workspace-customer-managed-key",
    level: "hardened-optional",
    description: "The workspace encrypts with a customer-managed key (optional even for production: advisory only).",
    // Mirrors Workspace_CMKEnabled_Audit.json; production stacks without a customer-managed key carry the documented
    // exemption "customer-managed-key" (lib/exemptions.ts), which sets `exempt`.
    source: "Azure Policy ba769a63 (Machine Learning/Workspace_CMKEnabled_Audit.json)",
    configSchema: EXEMPT_SCHEMA,
    check: (props, report, config) => {
        if (config["exempt"] === true) return;
        const status = get(props, "encryption.status");
        const key = get(props, "encryption.keyVaultProperties.keyIdentifier");
        if (!sameText(status, "Enabled") || typeof key !== "string" || key === "") {
            report(
                `encryption.status must be Enabled with encryption.keyVaultProperties.keyIdentifier set; found status ${show(status)}`,
            );
        }
    },
});
