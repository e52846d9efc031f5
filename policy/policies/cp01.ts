import { computeType, get, resourcePolicy, show, T } from "./kit";

export default resourcePolicy({
    id: "CP-01",
    name: "compute-local-auth-disabled",
    level: "baseline",
    description: "Compute clusters and instances disable local authentication (Entra identities only).",
    source: "Azure Policy e96a9a5f; PSRule Azure.ML.DisableLocalAuth; Checkov CKV_AZURE_142",
    types: [T.compute],
    check: (props, report) => {
        const type = computeType(props);
        if (type !== "AmlCompute" && type !== "ComputeInstance") return;
        const value = get(props, "properties.disableLocalAuth");
        if (value !== true) report(`properties.disableLocalAuth must be true on ${type}; found ${show(value)}`);
    },
});
