import { Compute } from "@pulumi/azure-native/machinelearningservices";
import { VM_SIZE_PATTERN, vmSizeAllowed } from "../../../lib/compute";
import { computeKind, get, resourceRule, show } from "../kit";

export default resourceRule(Compute, {
    id: "CP-07",
    name: "compute-vm-size-allowed",
    level: "baseline",
    description:
        "Compute VM sizes are Azure size names and, when the pack config lists allowedVmSizes, one of them (case-insensitive).",
    source: "custom (no built-in)",
    configSchema: {
        properties: {
            allowedVmSizes: {
                type: "array",
                items: { type: "string" },
                default: [],
                description: "The project's VM size allow-list; empty checks only the name shape.",
            },
        },
    },
    check: (props, report, config) => {
        const kind = computeKind(props);
        if (kind === undefined) return;
        const value = get(props, kind.vmSizePath);
        if (typeof value !== "string" || !VM_SIZE_PATTERN.test(value)) {
            report(`${kind.vmSizePath} must be an Azure VM size name such as Standard_DS3_v2; found ${show(value)}`);
            return;
        }
        const allowed = (config["allowedVmSizes"] as string[] | undefined) ?? [];
        if (allowed.length > 0 && !vmSizeAllowed(value, allowed)) {
            report(`${kind.vmSizePath} ${value} is not in the allow-list (${allowed.join(", ")})`);
        }
    },
});
