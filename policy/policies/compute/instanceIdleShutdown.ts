import { Compute } from "@pulumi/azure-native/machinelearningservices";
import { durationSeconds, IDLE_SHUTDOWN_MAX_SECONDS, IDLE_SHUTDOWN_MIN_SECONDS } from "../../../lib/compute";
import { kindSetting, resourceRule, show } from "../kit";

export default resourceRule(Compute, {
    id: "CP-02",
    name: "compute-instance-idle-shutdown",
    level: "baseline",
    description: "Compute instances shut down when idle: idleTimeBeforeShutdown set, 15 minutes to 3 days.",
    source: "Azure Policy 679ddf89; PSRule Azure.ML.ComputeIdleShutdown; range from how-to-create-compute-instance.md",
    check: (props, report) => {
        // The same duration grammar and range as the config (lib/compute.ts): one rule, two places it is enforced.
        const idle = kindSetting(props, "instance", "idleCostPath");
        if (idle === undefined) return;
        const seconds = typeof idle.value === "string" ? durationSeconds(idle.value) : undefined;
        if (seconds === undefined) {
            report(`${idle.path} must be an ISO 8601 duration such as PT30M; found ${show(idle.value)}`);
        } else if (seconds < IDLE_SHUTDOWN_MIN_SECONDS || seconds > IDLE_SHUTDOWN_MAX_SECONDS) {
            report(`${idle.path} must be 15 minutes to 3 days; found ${show(idle.value)}`);
        }
    },
});
