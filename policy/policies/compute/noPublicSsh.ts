import { Compute } from "@pulumi/azure-native/machinelearningservices";
import { computeType, get, resourceRule, sameText, show } from "../kit";

export default resourceRule(Compute, {
    id: "CP-05",
    name: "compute-no-public-ssh",
    level: "baseline",
    description:
        "No public SSH: sshSettings.sshPublicAccess (instances) and remoteLoginPortPublicAccess (clusters) are Disabled.",
    source: "PSRule for Azure; quickstart secure template",
    check: (props, report) => {
        const type = computeType(props);
        const path =
            type === "ComputeInstance"
                ? "properties.properties.sshSettings.sshPublicAccess"
                : type === "AmlCompute"
                  ? "properties.properties.remoteLoginPortPublicAccess"
                  : undefined;
        if (path === undefined) return;
        const value = get(props, path);
        if (!sameText(value, "Disabled")) report(`${path} must be Disabled on ${type}; found ${show(value)}`);
    },
});
