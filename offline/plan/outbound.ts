/**
 * What the workspace can reach outbound, for the plan's summary: read from the workspace's declared
 * `managedNetwork` (isolation mode, user-defined rules, firewall SKU). Pure functions over the evaluation's
 * registrations; offline/render.ts calls them (one field of the summary, one line in the text and Markdown plans).
 */
import type { Registered } from "../evaluate";
import { describeRule, isAzureMadeRule, ruleFromSdk } from "../../lib/outbound";

const WORKSPACE = "azure-native:machinelearningservices:Workspace";

/** The plan's view of the managed network's outbound access (`summary.outbound` in --json). */
export interface OutboundReach {
    /** `managedNetwork.isolationMode` as declared. */
    readonly isolation: string;
    /** Every internet destination (AllowInternetOutbound, or no managed network at all). */
    readonly internet: boolean;
    /** One line per user-defined rule (lib/outbound.ts describeRule). */
    readonly rules: readonly string[];
    /** The managed network's Azure Firewall: deployed (and billed) once an FQDN rule exists. */
    readonly firewall?: { readonly sku: string; readonly billed: true };
}

/** The workspace's outbound reach, or undefined for a stack without a workspace (the platform stack). */
export function outboundReach(resources: readonly Registered[]): OutboundReach | undefined {
    const ws = resources.find((r) => r.type === WORKSPACE);
    if (ws === undefined) return undefined;
    const network = (ws.inputs["managedNetwork"] ?? {}) as Record<string, unknown>;
    const isolation = String(network["isolationMode"] ?? "Disabled");
    const rules = Object.entries((network["outboundRules"] ?? {}) as Record<string, unknown>)
        .filter(([, v]) => !isAzureMadeRule(v))
        .sort(([a], [b]) => a.localeCompare(b)) // by rule name: the rules are a dictionary
        .map(([name, v]) => {
            const rule = ruleFromSdk(name, v);
            return typeof rule === "string" ? rule : describeRule(rule);
        });
    const fqdn = rules.some((r) => r.startsWith("FQDN "));
    return {
        isolation,
        internet: isolation !== "AllowOnlyApprovedOutbound",
        rules,
        // Azure ML's default SKU is Standard (how-to-managed-network.md "Select an Azure Firewall version").
        ...(fqdn ? { firewall: { sku: String(network["firewallSku"] ?? "Standard"), billed: true as const } } : {}),
    };
}

/** The summary line: what the workspace's computes can reach beyond what Azure ML adds itself. */
export function outboundLine(o: OutboundReach): string {
    if (o.isolation === "Disabled") return "anything: no managed network (managedNetworkIsolation Disabled)";
    if (o.internet) {
        const extra = o.rules.length > 0 ? `; private endpoints: ${o.rules.join("; ")}` : "";
        return `the internet (managedNetworkIsolation ${o.isolation})${extra}`;
    }
    const own =
        "Azure ML's required rules (its workspace, storage, key vault and registry endpoints, required service tags)";
    const approved = o.rules.length > 0 ? `${own}, and ${o.rules.join("; ")}` : `${own} only`;
    const firewall =
        o.firewall !== undefined
            ? `; FQDN rules deploy the managed network's Azure Firewall ${o.firewall.sku} (billed, SKU chosen by the platform)`
            : "";
    return `approved only: ${approved}${firewall}`;
}
