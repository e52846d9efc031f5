import { Compute } from "@pulumi/azure-native/machinelearningservices";
import { computeType, get, resourceRule, show } from "../kit";

export default resourceRule(Compute, {
    id: "CP-06",
    name: "compute-cluster-scales-to-zero",
    level: "baseline",
    description: "Compute clusters scale to zero nodes when idle (minNodeCount 0, explicit).",
    source: "Checkov CKV_AZURE_150",
    check: (props, report) => {
        if (computeType(props) !== "AmlCompute") return;
        const value = get(props, "properties.properties.scaleSettings.minNodeCount");
        if (value !== 0) report(`properties.properties.scaleSettings.minNodeCount must be 0; found ${show(value)}`);
    },
});
