/**
 * The platform stack's config: read once, validated once, typed (the platform's counterpart of config/). Defaults
 * live only in platform/Pulumi.yaml `config:` (the CLI applies them; offline/stackConfig.ts does the same
 * offline). Every problem is reported at once as `aml-stamp-platform:<key> = <value>: <what is allowed>` before any
 * resource is declared.
 */
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { GUID } from "../lib/guid";
import { ConfigError, type ConfigProblem } from "../config/errors";
import { loadGuardrails } from "../config/guardrails";
import { environmentProblems, refNameProblems, repoProblems } from "../lib/federation";
import { AZURE_REGIONS } from "../lib/regions";

export const PLATFORM_PROJECT = "aml-stamp-platform";

const problemsOf =
    (check: (v: string) => string[]) =>
    (v: string, ctx: z.RefinementCtx): void => {
        for (const message of check(v)) ctx.addIssue({ code: "custom", message });
    };

const KEYS = {
    repository: z.string().superRefine(problemsOf(repoProblems)),
    defaultBranch: z.string().superRefine(problemsOf((b) => refNameProblems("branch", b))),
    deployEnvironment: z.string().superRefine(problemsOf((e) => (e === "" ? [] : environmentProblems(e)))),
    previewEnvironment: z.string().superRefine(problemsOf((e) => (e === "" ? [] : environmentProblems(e)))),
    location: z.enum(AZURE_REGIONS, { error: "must be an Azure region name, e.g. westeurope" }),
    resourceGroup: z.string().regex(/^[-\w._()]{0,89}[-\w_()]$/, {
        error: "must be a resource group name: 1-90 alphanumerics, underscores, parentheses, hyphens and periods, not ending in a period",
    }),
    stateStorageAccount: z.string().regex(/^[a-z0-9]{3,24}$/, {
        error: "must be a storage account name: 3-24 lowercase letters and digits, globally unique",
    }),
    stateContainer: z.string().regex(/^(?!.*--)[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/, {
        error: "must be a blob container name: 3-63 lowercase letters, digits and single hyphens",
    }),
    stateKeyVault: z.string().regex(/^(?!.*--)[a-zA-Z][a-zA-Z0-9-]{1,22}[a-zA-Z0-9]$/, {
        error: "must be a key vault name: 3-24 letters, digits and single hyphens, starting with a letter",
    }),
    secretsKeyName: z.string().regex(/^[a-zA-Z0-9-]{1,127}$/, {
        error: "must be a key name: 1-127 letters, digits and hyphens",
    }),
    stateSoftDeleteDays: z
        .number({ error: "must be a whole number of days" })
        .int({ error: "must be a whole number of days" })
        .min(1, { error: "must be 1-365 days (blob soft delete)" })
        .max(365, { error: "must be 1-365 days (blob soft delete)" }),
    owners: z.array(z.string().regex(GUID, { error: "must be an Entra object id (a GUID)" })),
    tags: z.record(z.string().min(1).max(512), z.string().max(256)),
    protect: z.boolean({ error: "must be true or false" }),
};
const SCHEMA = z.object(KEYS);

/** The validated platform config. */
export type PlatformConfig = z.infer<typeof SCHEMA>;

const STRING_KEYS = new Set([
    "repository",
    "defaultBranch",
    "deployEnvironment",
    "previewEnvironment",
    "location",
    "resourceGroup",
    "stateStorageAccount",
    "stateContainer",
    "stateKeyVault",
    "secretsKeyName",
]);

/** Validates raw platform config (`aml-stamp-platform:key` → string, as Pulumi provides it). */
export function parsePlatformConfig(raw: Readonly<Record<string, string>>): PlatformConfig {
    const prefix = `${PLATFORM_PROJECT}:`;
    const problems: ConfigProblem[] = [];
    const values: Record<string, unknown> = {};
    for (const [fullKey, text] of Object.entries(raw)) {
        if (!fullKey.startsWith(prefix)) continue;
        const key = fullKey.slice(prefix.length);
        if (!(key in KEYS)) {
            problems.push({
                key: fullKey,
                value: text,
                message: `unknown key; the keys of this project are: ${Object.keys(KEYS).join(", ")} (declared in platform/Pulumi.yaml)`,
            });
            continue;
        }
        if (STRING_KEYS.has(key)) values[key] = text;
        else {
            try {
                values[key] = JSON.parse(text);
            } catch {
                values[key] = text;
            }
        }
    }
    const parsed = SCHEMA.safeParse(values);
    if (!parsed.success) {
        for (const issue of parsed.error.issues) {
            const [head, ...rest] = issue.path.map(String);
            const missing = rest.length === 0 && values[String(head)] === undefined;
            problems.push({
                key: `${prefix}${[head, ...rest].join(".")}`,
                value: issue.path.reduce<unknown>(
                    (n, p) =>
                        n !== null && typeof n === "object" ? (n as Record<PropertyKey, unknown>)[p] : undefined,
                    values,
                ),
                message: missing ? "required; declare it in platform/Pulumi.<stack>.yaml" : issue.message,
            });
        }
    } else {
        const guardrails = loadGuardrails();
        if (!guardrails.allowedRegions.includes(parsed.data.location)) {
            problems.push({
                key: `${prefix}location`,
                value: parsed.data.location,
                message: `must be one of the platform's allowedRegions (platform/guardrails.yaml): ${guardrails.allowedRegions.join(", ")}`,
            });
        }
    }
    if (problems.length > 0 || !parsed.success) throw new ConfigError(problems);
    return parsed.data;
}

/** Reads and validates the running platform stack's config. Call once, before declaring any resource. */
export function loadPlatformConfig(): PlatformConfig {
    return parsePlatformConfig(pulumi.runtime.allConfig());
}
