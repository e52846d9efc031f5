import type * as pulumi from "@pulumi/pulumi";
import * as machinelearningservices from "@pulumi/azure-native/machinelearningservices";
import type * as azureInputs from "@pulumi/azure-native/types/input";
import { COMPUTE_KINDS } from "../lib/computeKinds";
import { COMPUTE_CLUSTER_DEFAULTS } from "../lib/defaults";
import { type ComputeCommonArgs, ComputeComponent } from "./computeAccess";

/** Arguments of {@link ComputeCluster}: the common compute arguments plus its scale settings. */
export interface ComputeClusterArgs extends ComputeCommonArgs {
    /** Maximum node count, at least 1 (config/compute.ts checks the bounds). Required. */
    maxNodes: number;
    /** Minimum node count, at most maxNodes (CP-06: 0 scales to zero when idle). Default: 0. */
    minNodes?: number;
    /** Idle time before scaling down to minNodes, ISO 8601. Default: "PT120S". */
    idleTimeBeforeScaleDown?: string;
    /** VM priority. Default: "Dedicated". */
    priority?: "Dedicated" | "LowPriority";
}

/**
 * An Azure ML compute cluster (AmlCompute, lib/computeKinds.ts `cluster`) with a system-assigned managed identity
 * and least-privilege grants for it. Always: local auth off (CP-01), public SSH port closed (CP-05), scale to zero by
 * default (CP-06). Scale settings update in place; what replaces the cluster is the kind's `replaceOnChanges`.
 *
 * AcrPull: not granted here. Azure grants it to the compute identity on the workspace registry itself (the kind's
 * `azureGrants`; only a compute created before the registry needs it manually). The stamp creates the registry
 * before the workspace and the workspace before its computes, and a duplicate would fail (RoleAssignmentExists).
 */
export class ComputeCluster extends ComputeComponent {
    constructor(name: string, args: ComputeClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        const minNodes = args.minNodes ?? COMPUTE_CLUSTER_DEFAULTS.minNodes;
        super(
            name,
            args,
            {
                kind: COMPUTE_KINDS.cluster,
                properties: (enableNodePublicIp): azureInputs.machinelearningservices.AmlComputePropertiesArgs => ({
                    vmSize: args.vmSize,
                    vmPriority: args.priority ?? COMPUTE_CLUSTER_DEFAULTS.priority,
                    scaleSettings: {
                        minNodeCount: minNodes,
                        maxNodeCount: args.maxNodes,
                        nodeIdleTimeBeforeScaleDown:
                            args.idleTimeBeforeScaleDown ?? COMPUTE_CLUSTER_DEFAULTS.idleTimeBeforeScaleDown,
                    },
                    remoteLoginPortPublicAccess: machinelearningservices.RemoteLoginPortPublicAccess.Disabled, // CP-05
                    enableNodePublicIp, // CP-08
                }),
            },
            opts,
        );
    }
}
