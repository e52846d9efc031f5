import { Compute } from "@pulumi/azure-native/machinelearningservices";
import { kindSetting, resourceRule, show } from "../kit";

export default resourceRule(Compute, {
    id: "CP-06",
    name: "compute-cluster-scales-to-zero",
    level: "baseline",
    description: "Compute clusters scale to zero nodes when idle (minNodeCount 0, explicit).",
    source: "Checkov CKV_AZURE_150",
    check: (props, report) => {
        // Other kinds pass: only a cluster has a node count (lib/computeKinds.ts idleCostPath).
        const { path, value } = kindSetting(props, "cluster", "idleCostPath") ?? { path: "", value: 0 };
        if (value !== 0) report(`${path} must be 0; found ${show(value)}`);
    },
});
