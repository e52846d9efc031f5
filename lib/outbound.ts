/**
 * The workspace managed network's outbound rules (FQDN, ServiceTag, PrivateEndpoint), the named presets teams write
 * (`outbound: [python-packages]`) and the platform allow-list check. Pure: config/outbound.ts and
 * config/guardrails.ts use it to refuse a rule, the policy pack (policy/policies/workspace/outboundAllowed.ts) to
 * check the same at preview, the offline plan to show what the workspace can reach.
 *
 * Source of the rule shapes and limits: MicrosoftDocs/azure-ai-docs articles/machine-learning/how-to-managed-network.md
 * ("Configure a managed virtual network to allow only approved outbound": "Adding an outbound for a service tag or
 * FQDN is only valid when the managed VNet is configured to allow_only_approved_outbound"; "FQDN outbound rules only
 * support ports 80 and 443"; "you can't use an FQDN rule to access Azure Storage Accounts. You must use a private
 * endpoint instead"; FQDN rules are implemented by an Azure Firewall, Standard by default, Basic optional).
 */

/** An FQDN rule: ports 80 and 443 to one host name or `*.` wildcard, through the managed network's Azure Firewall. */
export interface FqdnOutboundRule {
    readonly name: string;
    readonly type: "FQDN";
    readonly destination: string;
    /** The preset the rule came from, when it did. */
    readonly preset?: OutboundPresetName;
}

/** A service tag rule (protocol and port ranges as Azure ML takes them, e.g. TCP and "443" or "80, 8080"). */
export interface ServiceTagOutboundRule {
    readonly name: string;
    readonly type: "ServiceTag";
    readonly serviceTag: string;
    readonly protocol: ServiceTagProtocol;
    readonly portRanges: string;
}

/**
 * A private endpoint from the managed network to an Azure resource (its ARM id) and sub-resource (`blob`, `dfs`,
 * `vault`, ...). The one outbound shape other features add to the workspace: a datastore on a storage account adds
 * one to its target (the resolved WorkspaceSpec.outboundRules is a list they append to).
 */
export interface PrivateEndpointOutboundRule {
    readonly name: string;
    readonly type: "PrivateEndpoint";
    readonly serviceResourceId: string;
    readonly subresourceTarget: string;
    /** Serverless Spark may use the endpoint (storage only, how-to-managed-network.md). Default: false. */
    readonly sparkEnabled: boolean;
}

/** One user-defined outbound rule of the workspace managed network. */
export type OutboundRule = FqdnOutboundRule | ServiceTagOutboundRule | PrivateEndpointOutboundRule;

/** Protocols of a service tag rule (Azure ML's examples use TCP). */
export const SERVICE_TAG_PROTOCOLS = ["TCP", "UDP", "ICMP", "*"] as const;
export type ServiceTagProtocol = (typeof SERVICE_TAG_PROTOCOLS)[number];

/**
 * Rule names: the key of `managedNetwork.outboundRules` ("The name must be unique for this workspace",
 * how-to-managed-network.md). Kept to lowercase letters, digits and hyphens, 2-64 characters: no documented limit
 * was found, so the narrow shape (docs/hardening.md lists it as not verified).
 */
export const RULE_NAME = /^[a-z0-9][a-z0-9-]{0,62}[a-z0-9]$/;

/** A host name or a `*.` wildcard over one (FQDN rule destinations and the platform's FQDN patterns). */
export const FQDN_PATTERN = /^(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$/;

/** The Azure Firewall SKUs of the managed network (SDK enum machinelearningservices.FirewallSku). */
export const FIREWALL_SKUS = ["Standard", "Basic"] as const;
export type FirewallSku = (typeof FIREWALL_SKUS)[number];

/** A named preset: host names Microsoft documents for one need, with the page that lists them. */
export interface OutboundPreset {
    readonly description: string;
    readonly fqdns: readonly string[];
    readonly source: string;
}

const MANAGED_NETWORK_DOC = "MicrosoftDocs/azure-ai-docs articles/machine-learning/how-to-managed-network.md";
const PACKAGES_DOC = "MicrosoftDocs/azure-ai-docs articles/machine-learning/includes/recommended-network-outbound.md";

/**
 * The presets, each with exactly the host names Microsoft lists for the scenario. Python packages and conda:
 * "Scenario: Access public machine learning packages" (the recommended-network-outbound include: `pypi.org`, and
 * `*.pythonhosted.org` "if the index is overwritten"; conda: `anaconda.com`, `*.anaconda.com`, `*.anaconda.org`).
 * Hugging Face: "Scenario: Use HuggingFace models" (six hosts, Docker Hub's among them); Docker Hub: that list's
 * Docker hosts.
 */
export const OUTBOUND_PRESETS = {
    "python-packages": {
        description: "pip installs from PyPI (pypi.org and the package files on *.pythonhosted.org)",
        fqdns: ["pypi.org", "*.pythonhosted.org"],
        source: `${PACKAGES_DOC} (how-to-managed-network.md "Scenario: Access public machine learning packages")`,
    },
    conda: {
        description: "conda installs default packages and repo data (anaconda.com, *.anaconda.com, *.anaconda.org)",
        fqdns: ["anaconda.com", "*.anaconda.com", "*.anaconda.org"],
        source: `${PACKAGES_DOC} (how-to-managed-network.md "Scenario: Access public machine learning packages")`,
    },
    "hugging-face": {
        description: "Hugging Face models (the hosts Microsoft lists, Docker Hub's included)",
        fqdns: [
            "docker.io",
            "*.docker.io",
            "*.docker.com",
            "production.cloudflare.docker.com",
            "cdn.auth0.com",
            "cdn-lfs.huggingface.co",
        ],
        source: `${MANAGED_NETWORK_DOC} "Scenario: Use HuggingFace models"`,
    },
    "docker-hub": {
        description: "Docker Hub images (docker.io, *.docker.io, *.docker.com, production.cloudflare.docker.com)",
        fqdns: ["docker.io", "*.docker.io", "*.docker.com", "production.cloudflare.docker.com"],
        source: `${MANAGED_NETWORK_DOC} "Scenario: Use HuggingFace models" (its Docker Hub hosts)`,
    },
} as const satisfies Record<string, OutboundPreset>;

export type OutboundPresetName = keyof typeof OUTBOUND_PRESETS;
export const OUTBOUND_PRESET_NAMES = Object.keys(OUTBOUND_PRESETS) as OutboundPresetName[];

/** A host name as a rule-name part: `*.pythonhosted.org` → `any-pythonhosted-org`. */
function fqdnSlug(fqdn: string): string {
    return fqdn.replace(/^\*\./, "any.").replace(/\./g, "-");
}

/** The FQDN rules of a preset, named `<preset>-<host>` (`python-packages-pypi-org`). */
export function presetRules(preset: OutboundPresetName): FqdnOutboundRule[] {
    return OUTBOUND_PRESETS[preset].fqdns.map((fqdn) => ({
        name: `${preset}-${fqdnSlug(fqdn)}`,
        type: "FQDN" as const,
        destination: fqdn,
        preset,
    }));
}

/**
 * Whether an FQDN rule's destination is inside one of the platform's patterns: the same name, or under a `*.`
 * pattern (`files.pythonhosted.org` and `*.cdn.pythonhosted.org` are inside `*.pythonhosted.org`; `*.org` is not).
 * Case-insensitive.
 */
export function fqdnAllowed(destination: string, patterns: readonly string[]): boolean {
    const d = destination.toLowerCase();
    return patterns.some((pattern) => {
        const p = pattern.toLowerCase();
        if (d === p) return true;
        if (!p.startsWith("*.")) return false;
        return d.replace(/^\*\./, "").endsWith(p.slice(1));
    });
}

/** The platform's outbound allow-list (platform/guardrails.yaml `outbound`). */
export interface OutboundAllowList {
    /** FQDN patterns: a host name or `*.` wildcard; a rule must fall inside one. */
    readonly fqdns: readonly string[];
    /** Service tags a rule may name (exact, case-insensitive). */
    readonly serviceTags: readonly string[];
    /** Private endpoint targets: ARM resource type → the sub-resources a rule may target. */
    readonly privateEndpointTargets: Readonly<Record<string, readonly string[]>>;
}

/** `Microsoft.Storage/storageAccounts` from an ARM resource id (the provider and first type segment). */
export function resourceTypeOf(resourceId: string): string | undefined {
    const m = /\/providers\/([^/]+)\/([^/]+)\/[^/]+$/i.exec(resourceId);
    return m === null ? undefined : `${m[1]}/${m[2]}`;
}

/** The ARM id of one resource (subscription, group, provider, type, name): what a PrivateEndpoint rule targets. */
export const RESOURCE_ID =
    /^\/subscriptions\/[0-9a-f-]{36}\/resourceGroups\/[-\w._()]+\/providers\/[A-Za-z0-9.]+\/[A-Za-z0-9]+\/[-\w._]+$/i;

function list(values: readonly string[]): string {
    return values.length > 0 ? values.join(", ") : "none";
}

/**
 * Why the platform's allow-list refuses a rule, naming what it allows; undefined when the rule is inside it.
 * One statement of the rule for config (a ConfigError) and the policy pack (a finding).
 */
export function outboundRuleProblem(rule: OutboundRule, allow: OutboundAllowList): string | undefined {
    switch (rule.type) {
        case "FQDN":
            return fqdnAllowed(rule.destination, allow.fqdns)
                ? undefined
                : `FQDN ${rule.destination} is not in the platform's allow-list; allowed FQDN patterns: ${list(allow.fqdns)}`;
        case "ServiceTag":
            return allow.serviceTags.some((t) => t.toLowerCase() === rule.serviceTag.toLowerCase())
                ? undefined
                : `service tag ${rule.serviceTag} is not in the platform's allow-list; allowed service tags: ${list(allow.serviceTags)}`;
        case "PrivateEndpoint": {
            const type = resourceTypeOf(rule.serviceResourceId);
            const entry = Object.entries(allow.privateEndpointTargets).find(
                ([t]) => t.toLowerCase() === (type ?? "").toLowerCase(),
            );
            const allowed = Object.entries(allow.privateEndpointTargets)
                .map(([t, subs]) => `${t} (${subs.join(", ")})`)
                .join("; ");
            if (entry === undefined) {
                return `private endpoint target type ${type ?? rule.serviceResourceId} is not in the platform's allow-list; allowed targets: ${allowed === "" ? "none" : allowed}`;
            }
            return entry[1].some((s) => s.toLowerCase() === rule.subresourceTarget.toLowerCase())
                ? undefined
                : `sub-resource ${rule.subresourceTarget} of ${entry[0]} is not in the platform's allow-list; allowed: ${entry[1].join(", ")}`;
        }
    }
}

/** What the managed network can reach, one line per rule (the offline plan and docs). */
export function describeRule(rule: OutboundRule): string {
    switch (rule.type) {
        case "FQDN":
            return `FQDN ${rule.destination} (ports 80, 443)${rule.preset !== undefined ? ` [preset ${rule.preset}]` : ""}`;
        case "ServiceTag":
            return `service tag ${rule.serviceTag} (${rule.protocol} ${rule.portRanges})`;
        case "PrivateEndpoint":
            return `private endpoint to ${rule.serviceResourceId} (${rule.subresourceTarget})${rule.sparkEnabled ? ", Spark enabled" : ""}`;
    }
}

/** Categories Azure ML gives the rules it adds itself (SDK enum RuleCategory); every other rule is the stack's. */
const AZURE_MADE = ["required", "recommended", "dependency"];

/** Whether a `managedNetwork.outboundRules` entry is one Azure ML added itself (category Required, ...). */
export function isAzureMadeRule(value: unknown): boolean {
    const category = (value as Record<string, unknown> | null | undefined)?.["category"];
    return AZURE_MADE.includes(String(category ?? "").toLowerCase());
}

/**
 * A `managedNetwork.outboundRules` entry (the SDK's FqdnOutboundRule / ServiceTagOutboundRule /
 * PrivateEndpointOutboundRule shape, keyed by name) as a rule, or why its shape is not one Azure ML takes. A rule
 * named after a preset's rule keeps its preset. The policy pack and the offline plan read the workspace with it.
 */
export function ruleFromSdk(name: string, value: unknown): OutboundRule | string {
    const r = (value ?? {}) as Record<string, unknown>;
    const d = r["destination"];
    const dest = (d ?? {}) as Record<string, unknown>;
    switch (r["type"]) {
        case "FQDN": {
            if (typeof d !== "string") return `rule ${name}: no FQDN destination`;
            const preset = OUTBOUND_PRESET_NAMES.find((p) =>
                presetRules(p).some((x) => x.name === name && x.destination === d),
            );
            return { name, type: "FQDN", destination: d, ...(preset !== undefined ? { preset } : {}) };
        }
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
            return `rule ${name}: type must be FQDN, ServiceTag or PrivateEndpoint; found ${JSON.stringify(r["type"]) ?? "nothing"}`;
    }
}
