import { Compute } from "@pulumi/azure-native/machinelearningservices";
import { computeKind, get, resourceRule, show } from "../kit";

export default resourceRule(Compute, {
    id: "CP-01",
    name: "compute-local-auth-disabled",
    level: "baseline",
    description: "Compute clusters and instances disable local authentication (Entra identities only).",
    source: "Azure Policy e96a9a5f; PSRule Azure.ML.DisableLocalAuth; Checkov CKV_AZURE_142",
    check: (props, report) => {
        const kind = computeKind(props);
        const value = kind && get(props, kind.localAuthPath);
        if (kind !== undefined && value !== true) {
            report(`${kind.localAuthPath} must be true on ${kind.computeType}; found ${show(value)}`);
        }
    },
});
