import { z } from "zod";
import { GUID, GUID_PATTERN } from "../lib/guid";
import { COMPUTE_KEY_PATTERN } from "../lib/compute";
import { type ConfigSection, type KeyDocs, prose, type SectionProblem } from "./section";
import type { PrivateEndpointOutboundRule } from "../lib/outbound";

/**
 * `datastores` and `connections`: a team's own data reached through identities, never through stored secrets.
 * A datastore is an Azure ML datastore on a Blob container or an ADLS Gen2 filesystem with `credentialsType: None`
 * (identity-based access: "Create any datastores with identity-based authentication enabled ... the compute managed
 * identity is used by default when accessing data within your training jobs", MicrosoftDocs/azure-ai-docs
 * articles/machine-learning/how-to-identity-based-service-authentication.md), with the data role on its storage
 * account for the identities that use it. A connection is a workspace connection with AAD or ManagedIdentity auth.
 * Key, SAS, service-principal-secret and certificate credentials are refused (docs/data.md).
 */

/** The datastore kinds, as config spells them → the Azure ML `datastoreType`. */
export const DATASTORE_TYPES = { blob: "AzureBlob", adlsGen2: "AzureDataLakeGen2" } as const;
export type DatastoreType = keyof typeof DATASTORE_TYPES;

/** Credential kinds Azure ML datastores take (the SDK's *DatastoreCredentials types); only `none` is allowed here. */
export const DATASTORE_CREDENTIALS = ["none", "accountKey", "sas", "servicePrincipal", "certificate"] as const;

/** Workspace connection auth types allowed here: the caller's Entra token (AAD) or a managed identity. */
export const CONNECTION_AUTH_TYPES = ["AAD", "ManagedIdentity"] as const;

/** Auth types the SDK knows that store a secret in the workspace (WorkspaceConnection `properties` union). */
const SECRET_AUTH_TYPES = [
    "AccessKey",
    "AccountKey",
    "ApiKey",
    "CustomKeys",
    "None",
    "OAuth2",
    "PAT",
    "SAS",
    "ServicePrincipal",
    "UsernamePassword",
] as const;

/** ARM id of a storage account (the datastore's target). */
export const STORAGE_ACCOUNT_ID = new RegExp(
    String.raw`^/subscriptions/${GUID_PATTERN}/resourceGroups/[-\w._()]+/providers/Microsoft\.Storage/storageAccounts/[a-z0-9]{3,24}$`,
    "i",
);

const ACCESS = ["read", "write"] as const;

const entryKey = z.string().regex(COMPUTE_KEY_PATTERN, {
    error: "names (the keys) must be 1-17 characters: lowercase letters, digits and single hyphens, starting with a letter",
});

const groups = z
    .array(z.string().regex(GUID, { error: "must be an Entra group object id (a GUID)" }), {
        error: "must be a list of Entra group object ids",
    })
    .default([]);

const datastore = z.strictObject({
    type: z.enum(Object.keys(DATASTORE_TYPES) as [DatastoreType, ...DatastoreType[]], {
        error: "must be blob (an Azure Blob container) or adlsGen2 (an ADLS Gen2 filesystem)",
    }),
    storageAccountId: z.string().regex(STORAGE_ACCOUNT_ID, {
        error: "must be a storage account ARM id: /subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.Storage/storageAccounts/<name>",
    }),
    container: z.string().regex(/^(?=.{3,63}$)[a-z0-9]+(?:-[a-z0-9]+)*$/, {
        error: "must be a container (blob) or filesystem (adlsGen2) name: 3-63 lowercase letters, digits and single hyphens",
    }),
    access: z
        .enum(ACCESS, { error: "must be read (Storage Blob Data Reader) or write (Storage Blob Data Contributor)" })
        .default("read"),
    groups,
    computes: z.array(entryKey, { error: "must be a list of computeClusters / computeInstances keys" }).default([]),
    studioPreview: z.boolean({ error: "must be true or false" }).default(true),
    credentials: z
        .enum(DATASTORE_CREDENTIALS, {
            error: "must be none: datastores are identity-based (accountKey, sas, servicePrincipal and certificate are refused)",
        })
        .default("none"),
    description: z.string().max(500, { error: "at most 500 characters" }).optional(),
});

const connection = z.strictObject({
    category: z.string().regex(/^[A-Za-z][A-Za-z0-9]{1,63}$/, {
        error: "must be a workspace connection category (AzureBlob, ADLSGen2, AzureSqlDb, ...: the REST API's ConnectionCategory)",
    }),
    target: z.string().regex(/^https:\/\/\S+$/, { error: "must be the target's https:// URL" }),
    authType: z.enum([...CONNECTION_AUTH_TYPES, ...SECRET_AUTH_TYPES], {
        error: "must be AAD (the caller's Entra identity) or ManagedIdentity (the workspace identity)",
    }),
    targetResourceId: z
        .string()
        .regex(
            new RegExp(
                String.raw`^/subscriptions/${GUID_PATTERN}/resourceGroups/[-\w._()]+/providers/[\w.]+/\S+$`,
                "i",
            ),
            {
                error: "must be the target's ARM id (/subscriptions/<id>/resourceGroups/<rg>/providers/<type>/<name>)",
            },
        )
        .optional(),
    subresource: z
        .string()
        .regex(/^[a-zA-Z]+$/, {
            error: "must be the private endpoint's target sub-resource (blob, dfs, sqlServer, ...)",
        })
        .optional(),
});

/**
 * The sub-resources a datastore's account needs a private endpoint for: blob; for ADLS Gen2 dfs and blob ("If you
 * create a private endpoint for the Data Lake Storage Gen2 storage resource, then you should also create one for the
 * Blob Storage resource", MicrosoftDocs/azure-docs articles/storage/common/storage-private-endpoints.md).
 */
export const DATASTORE_SUBRESOURCES: Record<DatastoreType, readonly string[]> = {
    blob: ["blob"],
    adlsGen2: ["dfs", "blob"],
};

/** A data rule's name: `<target resource name>-<sub-resource>`, lowercased into lib/outbound.ts RULE_NAME's shape. */
export function dataRuleName(serviceResourceId: string, subresourceTarget: string): string {
    const target = serviceResourceId.split("/").pop() ?? "";
    return `${target}-${subresourceTarget}`
        .toLowerCase()
        .replace(/[^a-z0-9-]+/g, "-")
        .slice(0, 64)
        .replace(/^-+|-+$/g, "");
}

/** What dataOutboundRules reads of the stack config. */
export interface DataOutboundConfig {
    readonly production: boolean;
    readonly datastores: Readonly<Record<string, { readonly type: DatastoreType; readonly storageAccountId: string }>>;
    readonly connections: Readonly<
        Record<string, { readonly targetResourceId?: string | undefined; readonly subresource?: string | undefined }>
    >;
}

/**
 * The PrivateEndpoint outbound rules the datastores and connections need (production only: its managed network
 * allows only approved outbound), one per target and sub-resource, each with the config key that first asks for it.
 * The workspace's outbound rules include them; the platform's allow-list checks them like a team's own rules.
 */
export function dataOutboundRules(cfg: DataOutboundConfig): { rule: PrivateEndpointOutboundRule; key: string }[] {
    if (!cfg.production) return [];
    const rules = new Map<string, { rule: PrivateEndpointOutboundRule; key: string }>();
    const add = (serviceResourceId: string, subresourceTarget: string, key: string): void => {
        const name = dataRuleName(serviceResourceId, subresourceTarget);
        if (rules.has(name)) return;
        rules.set(name, {
            rule: { name, type: "PrivateEndpoint", serviceResourceId, subresourceTarget, sparkEnabled: false },
            key,
        });
    };
    for (const [k, d] of Object.entries(cfg.datastores)) {
        for (const sub of DATASTORE_SUBRESOURCES[d.type])
            add(d.storageAccountId, sub, `datastores.${k}.storageAccountId`);
    }
    for (const [k, c] of Object.entries(cfg.connections)) {
        if (c.targetResourceId !== undefined && c.subresource !== undefined) {
            add(c.targetResourceId, c.subresource, `connections.${k}.targetResourceId`);
        }
    }
    return [...rules.values()];
}

export const dataKeys = {
    datastores: z.record(entryKey, datastore, { error: "must be an object of datastores keyed by name" }),
    connections: z.record(entryKey, connection, { error: "must be an object of workspace connections keyed by name" }),
};

/** Each key's description and top-level default (config/section.ts KeyDocs). */
export const dataDocs: KeyDocs<typeof dataKeys> = {
    datastores: {
        description: prose`
            Identity-based Azure ML datastores keyed by name (the datastore's name in the workspace). Fields: type
            (blob | adlsGen2), storageAccountId (ARM id), container (the container or filesystem), access (read:
            Storage Blob Data Reader, default; write: Storage Blob Data Contributor, on the account), groups (Entra
            groups that use it with their own identity), computes (computeClusters / computeInstances keys whose
            identities read it in jobs), studioPreview (default true: the workspace identity reads it for studio's
            data preview), credentials (only none: keys, SAS and secrets are refused). On production each target
            account needs a PrivateEndpoint outbound rule on the managed network (docs/data.md). Default: none.`,
        default: {},
    },
    connections: {
        description: prose`
            Workspace connections keyed by name. Fields: category (the REST API's ConnectionCategory, e.g. AzureBlob,
            ADLSGen2), target (https URL), authType (AAD or ManagedIdentity only: no stored secret), targetResourceId
            and subresource (on production: the PrivateEndpoint outbound rule the connection waits for). Default:
            none.`,
        default: {},
    },
};

export const dataSection: ConfigSection<typeof dataKeys> = {
    keys: dataKeys,
    docs: dataDocs,
    check: (cfg) => {
        const problems: SectionProblem[] = [];
        const computes = new Set([
            ...Object.keys((cfg["computeClusters"] ?? {}) as object),
            ...Object.keys((cfg["computeInstances"] ?? {}) as object),
        ]);
        for (const [key, d] of Object.entries(cfg.datastores)) {
            const prefix = `datastores.${key}`;
            if (d.credentials !== "none") {
                problems.push({
                    key: `${prefix}.credentials`,
                    value: d.credentials,
                    message:
                        "refused: a datastore with a stored key, SAS token, service principal secret or certificate lets anyone who can read the datastore use the secret; allowed: none (identity-based access: credentialsType None, docs/data.md)",
                });
            }
            d.computes.forEach((c, i) => {
                if (!computes.has(c)) {
                    problems.push({
                        key: `${prefix}.computes[${i}]`,
                        value: c,
                        message: `names no compute of this stack; declared: ${computes.size > 0 ? [...computes].join(", ") : "(none)"}`,
                    });
                }
            });
        }
        for (const [key, c] of Object.entries(cfg.connections)) {
            const prefix = `connections.${key}`;
            if (!(CONNECTION_AUTH_TYPES as readonly string[]).includes(c.authType)) {
                problems.push({
                    key: `${prefix}.authType`,
                    value: c.authType,
                    message: `refused: ${c.authType} stores a secret (or nothing) in the workspace connection; allowed: ${CONNECTION_AUTH_TYPES.join(", ")} (docs/data.md)`,
                });
            }
            if ((c.subresource === undefined) !== (c.targetResourceId === undefined)) {
                problems.push({
                    key: `${prefix}.${c.subresource === undefined ? "subresource" : "targetResourceId"}`,
                    value: undefined,
                    message: "targetResourceId and subresource go together (the private endpoint rule needs both)",
                });
            }
            if (cfg["production"] === true && c.targetResourceId === undefined) {
                problems.push({
                    key: `${prefix}.targetResourceId`,
                    value: undefined,
                    message:
                        "required on production stacks: the managed network reaches the target only through a PrivateEndpoint outbound rule (AllowOnlyApprovedOutbound)",
                });
            }
        }
        return problems;
    },
};
