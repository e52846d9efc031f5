import { z } from "zod";
import { type Exemption, exemptionsFor } from "../lib/exemptions";
import { GUID, GUID_PATTERN } from "../lib/guid";
import { HARDENED_PROFILE } from "../lib/hardening";
import { isUserAssigned } from "../lib/identity";
import { COMPUTE_KINDS, COMPUTE_KIND_LIST, type ComputeKindKey } from "../lib/computeKinds";
import { ENDPOINT_DNS_ZONES, STAMP_DNS_ZONES, STORAGE_ENDPOINT_KINDS, zoneNameOf } from "../lib/privateDns";
import { type WorkspaceIdentityConfig, workspaceIdentityOf } from "./identity";
import { type ConfigSection, type KeyDocs, prose, type SectionProblem } from "./section";

/**
 * The hardened profile (docs/hardening.md): production stacks meet every Hardened row of the security baseline.
 * There is no silent override: a production stack must SAY each value of HARDENED_PROFILE (lib/hardening.ts: public
 * access Disabled, AllowOnlyApprovedOutbound, a Premium registry), name an image build cluster, and give the subnet of the workspace private endpoint; this check
 * names each key that does not. `npm run new-team -- --production` writes those values.
 */

/** ARM id of a subnet. */
const SUBNET_ID = new RegExp(
    String.raw`^/subscriptions/${GUID_PATTERN}/resourceGroups/[-\w._()]+/providers/Microsoft\.Network/virtualNetworks/[-\w._]+/subnets/[-\w._]+$`,
    "i",
);
/**
 * The private DNS zones of an Azure ML workspace private endpoint (sub-resource amlworkspace): privatelink.api.azureml.ms
 * and privatelink.notebooks.azure.net (MicrosoftDocs/azure-docs articles/private-link/private-endpoint-dns.md, "AI + Machine
 * Learning"; Azure Policy "Configure Azure Machine Learning workspace to use private DNS zones",
 * built-in-policies/policyDefinitions/Machine Learning/Workspace_PrivateDnsZones_DINE.json, which takes exactly these two).
 */
export const WORKSPACE_DNS_ZONES = ENDPOINT_DNS_ZONES.workspace;
/** The zones of the default storage's blob and file private endpoints (production stacks; lib/privateDns.ts). */
const STORAGE_DNS_ZONES: readonly string[] = STORAGE_ENDPOINT_KINDS.flatMap((k) => ENDPOINT_DNS_ZONES[k]);
const DNS_ZONE_ID = new RegExp(
    `^/subscriptions/${GUID_PATTERN}/resourceGroups/[-\\w._()]+/providers/Microsoft\\.Network/privateDnsZones/(${STAMP_DNS_ZONES.map((z) => z.replace(/\./g, "\\.")).join("|")})$`,
    "i",
);

/** Keys a team stack no longer sets: the platform owns the value now (the message says where). */
const retired = (message: string) => z.string().refine((v) => v === "", { error: message });
const MOVED_SCOPE =
    "must be empty: it is no longer a team's setting. Production stacks join the platform's Azure Monitor Private Link Scope (platform/guardrails.yaml monitoring.privateLinkScopeId), and other stacks join none. Remove the key from the stack file";
const MOVED_COSMOS =
    "must be empty: it is no longer a team's setting. The stack looks up the tenant's \"Azure Cosmos DB\" service principal by its app id a232010e-820c-4083-83bb-3ace5fc29d0b. Remove the field from the stack file";

/** ARM id of a policy assignment at a management group, subscription or resource group. */
const POLICY_ASSIGNMENT_ID = new RegExp(
    String.raw`^(/providers/Microsoft\.Management/managementGroups/[-\w._()]+|/subscriptions/${GUID_PATTERN}(/resourceGroups/[-\w._()]+)?)/providers/Microsoft\.Authorization/policyAssignments/[-\w._ ]+$`,
    "i",
);

/** Per compute kind, why the hardened profile (production stacks) refuses it; undefined: allowed. */
export const REFUSED_IN_PRODUCTION: Readonly<Record<ComputeKindKey, string | undefined>> = {
    cluster: undefined,
    instance:
        "production stacks have no compute instances: creating one needs storage shared-key access, which production turns off (ST-04; docs/hardening.md). Use a compute cluster",
};

export const hardeningKeys = {
    privateEndpointSubnetId: z.string().regex(new RegExp(`^$|${SUBNET_ID.source}`, "i"), {
        error: "must be empty (no workspace private endpoint) or a subnet ARM id: /subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.Network/virtualNetworks/<vnet>/subnets/<subnet>",
    }),
    privateDnsZoneIds: z
        .array(
            z.string().regex(DNS_ZONE_ID, {
                error: `each entry must be the ARM id of a private DNS zone named ${STAMP_DNS_ZONES.join(", ")}`,
            }),
            { error: "must be a list of private DNS zone ARM ids" },
        )
        .max(STAMP_DNS_ZONES.length, {
            error: `at most ${STAMP_DNS_ZONES.length} zones: ${STAMP_DNS_ZONES.join(", ")}`,
        }),
    storageInfrastructureEncryption: z.boolean({ error: "must be true or false" }),
    monitorPrivateLinkScopeId: retired(MOVED_SCOPE),
    policyExemptions: z.strictObject(
        {
            assignmentId: z
                .string()
                .regex(new RegExp(`^$|${POLICY_ASSIGNMENT_ID.source}`, "i"), {
                    error: "must be empty (no exemption resources) or a policy assignment ARM id: <management group, subscription or resource group id>/providers/Microsoft.Authorization/policyAssignments/<name>",
                })
                .default(""),
            referenceIds: z
                .record(
                    z.string().regex(GUID, { error: "keys must be built-in policy definition names (GUIDs)" }),
                    z.string().min(1, { error: "must be the definition's reference id in the assigned initiative" }),
                    { error: "must map definition names (GUIDs) to reference ids" },
                )
                .default({}),
        },
        { error: "must be an object with only assignmentId, referenceIds" },
    ),
    customerManagedKey: z.strictObject(
        {
            enabled: z.boolean({ error: "must be true or false" }).default(false),
            cosmosDbPrincipalId: retired(MOVED_COSMOS).default(""),
        },
        { error: "must be an object with only enabled" },
    ),
    imageBuildCompute: z.string().regex(/^$|^[a-z][a-z0-9-]{0,16}$/, {
        error: "must be empty or the key of a cluster in computeClusters (1-17 lowercase letters, digits, hyphens)",
    }),
};

/** Each key's description and top-level default (config/section.ts KeyDocs). */
export const hardeningDocs: KeyDocs<typeof hardeningKeys> = {
    privateEndpointSubnetId: {
        description: prose`
            ARM id of the customer subnet that gets the workspace private endpoint (sub-resource amlworkspace).
            Empty (the default): no private endpoint. Required on production stacks, where public access is Disabled
            (docs/hardening.md).`,
        default: "",
    },
    privateDnsZoneIds: {
        description: prose`
            ARM ids of the private DNS zones the stamp's private endpoints register their records in (a DNS zone group
            each): privatelink.api.azureml.ms and privatelink.notebooks.azure.net (the workspace endpoint),
            privatelink.blob.core.windows.net and privatelink.file.core.windows.net (the default storage's blob and
            file endpoints, production stacks only). Needs privateEndpointSubnetId. Default []: no zone group (DNS
            handled elsewhere, e.g. by a DeployIfNotExists policy). Production stacks require all four (central DNS;
            docs/hardening.md).`,
        default: [],
    },
    storageInfrastructureEncryption: {
        description: prose`
            Storage account infrastructure encryption (double encryption at rest). It can only be chosen when the
            account is created: changing it on a deployed stack shows a replacement, which protect refuses.
            \`new-team --production\` writes true; a production stack with false carries the documented exemption
            storage-infrastructure-encryption (lib/exemptions.ts, docs/hardening.md).`,
        default: false,
    },
    monitorPrivateLinkScopeId: {
        description: prose`
            Retired: must stay empty (the default). The platform owns its Azure Monitor Private Link Scope
            (platform/guardrails.yaml monitoring.privateLinkScopeId): production stacks join it, with public
            ingestion and query closed; other stacks join none (docs/hardening.md, "Central diagnostics").`,
        default: "",
    },
    policyExemptions: {
        description: prose`
            Declare the stack's documented exemptions (lib/exemptions.ts, production stacks) as Azure Policy
            exemptions (category Waiver, expiring on each review date). Fields: assignmentId (the ARM id of the
            policy assignment of the initiative holding the built-ins, in the stack's subscription or a resource group;
            default "": no exemption resources; refused unless platform/guardrails.yaml policyExemptions.allowed,
            since CI's Contributor cannot write exemptions, docs/permissions.md),
            referenceIds (map of built-in definition name (GUID) to its policyDefinitionReferenceId in that
            initiative; default {}; an exemption whose definitions have none here is listed but not declared).
            Default: none.`,
        default: {},
    },
    customerManagedKey: {
        description: prose`
            Customer-managed key encryption of the workspace (built-ins Workspace_CMKEnabled_Audit and _V2;
            docs/hardening.md). Fields: enabled (default false; \`new-team --production\` writes true), and the
            retired cosmosDbPrincipalId (must stay empty: the stack looks up the tenant's "Azure Cosmos DB" service
            principal, app id a232010e-820c-4083-83bb-3ace5fc29d0b, with azuread getServicePrincipal). Needs key
            vault purge protection (production stacks have it). Creation-only: enabling it for a deployed workspace
            shows a replacement, which protect refuses. Production stacks without it carry the documented exemption
            customer-managed-key. Default: off.`,
        default: {},
    },
    imageBuildCompute: {
        description: prose`
            Key of a cluster in computeClusters that builds environment images (the workspace imageBuildCompute),
            needed when the registry has no public access. Empty (the default): Azure ML builds in the registry.
            Required on production stacks (docs/hardening.md).`,
        default: "",
    },
};

export const hardeningSection: ConfigSection<typeof hardeningKeys> = {
    keys: hardeningKeys,
    docs: hardeningDocs,
    check: (cfg) => {
        const problems: SectionProblem[] = [];
        const clusters = (cfg[COMPUTE_KINDS.cluster.configKey] ?? {}) as Record<string, unknown>;
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
        const zoneNames = cfg.privateDnsZoneIds.map(zoneNameOf);
        if (new Set(zoneNames).size !== zoneNames.length) {
            problems.push({
                key: "privateDnsZoneIds",
                value: cfg.privateDnsZoneIds,
                message: "each zone at most once",
            });
        }
        if (cfg.policyExemptions.assignmentId !== "" && Object.keys(cfg.policyExemptions.referenceIds).length === 0) {
            problems.push({
                key: "policyExemptions.referenceIds",
                value: {},
                message:
                    "needs the reference id of each exempted definition in the assigned initiative: an exemption without one would exempt the resource from every policy of the assignment",
            });
        }
        if (cfg.customerManagedKey.enabled) {
            // "The key vault instance must enable soft delete and purge protection" (MicrosoftDocs/azure-docs
            // articles/machine-learning/concept-customer-managed-keys.md, Prerequisites).
            if (cfg["production"] !== true && cfg["keyVaultPurgeProtection"] !== true) {
                problems.push({
                    key: "customerManagedKey.enabled",
                    value: true,
                    message:
                        "a customer-managed key needs key vault purge protection (keyVaultPurgeProtection: true; production stacks have it)",
                });
            }
        }
        if (cfg["production"] !== true) {
            const storageZones = cfg.privateDnsZoneIds.filter((id) => STORAGE_DNS_ZONES.includes(zoneNameOf(id)));
            if (storageZones.length > 0) {
                problems.push({
                    key: "privateDnsZoneIds",
                    value: storageZones,
                    message: `${STORAGE_DNS_ZONES.join(" and ")} are only used by the default storage's private endpoints, which only production stacks get (its public access is Disabled there): remove them, or set production: true`,
                });
            }
            return problems;
        }

        // Production: the Hardened rows, stated in the stack's own config.
        const need = (key: string, expected: unknown, why: string): void => {
            if (cfg[key] !== expected)
                problems.push({
                    key,
                    value: cfg[key],
                    message: `production stacks require ${JSON.stringify(expected)}: ${why}`,
                });
        };
        for (const setting of HARDENED_PROFILE) {
            if (setting.onlyWith === undefined || cfg[setting.onlyWith] === true)
                need(setting.key, setting.value, setting.why);
        }
        if (cfg["containerRegistry"] === true) {
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
        const given = new Set(zoneNames);
        // Reported with or without the subnet: every missing production setting at once.
        if (!WORKSPACE_DNS_ZONES.every((z) => given.has(z))) {
            problems.push({
                key: "privateDnsZoneIds",
                value: cfg.privateDnsZoneIds,
                message: `production stacks require both zones ${WORKSPACE_DNS_ZONES.join(" and ")} (the platform's central DNS): the workspace private endpoint gets its DNS zone group, so the built-in DeployIfNotExists "Configure Azure Machine Learning workspace to use private DNS zones" (ee40564d) has nothing to deploy`,
            });
        }
        const missingStorage = STORAGE_DNS_ZONES.filter((z) => !given.has(z));
        if (missingStorage.length > 0) {
            problems.push({
                key: "privateDnsZoneIds",
                value: cfg.privateDnsZoneIds,
                message: `production stacks require ${STORAGE_DNS_ZONES.join(" and ")} too; missing: ${missingStorage.join(", ")}. Studio reaches the default storage (public access Disabled) through its blob and file private endpoints, whose DNS zone groups register there (docs/hardening.md, "Studio on production")`,
            });
        }
        for (const kind of COMPUTE_KIND_LIST) {
            const message = REFUSED_IN_PRODUCTION[kind.key];
            if (message === undefined) continue;
            for (const [key, value] of Object.entries((cfg[kind.configKey] ?? {}) as Record<string, unknown>)) {
                problems.push({ key: `${kind.configKey}.${key}`, value, message });
            }
        }
        return problems;
    },
};

/** The documented exemptions (lib/exemptions.ts) a stack's validated config implies. */
export function stackExemptions(cfg: {
    production: boolean;
    storageInfrastructureEncryption: boolean;
    customerManagedKey: { enabled: boolean };
    workspaceIdentity: WorkspaceIdentityConfig;
}): Exemption[] {
    return exemptionsFor({
        workspaceUserAssignedIdentity: isUserAssigned(workspaceIdentityOf(cfg)),
        production: cfg.production,
        customerManagedKey: cfg.customerManagedKey.enabled,
        storageInfrastructureEncryption: cfg.storageInfrastructureEncryption,
    });
}
