import { Compute } from "@pulumi/azure-native/machinelearningservices";
import { computeType, get, resourceRule, show } from "../kit";

export default resourceRule(Compute, {
    id: "CP-01",
    name: "compute-local-auth-disabled",
    level: "baseline",
    description: "Compute clusters and instances disable local authentication (Entra identities only).",
    source: "Azure Policy e96a9a5f; PSRule Azure.ML.DisableLocalAuth; Checkov CKV_AZURE_142",
    check: (props, report) => {
        const type = computeType(props);
        if (type !== "AmlCompute" && type !== "ComputeInstance") return;
        const value = get(props, "properties.disableLocalAuth");
        if (value !== true) report(`properties.disableLocalAuth must be true on ${type}; found ${show(value)}`);
    },
});
