import { z } from "zod";
import { ENVIRONMENT_PATTERN, TEAM_PATTERN } from "../lib/names";
import { WORKSPACE_DEFAULTS } from "../lib/defaults";
import { AZURE_REGIONS } from "../lib/regions";
import { didYouMean } from "../lib/suggest";
import { stampTags } from "../lib/tags";
import { type ConfigSection, type KeyDocs, prose, type SectionProblem } from "./section";

/**
 * Keys that identify the stamp and shape the workspace and its dependencies.
 * Defaults live in Pulumi.yaml, not here: each key has exactly one default.
 */

/** The error for an unknown region: the closest names, then every region the project knows (lib/regions.ts). */
export function unknownRegionMessage(name: string): string {
    const hint = didYouMean(name.replace(/\s+/g, "").toLowerCase(), AZURE_REGIONS);
    return `not an Azure region name.${hint} Regions are lowercase without spaces (the name column of \`az account list-locations\`): ${AZURE_REGIONS.join(", ")}`;
}

const TAG_NAME_FORBIDDEN = /[<>%&\\?/]/;

const TEAM_RULE =
    "must be 2-16 characters: lowercase letters, digits and single hyphens, starting with a letter and ending with a letter or digit (it becomes part of Azure resource names)";
const ENVIRONMENT_RULE =
    "must be 2-8 characters: lowercase letters and digits, starting with a letter (e.g. dev, test, prod)";
const RESOURCE_GROUP_RULE =
    "must be empty (the stack creates rg-<team>-<environment>) or an existing resource group name: 1-90 alphanumerics, underscores, parentheses, hyphens and periods, not ending in a period";

/**
 * Azure tag names are case-insensitive ("Tag names are case-insensitive for operations", MicrosoftDocs azure-docs
 * articles/azure-resource-manager/management/tag-resources.md, "Limitations"): `Team` is the stamp's `team`.
 */
function tagProblems(cfg: {
    tags: Record<string, string>;
    team: string;
    environment: string;
    production: boolean;
}): SectionProblem[] {
    const problems: SectionProblem[] = [];
    const own = stampTags({ team: cfg.team, environment: cfg.environment, production: true });
    const ownNames = new Map(Object.keys(own).map((k) => [k.toLowerCase(), k]));
    const seen = new Map<string, string>();
    for (const [name, value] of Object.entries(cfg.tags)) {
        const lower = name.toLowerCase();
        const stamp = ownNames.get(lower);
        if (stamp !== undefined) {
            const shown = stamp === "production" ? `"true" on production stacks` : JSON.stringify(own[stamp]);
            problems.push({
                key: `tags.${name}`,
                value,
                message: `the stamp sets the tag ${stamp} itself (${shown}) and its value wins${name !== stamp ? " (Azure tag names are case-insensitive)" : ""}: remove it. The stamp's tags are ${[...ownNames.values()].join(", ")} (lib/tags.ts)`,
            });
        }
        const other = seen.get(lower);
        if (other !== undefined) {
            problems.push({
                key: `tags.${name}`,
                value,
                message: `the same tag as ${other}: Azure tag names are case-insensitive (tag-resources.md), so one would replace the other. Keep one`,
            });
        }
        seen.set(lower, name);
    }
    return problems;
}

export const stampKeys = {
    team: z.string({ error: TEAM_RULE }).regex(TEAM_PATTERN, { error: TEAM_RULE }),
    environment: z.string({ error: ENVIRONMENT_RULE }).regex(ENVIRONMENT_PATTERN, { error: ENVIRONMENT_RULE }),
    location: z.string({ error: "must be an Azure region name such as westeurope" }).superRefine((name, ctx) => {
        if ((AZURE_REGIONS as readonly string[]).includes(name)) return;
        ctx.addIssue({ code: "custom", message: unknownRegionMessage(name) });
    }),
    tags: z
        .record(
            z
                .string()
                .min(1, { error: "tag names are 1-512 characters" })
                .max(512, { error: "tag names are at most 512 characters" })
                .refine((k) => !TAG_NAME_FORBIDDEN.test(k), { error: "tag names may not contain < > % & \\ ? /" }),
            z
                .string({
                    // YAML reads `cost-center: 4711` as a number; Azure tag values are strings.
                    error: (issue) =>
                        typeof issue.input === "number" || typeof issue.input === "boolean"
                            ? `tag values are text: quote it in the stack file, e.g. cost-center: "${String(issue.input)}" (YAML reads an unquoted ${String(issue.input)} as a ${typeof issue.input})`
                            : "tag values are text (a quoted string)",
                })
                .max(256, { error: "tag values are at most 256 characters" }),
            {
                error: 'must be a mapping of tag names to text values, e.g. {cost-center: "4711", owner: team@contoso.com}',
            },
        )
        .refine((t) => Object.keys(t).length <= 45, {
            error: "at most 45 tags (Azure allows 50 per resource; the stamp adds its own)",
        }),
    production: z.boolean({ error: "must be true or false" }),
    protect: z.boolean({ error: "must be true or false" }),
    existingResourceGroup: z
        .string({ error: RESOURCE_GROUP_RULE })
        .regex(/^$|^[-\w._()]{0,89}[-\w_()]$/, { error: RESOURCE_GROUP_RULE }),
    containerRegistry: z.boolean({ error: "must be true or false" }),
    containerRegistrySku: z.enum(["Basic", "Standard", "Premium"], { error: "must be Basic, Standard or Premium" }),
    publicNetworkAccess: z.enum(["Enabled", "Disabled"], {
        error: "must be Enabled or Disabled (Disabled needs a private endpoint to reach the workspace)",
    }),
    managedNetworkIsolation: z.enum(["Disabled", "AllowInternetOutbound", "AllowOnlyApprovedOutbound"], {
        error: "must be Disabled, AllowInternetOutbound or AllowOnlyApprovedOutbound",
    }),
    keyVaultPurgeProtection: z.boolean({ error: "must be true or false" }),
    keyVaultRetentionDays: z
        .number({ error: "must be a whole number of days" })
        .int({ error: "must be a whole number of days" })
        .min(7, { error: "must be 7-90 days (Azure Key Vault soft-delete retention)" })
        .max(90, { error: "must be 7-90 days (Azure Key Vault soft-delete retention)" }),
    logRetentionDays: z
        .number({ error: "must be a whole number of days" })
        .int({ error: "must be a whole number of days" })
        .min(30, { error: "must be 30-730 days (Log Analytics retention on the PerGB2018 tier)" })
        .max(730, { error: "must be 30-730 days (Log Analytics retention on the PerGB2018 tier)" }),
};

/** Each key's description and top-level default (config/section.ts KeyDocs). */
export const stampDocs: KeyDocs<typeof stampKeys> = {
    team: {
        description: prose`
            Team name, part of every Azure resource name. 2-16 characters: lowercase letters, digits and single
            hyphens, starting with a letter. Required.`,
    },
    environment: {
        description: prose`
            Environment name (dev, test, prod, ...). 2-8 lowercase letters and digits. Required.`,
    },
    location: {
        description: prose`
            Azure region for every resource, e.g. westeurope (lowercase, no spaces); one of the platform's
            allowedRegions (platform/guardrails.yaml).`,
        default: "westeurope",
    },
    tags: {
        description: prose`
            Tags added to every taggable resource (at most 45; names at most 512 characters without < > % & \ ? /,
            values at most 256). The stamp sets its own tags (lib/tags.ts: team, environment, managed-by, production):
            repeating one here is refused.`,
        default: {},
    },
    production: {
        description: prose`
            Marks a production stack: key vault purge protection is forced on, protect must stay on, the hardened
            profile is on (docs/hardening.md: publicNetworkAccess Disabled, managedNetworkIsolation
            AllowOnlyApprovedOutbound, containerRegistrySku Premium, imageBuildCompute, privateEndpointSubnetId and
            both privateDnsZoneIds set, no computeInstances), and the policy pack treats the Hardened rows of the
            security baseline and the built-in Azure Policy rules as mandatory, except the documented exemptions
            (lib/exemptions.ts).`,
        default: false,
    },
    protect: {
        description: prose`
            Pulumi \`protect\` on the storage account, key vault and workspace, so \`pulumi destroy\` refuses to delete
            them. Turn off only for throw-away stacks.`,
        default: WORKSPACE_DEFAULTS.protect,
    },
    existingResourceGroup: {
        description: prose`
            Name of an existing resource group to deploy into. Empty (the default) creates rg-<team>-<environment>.`,
        default: "",
    },
    containerRegistry: {
        description: prose`
            Create a container registry for the workspace. Off: Azure ML creates one on the first image build,
            outside this stack's control.`,
        default: WORKSPACE_DEFAULTS.containerRegistry,
    },
    containerRegistrySku: {
        description: prose`
            Container registry SKU, Basic, Standard or Premium (Premium is needed to disable public access).`,
        default: WORKSPACE_DEFAULTS.containerRegistrySku,
    },
    publicNetworkAccess: {
        description: prose`
            Workspace public network access, Enabled or Disabled. Disabled locks everyone out unless a private
            endpoint and DNS exist (privateEndpointSubnetId, privateDnsZoneIds). Production stacks require Disabled.`,
        default: WORKSPACE_DEFAULTS.publicNetworkAccess,
    },
    managedNetworkIsolation: {
        description: prose`
            Workspace managed virtual network isolation mode, Disabled, AllowInternetOutbound or
            AllowOnlyApprovedOutbound. With a managed network, computes run without public IPs.`,
        default: WORKSPACE_DEFAULTS.managedNetworkIsolation,
    },
    keyVaultPurgeProtection: {
        description: prose`
            Key vault purge protection (irreversible: the vault name stays reserved for the retention period after
            destroy). Always on for production stacks.`,
        default: false,
    },
    keyVaultRetentionDays: {
        description: prose`
            Key vault soft-delete retention in days, 7-90. Azure fixes it when the vault is created: changing it on
            an existing stack is refused (never sent), see docs/onboarding.md.`,
        default: WORKSPACE_DEFAULTS.keyVaultRetentionDays,
    },
    logRetentionDays: {
        description: prose`
            Log Analytics retention in days, 30-730.`,
        default: WORKSPACE_DEFAULTS.logRetentionDays,
    },
};

export const stampSection: ConfigSection<typeof stampKeys> = {
    keys: stampKeys,
    docs: stampDocs,
    check: (cfg) => {
        const problems: SectionProblem[] = [];
        if (cfg.production && cfg.protect === false) {
            problems.push({ key: "protect", value: false, message: "production stacks keep protect on" });
        }
        problems.push(...tagProblems(cfg));
        // The SKU's default (Pulumi.yaml, lib/defaults.ts) is indistinguishable from an unset key: only another SKU is a choice.
        if (!cfg.containerRegistry && cfg.containerRegistrySku !== WORKSPACE_DEFAULTS.containerRegistrySku) {
            problems.push({
                key: "containerRegistrySku",
                value: cfg.containerRegistrySku,
                message: `has no effect: containerRegistry is false, so the stack creates no registry. Remove the SKU, or set containerRegistry: true`,
            });
        }
        return problems;
    },
};
