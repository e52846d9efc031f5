/**
 * The stamp spec: the validated stack config resolved into what the components take, once. Role names become
 * catalog roles, the rotation epoch a Date, the image-build compute its Azure name, the workspace identity its
 * profile default; the stamp name, the documented exemptions, the team's groups and the custom roles people are
 * given are derived here. Components never repeat a lookup, a default or a cast (issue 14).
 *
 * Every lookup here already succeeded during validation (config/compute.ts, config/automation.ts refuse unknown
 * role names and bad epochs with the key); a failure here is a broken invariant and throws a ConfigError naming the
 * key, never a plain Error downstream.
 */
import { ConfigError } from "./errors";
import { loadConfig, PROJECT, type StackConfig } from "./index";
import type { ComputeSettingsOf, GrantSpec } from "./compute";
import { teamGroups } from "./access";
import { workspaceIdentityOf } from "./identity";
import { stackExemptions } from "./hardening";
import { type BuiltInRole, lookupRole } from "../lib/roles";
import { parseEpoch } from "../lib/rotation";
import { computeName, type ComputeGrant } from "../lib/compute";
import {
    COMPUTE_KINDS,
    COMPUTE_KIND_LIST,
    type ComputeKindKey,
    type ComputeKindOf,
    type KindGrant,
} from "../lib/computeKinds";
import type { IdentitySpec } from "../lib/identity";
import type { Exemption } from "../lib/exemptions";
import { PEOPLE_CUSTOM_ROLE_KEYS, type PeopleCustomRoleKey } from "../lib/customRoles";

/** A compute's config (of kind K, lib/computeKinds.ts) with its grants resolved. */
export type ResolvedCompute<K extends ComputeKindKey> = Omit<ComputeSettingsOf<K>, "roles"> & {
    readonly roles: readonly ComputeGrant[];
};
/** A compute cluster's config with its grants resolved. */
export type ResolvedCluster = ResolvedCompute<"cluster">;
/** A compute instance's config with its grants resolved. */
export type ResolvedInstance = ResolvedCompute<"instance">;
/**
 * Every compute of the stamp, under its kind's config key (lib/computeKinds.ts `configKey`: `computeClusters`,
 * `computeInstances`), by compute key.
 */
export type ResolvedComputes = {
    readonly [K in ComputeKindKey as ComputeKindOf<K>["configKey"]]: Readonly<Record<string, ResolvedCompute<K>>>;
};

/** What the Stamp component (components/stamp.ts) is built from. */
export interface StampSpec extends ResolvedComputes {
    /** Instance name of the stamp and prefix of every child's name: `<team>-<environment>`. */
    readonly name: string;
    /** The validated stack config, for the settings that need no resolution. */
    readonly config: StackConfig;
    /** automation.roles as catalog roles. */
    readonly automationRoles: readonly BuiltInRole[];
    /** rotationEpoch as a UTC midnight. */
    readonly rotationEpoch: Date;
    /** Azure name of the compute that builds images (imageBuildCompute), when one is set. */
    readonly imageBuildComputeName: string | undefined;
    /** The workspace identity after its default (config/identity.ts workspaceIdentityOf). */
    readonly workspaceIdentity: IdentitySpec;
    /** Production stacks always get purge protection (KV-02); others choose (keyVaultPurgeProtection). */
    readonly keyVaultPurgeProtection: boolean;
    /** The hardened profile (docs/hardening.md) is on for production stacks. */
    readonly hardened: boolean;
    /** The documented exemptions from built-in policies the config implies (lib/exemptions.ts). */
    readonly exemptions: readonly Exemption[];
    /** Every Entra group the team's access names (Conditional Access targets them). */
    readonly teamGroups: readonly string[];
    /** The platform's custom compute roles that some group or the automation principal is given. */
    readonly peopleCustomRoles: readonly PeopleCustomRoleKey[];
}

function invariant(key: string, value: unknown, message: string): never {
    throw new ConfigError([{ key: `${PROJECT}:${key}`, value, message }]);
}

/** A compute's grants as catalog roles; `roles` unset means its kind's default (lib/computeKinds.ts defaultGrants). */
export function resolveComputeGrants(
    key: string,
    grants: readonly GrantSpec[] | undefined,
    defaults: readonly KindGrant[],
): ComputeGrant[] {
    return (grants ?? defaults).map((g, i) => {
        const found = lookupRole(g.role);
        if ("error" in found) return invariant(`${key}.roles[${i}].role`, g.role, found.error);
        return { key: found.key, role: found.role, scope: g.scope };
    });
}

/**
 * On production stacks every cluster identity gets Storage Blob Data Contributor on the workspace default storage
 * (components/storageDataAccess.ts, shared keys off). It holds every action and data action of Storage Blob Data
 * Reader (MicrosoftDocs/azure-docs articles/role-based-access-control/built-in-roles/storage.md), so a cluster's
 * Reader grant there would add nothing, and its own Contributor grant there would be the same assignment twice (one
 * deterministic name: two Pulumi resources managing one Azure assignment, removed when either is): neither is declared.
 */
const SUBSUMED_ON_PRODUCTION_STORAGE: readonly string[] = ["storageBlobDataReader", "storageBlobDataContributor"];

function subsumed(cfg: StackConfig, kind: ComputeKindKey, g: ComputeGrant): boolean {
    return (
        cfg.production && kind === "cluster" && g.scope === "storage" && SUBSUMED_ON_PRODUCTION_STORAGE.includes(g.key)
    );
}

/** The computes of one kind with their grants resolved. */
function resolveKind<K extends ComputeKindKey>(cfg: StackConfig, key: K): Record<string, ResolvedCompute<K>> {
    const kind = COMPUTE_KINDS[key];
    const declared = cfg[kind.configKey] as Record<string, ComputeSettingsOf<K>>;
    return Object.fromEntries(
        Object.entries(declared).map(([k, c]) => [
            k,
            {
                ...c,
                roles: resolveComputeGrants(`${kind.configKey}.${k}`, c.roles, kind.defaultGrants).filter(
                    (g) => !subsumed(cfg, key, g),
                ),
            },
        ]),
    );
}

/** Resolves the validated config into the stamp spec (module comment). */
export function resolveStamp(cfg: StackConfig): StampSpec {
    const rotationEpoch = parseEpoch(cfg.rotationEpoch);
    if (rotationEpoch === undefined) invariant("rotationEpoch", cfg.rotationEpoch, "must be a UTC date YYYY-MM-DD");
    return {
        name: `${cfg.team}-${cfg.environment}`,
        config: cfg,
        // Computes per kind, by key, each with its grants as catalog roles (the kind's default applied).
        ...(Object.fromEntries(
            COMPUTE_KIND_LIST.map((kind) => [kind.configKey, resolveKind(cfg, kind.key)]),
        ) as unknown as ResolvedComputes),
        automationRoles: cfg.automation.roles.map((r, i) => {
            const found = lookupRole(r);
            return "error" in found ? invariant(`automation.roles[${i}]`, r, found.error) : found.role;
        }),
        rotationEpoch,
        imageBuildComputeName:
            cfg.imageBuildCompute !== "" ? computeName(cfg.imageBuildCompute, cfg.team, cfg.environment) : undefined,
        workspaceIdentity: workspaceIdentityOf(cfg),
        keyVaultPurgeProtection: cfg.production || cfg.keyVaultPurgeProtection,
        hardened: cfg.production,
        exemptions: stackExemptions(cfg),
        teamGroups: teamGroups(cfg.access),
        peopleCustomRoles: PEOPLE_CUSTOM_ROLE_KEYS.filter((k) => {
            const a = cfg.access.customRoles[k];
            return a.groups.length > 0 || a.automationPrincipal;
        }),
    };
}

/** The program's entry: the stack config read and validated once (config/index.ts loadConfig), then resolved. */
export function loadStampSpec(): StampSpec {
    return resolveStamp(loadConfig());
}
