import { Compute } from "@pulumi/azure-native/machinelearningservices";
import { computeKind, get, resourceRule, sameText, show } from "../kit";

export default resourceRule(Compute, {
    id: "CP-05",
    name: "compute-no-public-ssh",
    level: "baseline",
    description:
        "No public SSH: sshSettings.sshPublicAccess (instances) and remoteLoginPortPublicAccess (clusters) are Disabled.",
    source: "PSRule for Azure; quickstart secure template",
    check: (props, report) => {
        // Where the kind keeps its SSH switch (lib/computeKinds.ts sshPath).
        const kind = computeKind(props);
        if (kind === undefined) return;
        const value = get(props, kind.sshPath);
        if (!sameText(value, "Disabled"))
            report(`${kind.sshPath} must be Disabled on ${kind.computeType}; found ${show(value)}`);
    },
});
