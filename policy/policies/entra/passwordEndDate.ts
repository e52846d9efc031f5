import { ApplicationPassword } from "@pulumi/azuread";
import { now } from "../../../lib/clock";
import { resourceRule, show } from "../kit";

const DAY_MS = 86_400_000;

export default resourceRule(ApplicationPassword, {
    id: "EN-01",
    name: "entra-password-end-date",
    level: "baseline",
    description:
        "Every Entra application password has an endDate at most maxLifetimeDays after its startDate (or now), never the provider's 2-year default.",
    source: "Entra guidance (how-to-add-credentials.md: at most 24 months, under 12 recommended); azuread provider docs",
    configSchema: {
        properties: {
            maxLifetimeDays: {
                type: "integer",
                default: 365,
                description:
                    "Maximum lifetime of a client secret in days, from its startDate (Microsoft recommends under 12 months).",
            },
        },
    },
    check: (props, report, config) => {
        const maxDays = Number(config["maxLifetimeDays"] ?? 365);
        if (props["endDateRelative"] !== undefined) {
            report("endDateRelative is deprecated and counts from apply time: set endDate instead");
        }
        const end = props["endDate"];
        const endMs = typeof end === "string" ? Date.parse(end) : NaN;
        if (Number.isNaN(endMs)) {
            report(`endDate must be set to an RFC 3339 time; found ${show(end)}`);
            return;
        }
        const start = props["startDate"];
        const startMs = typeof start === "string" ? Date.parse(start) : now().getTime();
        if (Number.isNaN(startMs)) {
            report(`startDate must be an RFC 3339 time; found ${show(start)}`);
            return;
        }
        if (endMs <= startMs)
            report(`endDate ${String(end)} must be after the start ${new Date(startMs).toISOString()}`);
        const days = (endMs - startMs) / DAY_MS;
        if (days > maxDays) {
            report(
                `endDate ${String(end)} is ${days.toFixed(1)} days after the start, more than the maximum lifetime of ${maxDays} days`,
            );
        }
    },
});
