import { Workspace } from "@pulumi/azure-native/machinelearningservices";
import { isAzureMadeRule, type OutboundAllowList, outboundRuleProblem, ruleFromSdk } from "../../../lib/outbound";
import { get, resourceRule, show } from "../kit";

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
            if (isAzureMadeRule(value)) continue;
            const rule = ruleFromSdk(name, value);
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
