import { computeType, get, resourcePolicy, show, T } from "./kit";

/** Minutes in an ISO 8601 duration of days, hours and minutes (P1DT2H30M, PT30M); undefined when not one. */
export function durationMinutes(text: string): number | undefined {
    const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?)?$/i.exec(text);
    if (m === null || text.toUpperCase() === "P" || text.toUpperCase().endsWith("T")) return undefined;
    return Number(m[1] ?? 0) * 1440 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0);
}

export default resourcePolicy({
    id: "CP-02",
    name: "compute-instance-idle-shutdown",
    level: "baseline",
    description: "Compute instances shut down when idle: idleTimeBeforeShutdown set, 15 minutes to 3 days.",
    source: "Azure Policy 679ddf89; PSRule Azure.ML.ComputeIdleShutdown; range from how-to-create-compute-instance.md",
    types: [T.compute],
    check: (props, report) => {
        if (computeType(props) !== "ComputeInstance") return;
        const value = get(props, "properties.properties.idleTimeBeforeShutdown");
        const minutes = typeof value === "string" ? durationMinutes(value) : undefined;
        if (minutes === undefined) {
            report(
                `properties.properties.idleTimeBeforeShutdown must be an ISO 8601 duration such as PT30M; found ${show(value)}`,
            );
        } else if (minutes < 15 || minutes > 3 * 1440) {
            report(`properties.properties.idleTimeBeforeShutdown must be 15 minutes to 3 days; found ${show(value)}`);
        }
    },
});
