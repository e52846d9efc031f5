/**
 * THE registry of compute kinds: per kind of Azure ML compute the stamp declares, the Azure facts config, the
 * components, the policy pack and the offline plan share. Pure data, no resources. Adding a kind is one entry here, its settings schema (config/compute.ts COMPUTE_SETTINGS, typed by
 * this table so tsc names a missing one), its component, tests and docs: docs/architecture.md "Adding a compute kind".
 *
 * Facts per kind, with their sources:
 * - `computeType`: the discriminator Azure takes in `properties.computeType` of a
 *   Microsoft.MachineLearningServices/workspaces/computes resource; @pulumi/azure-native 3.28.0 (generated from the
 *   Azure REST spec) types/input.d.ts `AmlComputeArgs.computeType` "Expected value is 'AmlCompute'" and
 *   `ComputeInstanceArgs.computeType` "Expected value is 'ComputeInstance'".
 * - `replaceOnChanges`: the inputs Azure cannot update in place (docs/compute.md "Changes: what reaches Azure").
 * - `defaultGrants`: the compute identity's grants when config sets no `roles`; `azureGrants`: the assignments Azure
 *   makes itself, which config refuses as duplicates.
 * - the `*Path`s: where this kind keeps a setting in its inputs (the policy pack and the plan read them).
 *
 * What other layers decide per kind lives with them, as a `Record<ComputeKindKey, …>` the compiler checks complete:
 * the guardrail that caps a stack's count (config/guardrails.ts KIND_STACK_LIMITS), the hardened profile's refusal
 * (config/hardening.ts REFUSED_IN_PRODUCTION), the plan's settings (offline/plan/settings.ts KIND_PLAN_SETTINGS).
 */
import { ROLES } from "./roles";
import type { GrantScope } from "./compute";

/** One role grant of a compute identity as config states it (a role catalog name and a stamp resource). */
export interface KindGrant {
    readonly role: string;
    readonly scope: GrantScope;
}

/** What the stamp knows about one kind of compute. */
export interface ComputeKind {
    /** The kind's key: `kind` in the `computes` output, StampCompute.kind. */
    readonly key: string;
    /** Azure `properties.computeType` (module comment). */
    readonly computeType: string;
    /** The stack config key that declares computes of this kind, by compute key. */
    readonly configKey: string;
    /** The kind as a person reads it: access-matrix principal labels (`<label> <key>`), plan notes and warnings. */
    readonly label: string;
    /** Plural for messages ("clusters"). */
    readonly plural: string;
    /** The component's type token (amlstamp:compute:<Class>; a change renames every URN). */
    readonly componentType: string;
    /** The Azure description of a compute of this kind. */
    readonly describe: (key: string, team: string, environment: string) => string;
    /** Compute inputs whose change replaces the compute (deleted first: the name is fixed). */
    readonly replaceOnChanges: readonly string[];
    /** Compute inputs ignored after creation. */
    readonly ignoreChanges: readonly string[];
    /** Whether a replacement loses data of the compute itself (an instance's local disk): the plan says so. */
    readonly replaceLosesDisk: boolean;
    /** The identity's grants when config sets no `roles`. */
    readonly defaultGrants: readonly KindGrant[];
    /** Assignments Azure makes for this kind's identity itself; config refuses them (RoleAssignmentExists). */
    readonly azureGrants: readonly (KindGrant & { readonly source: string })[];
    /** The input that turns local auth off (true: off). */
    readonly localAuthPath: string;
    /** The input that decides whether the compute stops costing when idle (idle shutdown, scale to zero). */
    readonly idleCostPath: string;
    /** The input that opens or closes public SSH. */
    readonly sshPath: string;
    /** The VM size input. */
    readonly vmSizePath: string;
    /** The input that says whether nodes have a public IP. */
    readonly publicIpPath: string;
    /** The subnet input. */
    readonly subnetPath: string;
}

/** Storage Blob Data Reader on the workspace default storage: read access for jobs (docs/compute.md "Access"). */
const READ_STORAGE: KindGrant = { role: ROLES.storageBlobDataReader.name, scope: "storage" };

const INNER = "properties.properties";
/** Paths under `properties.properties`, where Azure keeps a kind's own settings. */
const inner = (...names: string[]): string[] => names.map((n) => `${INNER}.${n}`);

/**
 * Where AmlCompute and ComputeInstance alike keep local auth, VM size, node public IP and subnet
 * (@pulumi/azure-native types/input.d.ts: `disableLocalAuth` on both Args, `vmSize`, `enableNodePublicIp`, `subnet` on
 * both `*PropertiesArgs`). A kind that keeps them elsewhere states its own.
 */
const AML_COMPUTE_PATHS = {
    localAuthPath: "properties.disableLocalAuth",
    vmSizePath: `${INNER}.vmSize`,
    publicIpPath: `${INNER}.enableNodePublicIp`,
    subnetPath: `${INNER}.subnet.id`,
} as const;

export const COMPUTE_KINDS = {
    cluster: {
        key: "cluster",
        computeType: "AmlCompute",
        configKey: "computeClusters",
        label: "compute cluster",
        plural: "clusters",
        componentType: "amlstamp:compute:ComputeCluster",
        describe: (key, team, environment) =>
            `Compute cluster ${key} of team ${team} (${environment}), stamped by aml-stamp.`,
        /**
         * Cluster inputs Azure cannot change on an existing cluster: VM type and size ("This type can't be changed
         * after creation", how-to-create-attach-compute-cluster.md), public SSH ("SSH access can't be changed after
         * creation", same page), and the network placement settings fixed at creation. Scale settings (min/max nodes,
         * idle time) update in place. The identity is NOT here: "If you have an existing compute cluster, you can
         * change between user-managed and system-managed identity" (MicrosoftDocs/azure-ai-docs articles/
         * machine-learning/how-to-identity-based-service-authentication.md, "Compute cluster"; `az ml compute update
         * --identity-type`), so an identity change updates the cluster in place. A cluster holds no state of its own
         * (jobs write to datastores), so replacement loses nothing but queued jobs.
         */
        replaceOnChanges: [
            "location",
            "properties.disableLocalAuth",
            ...inner("vmSize", "vmPriority", "enableNodePublicIp", "remoteLoginPortPublicAccess"),
        ],
        ignoreChanges: [],
        replaceLosesDisk: false,
        defaultGrants: [READ_STORAGE],
        // "A managed identity is automatically granted ACRPull role on workspace ACR" (only a compute created before
        // the registry needs it manually): how-to-identity-based-service-authentication.md.
        azureGrants: [
            { role: ROLES.acrPull.name, scope: "registry", source: "how-to-identity-based-service-authentication.md" },
        ],
        ...AML_COMPUTE_PATHS,
        idleCostPath: `${INNER}.scaleSettings.minNodeCount`,
        sshPath: `${INNER}.remoteLoginPortPublicAccess`,
    },
    instance: {
        key: "instance",
        computeType: "ComputeInstance",
        configKey: "computeInstances",
        label: "compute instance",
        plural: "instances",
        componentType: "amlstamp:compute:ComputeInstance",
        describe: (key, team, environment) =>
            `Personal compute instance ${key} of team ${team} (${environment}), stamped by aml-stamp.`,
        /**
         * Instance inputs Azure does not update in place, i.e. every one the stamp sets:
         * - VM size: "It isn't possible to change the virtual machine size of compute instance once it's created";
         *   SSH: "SSH access can't be enabled or disabled after creation"; idle shutdown through ARM templates is
         *   "only configurable during new compute instance creation" (how-to-create-compute-instance.md);
         * - schedules: re-sending a definition that has schedules fails (Azure/azure-quickstart-templates#11830, the
         *   service team: "Please use UpdateSchedules API instead"); a PUT does not change schedules or
         *   idleTimeBeforeShutdown (Azure/bicep#17617);
         * - the assigned user, identity, network placement and local-auth switch are creation-time settings; the REST
         *   Compute_CreateOrUpdate "will overwrite a compute if it exists ... This is a nonrecoverable operation".
         * So a change to any of them replaces the instance, and the instance's local disk goes with it (the plan says
         * so). The alternative, in-place POSTs to updateIdleShutdownSetting/updateSchedules, needs a provider that
         * azure-native does not have for these actions. Tags are ignored after creation: a tag change is not worth a
         * disk.
         */
        replaceOnChanges: [
            "location",
            "identity",
            "properties.description",
            "properties.disableLocalAuth",
            ...inner(
                "vmSize",
                "idleTimeBeforeShutdown",
                "schedules",
                "sshSettings",
                "personalComputeInstanceSettings",
                "computeInstanceAuthorizationType",
                "applicationSharingPolicy",
                "enableNodePublicIp",
            ),
        ],
        ignoreChanges: ["tags"],
        replaceLosesDisk: true,
        defaultGrants: [READ_STORAGE],
        // Not documented either way for instances (docs/compute.md "Access"): nothing is refused.
        azureGrants: [],
        ...AML_COMPUTE_PATHS,
        idleCostPath: `${INNER}.idleTimeBeforeShutdown`,
        sshPath: `${INNER}.sshSettings.sshPublicAccess`,
    },
} as const satisfies Record<string, ComputeKind>;

/** A kind's key: "cluster" | "instance". */
export type ComputeKindKey = keyof typeof COMPUTE_KINDS;
/** The registry entry of one kind, with its literal types. */
export type ComputeKindOf<K extends ComputeKindKey> = (typeof COMPUTE_KINDS)[K];
/** The Azure `computeType` of a kind the stamp declares: "AmlCompute" | "ComputeInstance". */
export type StampComputeType = ComputeKindOf<ComputeKindKey>["computeType"];

/** Every kind, in declaration order (config checks, components and the plan go through them in this order). */
export const COMPUTE_KIND_LIST: readonly ComputeKindOf<ComputeKindKey>[] = Object.values(COMPUTE_KINDS);

/** The kind whose Azure `computeType` is `computeType`, or undefined for a compute the stamp never declares. */
export function kindOfComputeType(computeType: unknown): ComputeKindOf<ComputeKindKey> | undefined {
    return COMPUTE_KIND_LIST.find((k) => k.computeType === computeType);
}
