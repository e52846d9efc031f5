/**
 * The stamp spec: the validated stack config resolved into what the components take, once. Role names become
 * catalog roles, the rotation epoch a Date, the image-build compute its Azure name, the workspace identity its
 * profile default; the stamp name, the documented exemptions, the team's groups and the custom roles people are
 * given are derived here. Components never repeat a lookup, a default or a cast.
 *
 * Every lookup here already succeeded during validation (config/compute.ts, config/automation.ts refuse unknown
 * role names and bad epochs with the key); a failure here is a broken invariant and throws a ConfigError naming the
 * key, never a plain Error downstream.
 */
import { ConfigError } from "./errors";
import { type Guardrails, loadGuardrails } from "./guardrails";
import { PROJECT, type StackConfig } from "./index";
import { type StampArgs, stampConfigOf } from "./stampArgs";
import type { ComputeSettingsOf, GrantSpec } from "./compute";
import { teamGroups } from "./access";
import { workspaceIdentityOf } from "./identity";
import { stackExemptions } from "./hardening";
import { type BuiltInRole, lookupRole } from "../lib/roles";
import type { ExtraAccessLevel } from "../components/humanAccess";
import { parseEpoch } from "../lib/rotation";
import { computeName, type ComputeGrant } from "../lib/compute";
import {
    COMPUTE_KINDS,
    COMPUTE_KIND_LIST,
    type ComputeKindKey,
    type ComputeKindOf,
    type KindGrant,
} from "../lib/computeKinds";
import { type IdentitySpec, isUserAssigned } from "../lib/identity";
import { DATASTORE_TYPES, dataOutboundRules, dataRuleName } from "./data";
import { ROLES } from "../lib/roles";
import type { Exemption } from "../lib/exemptions";
import { PEOPLE_CUSTOM_ROLE_KEYS, type PeopleCustomRoleKey } from "../lib/customRoles";
import type { FirewallSku, OutboundRule, PrivateEndpointOutboundRule } from "../lib/outbound";
import { expandOutbound } from "./outbound";
import { budgetName, budgetStartDate, type BudgetContactRole, lockNotes } from "../lib/safeguards";
import { now } from "../lib/clock";

/** A compute's config (of kind K, lib/computeKinds.ts) with its grants resolved. */
export type ResolvedCompute<K extends ComputeKindKey> = Omit<ComputeSettingsOf<K>, "roles"> & {
    readonly roles: readonly ComputeGrant[];
};
/**
 * Every compute of the stamp, under its kind's config key (lib/computeKinds.ts `configKey`: `computeClusters`,
 * `computeInstances`), by compute key.
 */
export type ResolvedComputes = {
    readonly [K in ComputeKindKey as ComputeKindOf<K>["configKey"]]: Readonly<Record<string, ResolvedCompute<K>>>;
};

/**
 * The workspace as config decides it: components/workspace.ts `WorkspaceArgs` without what the Stamp wires in from
 * the deployment (tenant and subscription).
 */
export interface WorkspaceSpec {
    readonly team: string;
    readonly environment: string;
    readonly location: string;
    readonly tags: StackConfig["tags"];
    readonly existingResourceGroup: string;
    readonly containerRegistry: boolean;
    readonly containerRegistrySku: StackConfig["containerRegistrySku"];
    readonly publicNetworkAccess: StackConfig["publicNetworkAccess"];
    readonly managedNetworkIsolation: StackConfig["managedNetworkIsolation"];
    /** Production stacks always get purge protection (KV-02); others choose (keyVaultPurgeProtection). */
    readonly keyVaultPurgeProtection: boolean;
    readonly keyVaultRetentionDays: number;
    readonly logRetentionDays: number;
    readonly protect: boolean;
    readonly production: boolean;
    /** The hardened profile (docs/hardening.md): on exactly for production stacks. */
    readonly hardened: boolean;
    /** The workspace private endpoint, when privateEndpointSubnetId is set. */
    readonly privateEndpoint: { readonly subnetId: string; readonly privateDnsZoneIds: readonly string[] } | undefined;
    /** Azure name of the compute that builds images (imageBuildCompute), when one is set. */
    readonly imageBuildCompute: string | undefined;
    /** The workspace identity after its default (config/identity.ts workspaceIdentityOf). */
    readonly identity: IdentitySpec;
    readonly storageInfrastructureEncryption: boolean;
    /**
     * The managed network's user-defined outbound rules (lib/outbound.ts OutboundRule): the `outbound` presets
     * expanded and its rules, checked against the platform's allow-list. Other features append their own
     * PrivateEndpoint rules (lib/outbound.ts PrivateEndpointOutboundRule, e.g. a datastore's target) to this list.
     */
    readonly outboundRules: readonly OutboundRule[];
    /** The platform's Azure Firewall SKU (platform/guardrails.yaml outbound.firewallSku), when an FQDN rule needs it. */
    readonly firewallSku: FirewallSku | undefined;
    /**
     * Production stacks: the platform's central monitoring (platform/guardrails.yaml monitoring), where diagnostic
     * settings send and whose private link scope Application Insights and Log Analytics join.
     */
    readonly centralMonitoring:
        { readonly logAnalyticsWorkspaceId: string; readonly privateLinkScopeId: string } | undefined;
    /** Customer-managed key encryption (customerManagedKey.enabled). */
    readonly customerManagedKey: boolean;
}

/** The documented exemptions declared as Azure Policy exemptions (components/policyExemptions.ts), when assigned. */
export interface PolicyExemptionsSpec {
    readonly exemptions: readonly Exemption[];
    readonly assignmentId: string;
    readonly referenceIds: Readonly<Record<string, string>>;
}

/** What every compute shares (components/computeAccess.ts ComputeCommonArgs, less the workspace's outputs). */
export interface ComputeCommonSpec {
    readonly team: string;
    readonly environment: string;
    readonly location: string;
    /** The workspace has a managed network (managedNetworkIsolation is not Disabled). */
    readonly managedNetwork: boolean;
    readonly tags: StackConfig["tags"];
}

/** The automation principal (components/automationPrincipal.ts), when automation.enabled. */
export interface AutomationSpec {
    readonly team: string;
    readonly environment: string;
    /** rotationEpoch as a UTC midnight. */
    readonly rotationEpoch: Date;
    readonly rotationDays: number;
    readonly owners: string[];
    readonly clientSecrets: boolean;
    readonly federatedCredentials: StackConfig["automation"]["federatedCredentials"];
    /** automation.roles as catalog roles. */
    readonly roles: readonly BuiltInRole[];
    /** The newest secret is also written to the workspace key vault. */
    readonly storeSecretInKeyVault: boolean;
}

/** Human access (components/humanAccess.ts), as config names it. */
export interface AccessSpec {
    readonly dataScientists: readonly string[];
    readonly computeOperators: readonly string[];
    readonly readers: readonly string[];
    /** Each extra level with its role resolved from the catalog. */
    readonly extraLevels: Readonly<Record<string, ExtraAccessLevel>>;
    readonly customRoleAssignees: StackConfig["access"]["customRoles"];
    /** The platform's custom compute roles that some group or the automation principal is given. */
    readonly peopleCustomRoles: readonly PeopleCustomRoleKey[];
}

/** The opt-in Conditional Access policy (components/conditionalAccess.ts), when enabled. */
export interface ConditionalAccessSpec {
    readonly displayName: string;
    readonly groups: readonly string[];
    readonly applications: readonly string[];
    readonly requireMfa: boolean;
    readonly requireCompliantDevice: boolean;
    readonly operator: "OR" | "AND";
    readonly enforce: boolean;
}

/** One online endpoint (components/onlineEndpoint.ts), less the workspace's outputs and the callers' principals. */
export interface EndpointSpec {
    readonly key: string;
    readonly team: string;
    readonly environment: string;
    readonly location: string;
    readonly identity: IdentitySpec;
    readonly authMode: StackConfig["onlineEndpoints"][string]["authMode"];
    readonly authModeReason: string | undefined;
    /** Entra groups given the scoring role at the endpoint. */
    readonly callerGroups: readonly string[];
    /** The automation principal is a caller too (it exists: config checks automation.enabled). */
    readonly automationCaller: boolean;
    readonly tags: StackConfig["tags"];
    /** Production stacks: "Disabled" (scoring only through the workspace's private endpoint); else Azure's default. */
    readonly publicNetworkAccess: "Disabled" | undefined;
}

/** The stamp's monthly budget (components/budget.ts), when budget.amount is set. */
export interface BudgetSpec {
    /** Azure name of the budget (lib/safeguards.ts budgetName). */
    readonly budgetName: string;
    readonly amount: number;
    /** First of the month at evaluation (lib/safeguards.ts budgetStartDate): sent only when the budget is created. */
    readonly startDate: string;
    readonly contactEmails: readonly string[];
    readonly contactGroups: readonly string[];
    readonly contactRoles: readonly BudgetContactRole[];
}

/** The production locks (components/locks.ts): on, or off with the stack's reason. */
export type LocksSpec =
    { readonly enabled: true; readonly notes: string } | { readonly enabled: false; readonly reason: string };

/**
 * What the Stamp component (components/stamp.ts) is built from: one part per component, each holding every value
 * that component takes from config, so the Stamp only wires outputs between them and reads no config.
 */
export interface StampSpec extends ResolvedComputes {
    /** Instance name of the stamp and prefix of every child's name: `<team>-<environment>`. */
    readonly name: string;
    /** The validated stack config, for tools (the offline plan's reviewer warnings); the Stamp never reads it. */
    readonly config: StackConfig;
    /** A production stack (the hardened profile, docs/hardening.md). */
    readonly production: boolean;
    readonly workspace: WorkspaceSpec;
    /** The documented exemptions from built-in policies the config implies (lib/exemptions.ts). */
    readonly exemptions: readonly Exemption[];
    /** Those exemptions as Azure Policy exemptions: when policyExemptions.assignmentId is set and there are any. */
    readonly policyExemptions: PolicyExemptionsSpec | undefined;
    readonly computeCommon: ComputeCommonSpec;
    readonly automation: AutomationSpec | undefined;
    readonly access: AccessSpec;
    readonly conditionalAccess: ConditionalAccessSpec | undefined;
    /** Online endpoints by config key. */
    readonly onlineEndpoints: Readonly<Record<string, EndpointSpec>>;
    /** Identity-based storage grants (components/storageDataAccess.ts): where shared keys are off, on production. */
    readonly storageDataAccess: boolean;
    /** The monthly budget, when budget.amount is set (the guardrails may require it). */
    readonly budget: BudgetSpec | undefined;
    /** Production stacks only: the CanNotDelete locks, or their opt-out with its reason. */
    readonly locks: LocksSpec | undefined;
    /** Datastores and connections (components/data.ts), when the stack declares any. */
    readonly data: DataSpec | undefined;
}

/** One identity-based datastore (components/data.ts). */
export interface DatastoreSpec {
    /** The config key; the datastore's name in the workspace is `name` (hyphens → underscores). */
    readonly key: string;
    readonly name: string;
    readonly datastoreType: (typeof DATASTORE_TYPES)[keyof typeof DATASTORE_TYPES];
    readonly storageAccountId: string;
    readonly accountName: string;
    readonly subscriptionId: string;
    readonly resourceGroup: string;
    /** The container (blob) or filesystem (adlsGen2). */
    readonly container: string;
    /** The data role on the container: Storage Blob Data Reader (read) or Contributor (write). */
    readonly role: BuiltInRole;
    readonly groups: readonly string[];
    /** Compute keys whose identities use it. */
    readonly computes: readonly string[];
    /** The workspace identity Azure ML previews data with in studio, when studioPreview; else none. */
    readonly serviceDataAccessAuthIdentity:
        "WorkspaceSystemAssignedIdentity" | "WorkspaceUserAssignedIdentity" | "None";
    readonly description: string | undefined;
}

/** One workspace connection with AAD or ManagedIdentity auth (components/data.ts). */
export interface ConnectionSpec {
    readonly key: string;
    readonly category: string;
    readonly target: string;
    readonly authType: "AAD" | "ManagedIdentity";
    /** The privateEndpointRules entry the connection waits for (production). */
    readonly privateEndpointRule: string | undefined;
}

/** The datastores and connections part. */
export interface DataSpec {
    readonly datastores: readonly DatastoreSpec[];
    readonly connections: readonly ConnectionSpec[];
    /**
     * On production (AllowOnlyApprovedOutbound): the PrivateEndpoint outbound rules the data needs (config/data.ts
     * dataOutboundRules), declared with the workspace's own outbound rules; components/data.ts orders the
     * connections after the workspace that carries them.
     */
    readonly privateEndpointRules: readonly PrivateEndpointOutboundRule[];
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
export function resolveStamp(cfg: StackConfig, guardrails: Guardrails = loadGuardrails()): StampSpec {
    const rotationEpoch = parseEpoch(cfg.rotationEpoch);
    if (rotationEpoch === undefined) invariant("rotationEpoch", cfg.rotationEpoch, "must be a UTC date YYYY-MM-DD");
    const name = `${cfg.team}-${cfg.environment}`;
    const exemptions = stackExemptions(cfg);
    const { team, environment, location, tags } = cfg;
    // The team's rules (presets expanded), then the private endpoints its data needs that no rule of its own names.
    const data = resolveData(cfg);
    const ownRules = expandOutbound(cfg.outbound).map((r) => r.rule);
    const outboundRules = [
        ...ownRules,
        ...(data?.privateEndpointRules ?? []).filter((r) => !ownRules.some((o) => o.name === r.name)),
    ];
    return {
        name,
        config: cfg,
        production: cfg.production,
        workspace: {
            team,
            environment,
            location,
            tags,
            existingResourceGroup: cfg.existingResourceGroup,
            containerRegistry: cfg.containerRegistry,
            containerRegistrySku: cfg.containerRegistrySku,
            publicNetworkAccess: cfg.publicNetworkAccess,
            managedNetworkIsolation: cfg.managedNetworkIsolation,
            keyVaultPurgeProtection: cfg.production || cfg.keyVaultPurgeProtection,
            keyVaultRetentionDays: cfg.keyVaultRetentionDays,
            logRetentionDays: cfg.logRetentionDays,
            protect: cfg.protect,
            production: cfg.production,
            hardened: cfg.production,
            privateEndpoint:
                cfg.privateEndpointSubnetId !== ""
                    ? { subnetId: cfg.privateEndpointSubnetId, privateDnsZoneIds: cfg.privateDnsZoneIds }
                    : undefined,
            imageBuildCompute:
                cfg.imageBuildCompute !== "" ? computeName(cfg.imageBuildCompute, team, environment) : undefined,
            identity: workspaceIdentityOf(cfg),
            storageInfrastructureEncryption: cfg.storageInfrastructureEncryption,
            // config/guardrails.ts refuses a production stack when the platform's ids are missing.
            centralMonitoring: cfg.production
                ? {
                      logAnalyticsWorkspaceId: guardrails.monitoring.logAnalyticsWorkspaceId,
                      privateLinkScopeId: guardrails.monitoring.privateLinkScopeId,
                  }
                : undefined,
            outboundRules,
            firewallSku: outboundRules.some((r) => r.type === "FQDN") ? guardrails.outbound.firewallSku : undefined,
            customerManagedKey: cfg.customerManagedKey.enabled,
        },
        exemptions,
        policyExemptions:
            exemptions.length > 0 && cfg.policyExemptions.assignmentId !== ""
                ? {
                      exemptions,
                      assignmentId: cfg.policyExemptions.assignmentId,
                      referenceIds: cfg.policyExemptions.referenceIds,
                  }
                : undefined,
        computeCommon: {
            team,
            environment,
            location,
            managedNetwork: cfg.managedNetworkIsolation !== "Disabled",
            tags,
        },
        // Computes per kind, by key, each with its grants as catalog roles (the kind's default applied).
        ...(Object.fromEntries(
            COMPUTE_KIND_LIST.map((kind) => [kind.configKey, resolveKind(cfg, kind.key)]),
        ) as unknown as ResolvedComputes),
        automation: cfg.automation.enabled
            ? {
                  team,
                  environment,
                  rotationEpoch,
                  rotationDays: cfg.automation.rotationDays,
                  owners: cfg.automation.owners,
                  clientSecrets: cfg.automation.clientSecrets,
                  federatedCredentials: cfg.automation.federatedCredentials,
                  roles: cfg.automation.roles.map((r, i) => {
                      const found = lookupRole(r);
                      return "error" in found ? invariant(`automation.roles[${i}]`, r, found.error) : found.role;
                  }),
                  storeSecretInKeyVault: cfg.automation.storeSecretInKeyVault,
              }
            : undefined,
        access: {
            dataScientists: cfg.access.dataScientists,
            computeOperators: cfg.access.computeOperators,
            readers: cfg.access.readers,
            extraLevels: Object.fromEntries(
                Object.entries(cfg.access.extraLevels).map(([level, def]) => {
                    const found = lookupRole(def.role);
                    if ("error" in found) return invariant(`access.extraLevels.${level}.role`, def.role, found.error);
                    return [level, { role: found.role, key: found.key, groups: def.groups, scope: def.scope }];
                }),
            ),
            customRoleAssignees: cfg.access.customRoles,
            peopleCustomRoles: PEOPLE_CUSTOM_ROLE_KEYS.filter((k) => {
                const a = cfg.access.customRoles[k];
                return a.groups.length > 0 || a.automationPrincipal;
            }),
        },
        conditionalAccess: cfg.conditionalAccess.enabled
            ? {
                  displayName: `aml-stamp ${name}: Azure ML sign-in`,
                  // Every Entra group the team's access names.
                  groups: teamGroups(cfg.access),
                  applications: cfg.conditionalAccess.applications,
                  requireMfa: cfg.conditionalAccess.requireMfa,
                  requireCompliantDevice: cfg.conditionalAccess.requireCompliantDevice,
                  operator: cfg.conditionalAccess.operator,
                  enforce: cfg.conditionalAccess.enforce,
              }
            : undefined,
        onlineEndpoints: Object.fromEntries(
            Object.entries(cfg.onlineEndpoints).map(([key, e]) => [
                key,
                {
                    key,
                    team,
                    environment,
                    location,
                    identity: e.identity,
                    authMode: e.authMode,
                    authModeReason: e.authModeReason,
                    callerGroups: e.callers.groups,
                    automationCaller: e.callers.automationPrincipal,
                    tags,
                    publicNetworkAccess: cfg.production ? "Disabled" : undefined,
                },
            ]),
        ),
        storageDataAccess: cfg.production,
        budget:
            cfg.budget.amount > 0
                ? {
                      budgetName: budgetName(team, environment),
                      amount: cfg.budget.amount,
                      startDate: budgetStartDate(now()),
                      contactEmails: cfg.budget.contactEmails,
                      contactGroups: cfg.budget.contactGroups,
                      contactRoles: cfg.budget.contactRoles,
                  }
                : undefined,
        locks: !cfg.production
            ? undefined
            : cfg.locks.enabled
              ? { enabled: true, notes: lockNotes(name) }
              : { enabled: false, reason: cfg.locks.reason },
        data,
    };
}

/** `datastores` and `connections` resolved (undefined when the stack declares neither). */
export function resolveData(cfg: StackConfig): DataSpec | undefined {
    const stores = Object.entries(cfg.datastores);
    const conns = Object.entries(cfg.connections);
    if (stores.length === 0 && conns.length === 0) return undefined;
    const userAssigned = isUserAssigned(workspaceIdentityOf(cfg));
    const datastores = stores.map(([key, d]): DatastoreSpec => {
        const parts = d.storageAccountId.split("/");
        return {
            key,
            name: key.replace(/-/g, "_"),
            datastoreType: DATASTORE_TYPES[d.type],
            storageAccountId: d.storageAccountId,
            accountName: parts[8]!,
            subscriptionId: parts[2]!,
            resourceGroup: parts[4]!,
            container: d.container,
            role: d.access === "write" ? ROLES.storageBlobDataContributor : ROLES.storageBlobDataReader,
            groups: d.groups,
            computes: d.computes,
            serviceDataAccessAuthIdentity: !d.studioPreview
                ? "None"
                : userAssigned
                  ? "WorkspaceUserAssignedIdentity"
                  : "WorkspaceSystemAssignedIdentity",
            description: d.description,
        };
    });
    const connections = conns.map(([key, c]): ConnectionSpec => ({
        key,
        category: c.category,
        target: c.target,
        // config/data.ts refuses every other auth type.
        authType: c.authType as ConnectionSpec["authType"],
        privateEndpointRule:
            cfg.production && c.targetResourceId !== undefined && c.subresource !== undefined
                ? dataRuleName(c.targetResourceId, c.subresource)
                : undefined,
    }));
    return { datastores, connections, privateEndpointRules: dataOutboundRules(cfg).map((r) => r.rule) };
}

/**
 * The Stamp's entry (components/stamp.ts): its args validated once as stack config (config/stampArgs.ts, every
 * declared default applied), then resolved.
 */
export function resolveStampArgs(args: StampArgs): StampSpec {
    return resolveStamp(stampConfigOf(args));
}
