import { z } from "zod";
import type { ConfigSection, SectionProblem } from "./section";

/**
 * The hardened profile (docs/hardening.md): production stacks meet every Hardened row of the security baseline.
 * There is no silent override: a production stack must SAY public access Disabled, AllowOnlyApprovedOutbound, a
 * Premium registry with an image build cluster, and give the subnet of the workspace private endpoint; this check
 * names each key that does not. `npm run new-team -- --production` writes those values.
 */

/** ARM id of a subnet. */
const SUBNET_ID =
    /^\/subscriptions\/[0-9a-fA-F-]{36}\/resourceGroups\/[-\w._()]+\/providers\/Microsoft\.Network\/virtualNetworks\/[-\w._]+\/subnets\/[-\w._]+$/i;
/**
 * The private DNS zones of an Azure ML workspace private endpoint (sub-resource amlworkspace): privatelink.api.azureml.ms
 * and privatelink.notebooks.azure.net (MicrosoftDocs/azure-docs articles/private-link/private-endpoint-dns.md, "AI + Machine
 * Learning"; Azure Policy "Configure Azure Machine Learning workspace to use private DNS zones",
 * built-in-policies/policyDefinitions/Machine Learning/Workspace_PrivateDnsZones_DINE.json, which takes exactly these two).
 */
export const WORKSPACE_DNS_ZONES = ["privatelink.api.azureml.ms", "privatelink.notebooks.azure.net"] as const;
const DNS_ZONE_ID = new RegExp(
    `^/subscriptions/[0-9a-fA-F-]{36}/resourceGroups/[-\\w._()]+/providers/Microsoft\\.Network/privateDnsZones/(${WORKSPACE_DNS_ZONES.map((z) => z.replace(/\./g, "\\.")).join("|")})$`,
    "i",
);

export const hardeningKeys = {
    privateEndpointSubnetId: z.string().regex(new RegExp(`^$|${SUBNET_ID.source}`, "i"), {
        error: "must be empty (no workspace private endpoint) or a subnet ARM id: /subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.Network/virtualNetworks/<vnet>/subnets/<subnet>",
    }),
    privateDnsZoneIds: z
        .array(
            z.string().regex(DNS_ZONE_ID, {
                error: `each entry must be the ARM id of a private DNS zone named ${WORKSPACE_DNS_ZONES.join(" or ")}`,
            }),
            { error: "must be a list of private DNS zone ARM ids" },
        )
        .max(2, { error: `at most two zones: ${WORKSPACE_DNS_ZONES.join(" and ")}` }),
    imageBuildCompute: z.string().regex(/^$|^[a-z][a-z0-9-]{0,16}$/, {
        error: "must be empty or the key of a cluster in computeClusters (1-17 lowercase letters, digits, hyphens)",
    }),
};

export const hardeningSection: ConfigSection<typeof hardeningKeys> = {
    keys: hardeningKeys,
    check: (cfg) => {
        const problems: SectionProblem[] = [];
        const clusters = (cfg["computeClusters"] ?? {}) as Record<string, unknown>;
        const instances = (cfg["computeInstances"] ?? {}) as Record<string, unknown>;
        if (cfg.imageBuildCompute !== "" && !(cfg.imageBuildCompute in clusters)) {
            problems.push({
                key: "imageBuildCompute",
                value: cfg.imageBuildCompute,
                message: `must name a cluster declared in computeClusters (declared: ${Object.keys(clusters).length > 0 ? Object.keys(clusters).join(", ") : "none"})`,
            });
        }
        if (cfg.privateDnsZoneIds.length > 0 && cfg.privateEndpointSubnetId === "") {
            problems.push({
                key: "privateDnsZoneIds",
                value: cfg.privateDnsZoneIds,
                message: "needs privateEndpointSubnetId: the zones are linked to the workspace private endpoint",
            });
        }
        const zoneNames = cfg.privateDnsZoneIds.map((id) => id.split("/").pop()?.toLowerCase());
        if (new Set(zoneNames).size !== zoneNames.length) {
            problems.push({
                key: "privateDnsZoneIds",
                value: cfg.privateDnsZoneIds,
                message: "each zone at most once",
            });
        }
        if (cfg["production"] !== true) return problems;

        // Production: the Hardened rows, stated in the stack's own config.
        const need = (key: string, expected: unknown, why: string): void => {
            if (cfg[key] !== expected)
                problems.push({
                    key,
                    value: cfg[key],
                    message: `production stacks require ${JSON.stringify(expected)}: ${why}`,
                });
        };
        need("publicNetworkAccess", "Disabled", "the workspace is reached through its private endpoint (WS-01)");
        need("managedNetworkIsolation", "AllowOnlyApprovedOutbound", "outbound only to approved destinations (WS-05)");
        need(
            "containerRegistry",
            true,
            "the stack declares its registry so that its public access can be disabled (CR-03)",
        );
        if (cfg["containerRegistry"] === true) {
            need(
                "containerRegistrySku",
                "Premium",
                "only Premium registries can disable public network access (CR-03)",
            );
            if (cfg.imageBuildCompute === "") {
                problems.push({
                    key: "imageBuildCompute",
                    value: "",
                    message:
                        "production stacks require a cluster key from computeClusters: a registry without public access cannot build images itself (CR-03)",
                });
            }
        }
        if (cfg.privateEndpointSubnetId === "") {
            problems.push({
                key: "privateEndpointSubnetId",
                value: "",
                message:
                    "production stacks require the subnet of the workspace private endpoint: with public access Disabled nobody reaches the workspace otherwise (WS-01/WS-02)",
            });
        }
        for (const key of Object.keys(instances)) {
            problems.push({
                key: `computeInstances.${key}`,
                value: instances[key],
                message:
                    "production stacks have no compute instances: creating one needs storage shared-key access, which production turns off (ST-04; docs/hardening.md). Use a compute cluster",
            });
        }
        return problems;
    },
};
