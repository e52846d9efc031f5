import * as pulumi from "@pulumi/pulumi";
import { GRANTS_OUTPUT, type Granted } from "./access";
import * as machinelearningservices from "@pulumi/azure-native/machinelearningservices";
import { computeName } from "../lib/compute";
import {
    type ComputeCommonArgs,
    computeTags,
    grantComputeRoles,
    nodePublicIp,
    computeIdentity,
    grantKeyVaultSecrets,
} from "./computeAccess";

/**
 * Cluster inputs Azure cannot change on an existing cluster: VM type and size ("This type can't be changed after
 * creation", how-to-create-attach-compute-cluster.md), public SSH ("SSH access can't be changed after creation",
 * same page), and the network placement settings fixed at creation. A change to any of them replaces the cluster; the
 * name is fixed, so the old one is deleted first. Scale settings (min/max nodes, idle time) update in place.
 * The identity is NOT here: "If you have an existing compute cluster, you can change between user-managed and
 * system-managed identity" (MicrosoftDocs/azure-ai-docs articles/machine-learning/
 * how-to-identity-based-service-authentication.md, "Compute cluster"; `az ml compute update --identity-type`), so an
 * identity change updates the cluster in place. Compute instances keep `identity` in their replace list.
 * A cluster holds no state of its own (jobs write to datastores), so replacement loses nothing but queued jobs.
 */
export const CLUSTER_REPLACE_ON_CHANGES = [
    "location",
    "properties.disableLocalAuth",
    "properties.properties.vmSize",
    "properties.properties.vmPriority",
    "properties.properties.enableNodePublicIp",
    "properties.properties.remoteLoginPortPublicAccess",
] as const;

/** Arguments of {@link ComputeCluster}: the common compute arguments plus its scale settings. */
export interface ComputeClusterArgs extends ComputeCommonArgs {
    /** Maximum node count, at least 1. Required. */
    maxNodes: number;
    /** Minimum node count (CP-06: 0 scales to zero when idle). Default: 0. */
    minNodes?: number;
    /** Idle time before scaling down to minNodes, ISO 8601. Default: "PT120S". */
    idleTimeBeforeScaleDown?: string;
    /** VM priority. Default: "Dedicated". */
    priority?: "Dedicated" | "LowPriority";
}

/**
 * An Azure ML compute cluster (AmlCompute) with a system-assigned managed identity and least-privilege grants for
 * it. Always: local auth off (CP-01), public SSH port closed (CP-05), scale to zero by default (CP-06).
 */
export class ComputeCluster extends pulumi.ComponentResource {
    /** The compute resource. */
    readonly compute: machinelearningservices.Compute;
    /** Azure name of the cluster. */
    readonly computeName: pulumi.Output<string>;
    /** Principal id of the cluster's system-assigned identity. */
    readonly principalId: pulumi.Output<string>;
    /** Every role assignment this component declared, with its access-matrix line (registered as `grants`). */
    readonly grants: readonly Granted[];

    constructor(name: string, args: ComputeClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        super("amlstamp:compute:ComputeCluster", name, {}, opts);
        const minNodes = args.minNodes ?? 0;
        if (args.maxNodes < 1 || minNodes < 0 || minNodes > args.maxNodes) {
            throw new pulumi.ResourceError(
                `cluster ${args.key}: need 0 <= minNodes (${minNodes}) <= maxNodes (${args.maxNodes}) and maxNodes >= 1`,
                this,
            );
        }
        const enableNodePublicIp = nodePublicIp(args, "cluster", this);
        const tags = computeTags(args);

        const identity = computeIdentity(this, name, args);
        this.compute = new machinelearningservices.Compute(
            `${name}-compute`,
            {
                resourceGroupName: args.resourceGroupName,
                workspaceName: args.workspaceName,
                computeName: computeName(args.key, args.team, args.environment),
                location: args.location,
                identity: identity.identity,
                properties: {
                    computeType: "AmlCompute",
                    description: `Compute cluster ${args.key} of team ${args.team} (${args.environment}), stamped by aml-stamp.`,
                    disableLocalAuth: true, // CP-01
                    properties: {
                        vmSize: args.vmSize,
                        vmPriority: args.priority ?? "Dedicated",
                        scaleSettings: {
                            minNodeCount: minNodes,
                            maxNodeCount: args.maxNodes,
                            nodeIdleTimeBeforeScaleDown: args.idleTimeBeforeScaleDown ?? "PT120S",
                        },
                        remoteLoginPortPublicAccess: machinelearningservices.RemoteLoginPortPublicAccess.Disabled, // CP-05
                        enableNodePublicIp, // CP-08
                    },
                },
                tags,
            },
            { parent: this, replaceOnChanges: [...CLUSTER_REPLACE_ON_CHANGES], deleteBeforeReplace: true },
        );
        this.computeName = this.compute.name;
        this.principalId = identity.principalOf(this.compute.identity);

        const roleGrants = grantComputeRoles(
            this,
            name,
            { id: this.principalId, label: `compute cluster ${args.key}` },
            args.roles,
            args.scopes,
            args.subscriptionId,
        );
        const secretGrants = grantKeyVaultSecrets(
            this,
            name,
            { id: this.principalId, label: `compute cluster ${args.key}` },
            args,
        );
        this.grants = [...roleGrants, ...secretGrants];
        // AcrPull: not granted here. Azure grants it to the compute identity on the workspace registry itself ("A
        // managed identity is automatically granted ACRPull role on workspace ACR"; only a compute created before the
        // registry needs it manually: how-to-identity-based-service-authentication.md). The stamp creates the registry
        // before the workspace and the workspace before its computes, and a duplicate would fail (RoleAssignmentExists).

        this.registerOutputs({
            computeName: this.computeName,
            principalId: this.principalId,
            [GRANTS_OUTPUT]: this.grants.map((g) => g.record),
        });
    }
}
