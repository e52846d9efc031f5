import { Workspace } from "@pulumi/azure-native/machinelearningservices";
import {
    type OutboundAllowList,
    type OutboundRule,
    outboundRuleProblem,
    SERVICE_TAG_PROTOCOLS,
    type ServiceTagProtocol,
} from "../../../lib/outbound";
import { get, resourceRule, show } from "../kit";

/** Categories Azure ML gives the rules it adds itself (SDK enum RuleCategory); every other rule is the stack's. */
const AZURE_MADE = ["required", "recommended", "dependency"];

/** An `outboundRules` entry as the lib's rule, or a message when its shape is not one Azure ML takes. */
function asRule(name: string, value: unknown): OutboundRule | string {
    const r = (value ?? {}) as Record<string, unknown>;
    const d = r["destination"];
    const dest = (d ?? {}) as Record<string, unknown>;
    switch (r["type"]) {
        case "FQDN":
            return typeof d === "string" ? { name, type: "FQDN", destination: d } : `rule ${name}: no FQDN destination`;
        case "ServiceTag":
            return {
                name,
                type: "ServiceTag",
                serviceTag: String(dest["serviceTag"] ?? ""),
                protocol: (SERVICE_TAG_PROTOCOLS as readonly string[]).includes(String(dest["protocol"]))
                    ? (dest["protocol"] as ServiceTagProtocol)
                    : "*",
                portRanges: String(dest["portRanges"] ?? ""),
            };
        case "PrivateEndpoint":
            return {
                name,
                type: "PrivateEndpoint",
                serviceResourceId: String(dest["serviceResourceId"] ?? ""),
                subresourceTarget: String(dest["subresourceTarget"] ?? ""),
                sparkEnabled: dest["sparkEnabled"] === true,
            };
        default:
            return `rule ${name}: type must be FQDN, ServiceTag or PrivateEndpoint; found ${show(r["type"])}`;
    }
}

const LIST = { type: "array", items: { type: "string" }, default: [] } as const;

export default resourceRule(Workspace, {
    id: "WS-09",
    name: "workspace-outbound-allowed",
    level: "baseline",
    description:
        "Every user-defined outbound rule of the workspace managed network is inside the platform's allow-list (FQDN patterns, service tags, private endpoint target types; platform/guardrails.yaml outbound), and FQDN and ServiceTag rules only with AllowOnlyApprovedOutbound.",
    source: "custom (no built-in); how-to-managed-network.md",
    configSchema: {
        properties: {
            fqdns: { ...LIST, description: "FQDN patterns a rule may name (host or *.host); empty: none." },
            serviceTags: { ...LIST, description: "Service tags a rule may name; empty: none." },
            privateEndpointTargets: {
                type: "object",
                default: {},
                description: "ARM resource type → sub-resources a private endpoint rule may target; empty: none.",
            },
        },
    },
    check: (props, report, config) => {
        const rules = get(props, "managedNetwork.outboundRules");
        if (rules === undefined || rules === null) return;
        const allow: OutboundAllowList = {
            fqdns: (config["fqdns"] as string[] | undefined) ?? [],
            serviceTags: (config["serviceTags"] as string[] | undefined) ?? [],
            privateEndpointTargets: (config["privateEndpointTargets"] as Record<string, string[]> | undefined) ?? {},
        };
        const isolation = get(props, "managedNetwork.isolationMode");
        for (const [name, value] of Object.entries(rules as Record<string, unknown>)) {
            const category = String((value as Record<string, unknown> | null)?.["category"] ?? "").toLowerCase();
            if (AZURE_MADE.includes(category)) continue;
            const rule = asRule(name, value);
            if (typeof rule === "string") {
                report(rule);
                continue;
            }
            const why = outboundRuleProblem(rule, allow);
            if (why !== undefined) report(`managedNetwork.outboundRules.${name}: ${why}`);
            if (rule.type !== "PrivateEndpoint" && isolation !== "AllowOnlyApprovedOutbound") {
                report(
                    `managedNetwork.outboundRules.${name}: a ${rule.type} rule is only valid with isolationMode AllowOnlyApprovedOutbound; found ${show(isolation)}`,
                );
            }
        }
    },
});
