import { z } from "zod";
import { COMPUTE_KIND_LIST } from "../lib/computeKinds";
import { AUTOMATION_DEFAULTS } from "../lib/defaults";
import { GUID } from "../lib/guid";
import {
    credentialNameProblems,
    gitHubTrustProblems,
    issuerAndSubject,
    issuerSubjectProblems,
    MAX_FEDERATED_CREDENTIALS,
} from "../lib/federation";
import { parseEpoch } from "../lib/rotation";
import { ASSIGNABLE_ROLE_NAMES, lookupRole } from "../lib/roles";
import { type ConfigSection, type KeyDocs, prose, type SectionProblem } from "./section";

/**
 * Keys of the automation service principal: `automation` (one object) and `rotationEpoch`.
 * Top-level defaults live in Pulumi.yaml; the nested fields of `automation` default here, as its description says.
 */

/** The components' defaults (lib/defaults.ts), as the schema states them: role names, not catalog entries. */
const DEFAULT_ROLE_NAMES = AUTOMATION_DEFAULTS.roles.map((r) => r.name);

const gitHubTrust = z.strictObject(
    {
        repo: z.string({ error: "must be OWNER/REPO" }),
        branch: z.string({ error: "must be a branch name" }).optional(),
        tag: z.string({ error: "must be a tag name" }).optional(),
        environment: z.string({ error: "must be a GitHub environment name" }).optional(),
        pullRequest: z.boolean({ error: "must be true or false" }).optional(),
    },
    { error: "github takes repo (OWNER/REPO) and exactly one of branch, tag, environment or pullRequest: true" },
);

const federatedCredential = z
    .strictObject(
        {
            name: z.string({ error: "must be a name: 1-120 letters, digits, '-', '_' or '.'" }),
            description: z.string().max(600, { error: "at most 600 characters" }).optional(),
            github: gitHubTrust.optional(),
            issuer: z.string({ error: "must be an https issuer URL" }).optional(),
            subject: z.string({ error: "must be the subject claim the issuer puts in its tokens" }).optional(),
        },
        {
            error: "each federated credential is {name, description?, github: {repo, branch|tag|environment|pullRequest}} or {name, description?, issuer, subject}",
        },
    )
    .superRefine((fc, ctx) => {
        for (const message of credentialNameProblems(fc.name))
            ctx.addIssue({ code: "custom", message, path: ["name"] });
        const generic = fc.issuer !== undefined || fc.subject !== undefined;
        if (fc.github !== undefined && generic) {
            ctx.addIssue({ code: "custom", message: "use either github or issuer/subject, not both" });
        } else if (fc.github !== undefined) {
            for (const message of gitHubTrustProblems(fc.github))
                ctx.addIssue({ code: "custom", message, path: ["github"] });
        } else if (fc.issuer !== undefined && fc.subject !== undefined) {
            for (const message of issuerSubjectProblems(fc.issuer, fc.subject))
                ctx.addIssue({ code: "custom", message });
        } else {
            ctx.addIssue({
                code: "custom",
                message: "needs github: {repo, branch|tag|environment|pullRequest} or both issuer and subject",
            });
        }
    });

export const automationKeys = {
    automation: z.strictObject(
        {
            enabled: z.boolean({ error: "must be true or false" }).default(true),
            owners: z
                .array(z.string().regex(GUID, { error: "owners are Entra object ids (UUIDs)" }), {
                    error: "must be a list of Entra object ids",
                })
                .default([]),
            rotationDays: z
                .number({ error: "must be a whole number of days, 7-120" })
                .int({ error: "must be a whole number of days, 7-120" })
                .min(7, {
                    error: "must be 7-120 days (passwords live up to 3x this; Entra recommends under 12 months)",
                })
                .max(120, {
                    error: "must be 7-120 days (passwords live up to 3x this; Entra recommends under 12 months)",
                })
                .default(AUTOMATION_DEFAULTS.rotationDays),
            clientSecrets: z.boolean({ error: "must be true or false" }).default(AUTOMATION_DEFAULTS.clientSecrets),
            storeSecretInKeyVault: z.boolean({ error: "must be true or false" }).default(false),
            roles: z
                .array(
                    z
                        .string({ error: "must be a role name from the role catalog (lib/roles.ts)" })
                        .superRefine((name, ctx) => {
                            const found = lookupRole(name);
                            if ("error" in found) ctx.addIssue({ code: "custom", message: found.error });
                        }),
                    { error: `must be a list of role names from the catalog: ${ASSIGNABLE_ROLE_NAMES.join(", ")}` },
                )
                .default(DEFAULT_ROLE_NAMES),
            federatedCredentials: z
                .array(federatedCredential, { error: "must be a list of federated credentials" })
                .max(MAX_FEDERATED_CREDENTIALS, {
                    error: `at most ${MAX_FEDERATED_CREDENTIALS} (the Entra limit per application)`,
                })
                .default([]),
        },
        {
            error: "automation takes enabled, owners, rotationDays, clientSecrets, storeSecretInKeyVault, roles, federatedCredentials",
        },
    ),
    rotationEpoch: z.string({ error: "must be a UTC date YYYY-MM-DD" }).refine((s) => parseEpoch(s) !== undefined, {
        error: "must be a real UTC calendar date YYYY-MM-DD (rotation windows start at its midnight)",
    }),
};

/** Each key's description and top-level default (config/section.ts KeyDocs). */
export const automationDocs: KeyDocs<typeof automationKeys> = {
    automation: {
        description: prose`
            The automation service principal (Entra application + service principal for CI; docs/rotation.md).
            Fields, each with its default: enabled (true; false for stacks whose deployer cannot create Entra
            applications); owners (default []; any owner is refused: CI's deploy identity, the only owner, holds
            Application.ReadWrite.OwnedBy, which cannot add owners; docs/permissions.md); rotationDays (90; 7-120:
            the rotation period P, two password slots offset by P, each password ends 3P after its window start);
            clientSecrets (true; false for federation-only principals: no password at all); storeSecretInKeyVault
            (false; true also writes the newest secret to the workspace key vault with an expiry, refused while a
            compute has keyVaultSecrets: its jobs could read it); roles (["AzureML
            Data Scientist"]; built-in role names from the role catalog, granted at workspace scope; privileged
            roles refused); federatedCredentials ([]; at most 20, each {name, description?, github: {repo:
            OWNER/REPO, exactly one of branch, tag, environment, pullRequest: true}} or {name, description?, issuer:
            https URL, subject}; no wildcards; audience is always api://AzureADTokenExchange). Set {} for all
            defaults.`,
        default: {},
    },
    rotationEpoch: {
        description: prose`
            UTC date (YYYY-MM-DD) where rotation window 0 starts; windows are automation.rotationDays long. Changing
            it (or rotationDays) rotates both passwords at the next \`pulumi up\` (docs/rotation.md).`,
        default: "2025-01-06",
    },
};

type AutomationConfig = z.infer<(typeof automationKeys)["automation"]>;

/** The fields of `automation` at their defaults (the schema's own), to tell a setting from an unset field. */
const AUTOMATION_FIELD_DEFAULTS = automationKeys.automation.parse({}) as Record<string, unknown>;

/**
 * `enabled: false` creates no principal, so every other field would be ignored: each one set to something other than
 * its default is refused, naming it (a federated credential CI relies on must not vanish without a word).
 */
function disabledProblems(a: AutomationConfig): SectionProblem[] {
    return Object.entries(a)
        .filter(
            ([field, value]) =>
                field !== "enabled" && JSON.stringify(value) !== JSON.stringify(AUTOMATION_FIELD_DEFAULTS[field]),
        )
        .map(([field, value]) => ({
            key: `automation.${field}`,
            value,
            message: `has no effect: automation.enabled is false, so the stack creates no automation principal. Remove ${field}, or set automation.enabled: true`,
        }));
}

/**
 * `owners` is refused: every stack file here is deployed by the platform's CI deploy identity
 * (scripts/ciStacks.ts), which holds Application.ReadWrite.OwnedBy, and Graph's "Add owner" says
 * "Application.ReadWrite.OwnedBy will not be sufficient to add another owner. Consent also to
 * Application.ReadWrite.All" (microsoft-graph-docs-contrib api-reference/v1.0/api/application-post-owners.md; a
 * service principal owner also needs Directory.Read.All, serviceprincipal-post-owners.md). The platform never grants
 * Application.ReadWrite.All (it manages every application in the tenant). AutomationPrincipal keeps `owners` for
 * programs an administrator deploys.
 */
function ownersProblem(owners: readonly string[]): SectionProblem {
    return {
        key: "automation.owners",
        value: owners,
        message:
            "CI's deploy identity cannot add owners: it holds Microsoft Graph Application.ReadWrite.OwnedBy, which is not sufficient to add another owner (Graph application-post-owners needs Application.ReadWrite.All, which the platform never grants). Remove owners; to let people manage the application, an Entra administrator assigns them a Microsoft Entra role scoped to that app registration (not an owner: the next deploy would remove an owner it does not declare) (docs/permissions.md)",
    };
}

/** The computes (`computeClusters.<key>`, ...) whose identity gets Key Vault Secrets User on the workspace vault. */
function vaultReadingComputes(cfg: Record<string, unknown>): string[] {
    return COMPUTE_KIND_LIST.flatMap((kind) =>
        Object.entries((cfg[kind.configKey] ?? {}) as Record<string, { keyVaultSecrets?: boolean }>)
            .filter(([, c]) => c.keyVaultSecrets === true)
            .map(([key]) => `${kind.configKey}.${key}.keyVaultSecrets`),
    );
}

/**
 * storeSecretInKeyVault writes CI's client secret into the workspace key vault, where `keyVaultSecrets: true` gives
 * the compute identity Key Vault Secrets User at vault scope ("Read secret contents", built-in-roles/security.md):
 * every job on that compute could read the secret. Azure RBAC has no per-secret deny, so the combination is refused.
 */
function secretReadersProblem(readers: readonly string[]): SectionProblem {
    return {
        key: "automation.storeSecretInKeyVault",
        value: true,
        message: `would put CI's client secret where compute identities read every secret: ${readers.join(", ")} (Key Vault Secrets User on the workspace key vault, so every job there could read it). Set storeSecretInKeyVault: false (the secret stays in the stack's secret outputs) or remove keyVaultSecrets from those computes (docs/permissions.md)`,
    };
}

export const automationSection: ConfigSection<typeof automationKeys> = {
    keys: automationKeys,
    docs: automationDocs,
    check: (cfg) => {
        const a = cfg.automation;
        const problems: SectionProblem[] = [];
        if (!a.enabled) return disabledProblems(a);
        if (!a.clientSecrets && a.federatedCredentials.length === 0) {
            problems.push({
                key: "automation.clientSecrets",
                value: false,
                message: "the principal needs a credential: keep clientSecrets on or declare federatedCredentials",
            });
        }
        if (!a.clientSecrets && a.storeSecretInKeyVault) {
            problems.push({
                key: "automation.storeSecretInKeyVault",
                value: true,
                message: "needs clientSecrets: true (there is no secret to store)",
            });
        }
        if (a.owners.length > 0) problems.push(ownersProblem(a.owners));
        if (a.storeSecretInKeyVault) {
            const readers = vaultReadingComputes(cfg);
            if (readers.length > 0) problems.push(secretReadersProblem(readers));
        }
        const names = new Set<string>();
        const pairs = new Set<string>();
        a.federatedCredentials.forEach((fc, i) => {
            if (names.has(fc.name)) {
                problems.push({
                    key: `automation.federatedCredentials[${i}].name`,
                    value: fc.name,
                    message: "names must be unique",
                });
            }
            names.add(fc.name);
            const { issuer, subject } = issuerAndSubject(fc);
            const pair = `${issuer.replace(/\/$/, "")} ${subject}`;
            if (pairs.has(pair)) {
                problems.push({
                    key: `automation.federatedCredentials[${i}]`,
                    value: subject,
                    message: "issuer and subject must be unique per application (Entra rejects duplicates)",
                });
            }
            pairs.add(pair);
        });
        const roles = new Set<string>();
        a.roles.forEach((r, i) => {
            const key = r.trim().toLowerCase();
            if (roles.has(key)) problems.push({ key: `automation.roles[${i}]`, value: r, message: "each role once" });
            roles.add(key);
        });
        return problems;
    },
};
