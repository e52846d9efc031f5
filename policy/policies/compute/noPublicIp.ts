import { Compute } from "@pulumi/azure-native/machinelearningservices";
import { computeKind, expectAt, MUST, resourceRule } from "../kit";

export default resourceRule(Compute, {
    id: "CP-08",
    name: "compute-no-public-ip",
    level: "hardened",
    description: "Computes have no public IP (needs a subnet or the workspace managed network).",
    source: "Checkov; Azure docs (how-to-secure-training-vnet.md)",
    check: (props, report) => {
        const path = computeKind(props)?.publicIpPath;
        if (path !== undefined) expectAt(props, path, MUST.be(false), report);
    },
});
