import type * as pulumi from "@pulumi/pulumi";
import * as machinelearningservices from "@pulumi/azure-native/machinelearningservices";
import type * as azureInputs from "@pulumi/azure-native/types/input";
import { COMPUTE_KINDS } from "../lib/computeKinds";
import { INSTANCE_SCHEDULE_DEFAULTS } from "../lib/defaults";
import { grant } from "./access";
import { type ComputeCommonArgs, ComputeComponent } from "./computeAccess";

/** A start/stop schedule in one Windows time zone. */
export interface InstanceSchedule {
    /** Windows time zone id. Default: "UTC". */
    timeZone?: string;
    /** 5-field cron expression of the start. Default: none. */
    start?: string;
    /** 5-field cron expression of the stop. Default: none. */
    stop?: string;
}

/** Arguments of {@link ComputeInstance}: the common compute arguments plus what makes it personal. */
export interface ComputeInstanceArgs extends ComputeCommonArgs {
    /** Entra tenant of the assigned user (from the client config). Required. */
    tenantId: pulumi.Input<string>;
    /** Entra object id of the one user the instance is assigned to. Required. */
    userObjectId: string;
    /** Idle time before shutdown, ISO 8601, PT15M-P3D (CP-02). Required. */
    idleTimeBeforeShutdown: string;
    /** Start/stop schedule. Default: none. */
    schedule?: InstanceSchedule;
    /**
     * The custom idle-shutdown role to assign at the workspace (see lib/idleShutdownRole.ts). Default: none, and the
     * instance then does not shut down when idle (how-to-create-compute-instance.md).
     */
    idleShutdownRole?: { readonly name: string; readonly id: pulumi.Input<string> };
}

/** The instance's start/stop schedules in the shape Azure takes (none when the schedule names neither). */
function startStopSchedules(
    schedule: InstanceSchedule | undefined,
): azureInputs.machinelearningservices.ComputeStartStopScheduleArgs[] {
    const timeZone = schedule?.timeZone ?? INSTANCE_SCHEDULE_DEFAULTS.timeZone;
    const schedules: azureInputs.machinelearningservices.ComputeStartStopScheduleArgs[] = [];
    for (const [action, expression] of [
        [machinelearningservices.ComputePowerAction.Start, schedule?.start],
        [machinelearningservices.ComputePowerAction.Stop, schedule?.stop],
    ] as const) {
        if (expression === undefined) continue;
        schedules.push({
            action,
            triggerType: machinelearningservices.ComputeTriggerType.Cron,
            cron: { expression, timeZone },
            status: machinelearningservices.ScheduleStatus.Enabled,
        });
    }
    return schedules;
}

/**
 * A personal Azure ML compute instance (ComputeInstance, lib/computeKinds.ts `instance`) with a system-assigned
 * managed identity, assigned to one user. Always: local auth off (CP-01), idle shutdown set (CP-02), public SSH off
 * (CP-05), applications personal to the assigned user. Every setting it sends replaces it (the kind's
 * `replaceOnChanges`, with its sources), and its local disk with it; tags are ignored after creation.
 */
export class ComputeInstance extends ComputeComponent {
    constructor(name: string, args: ComputeInstanceArgs, opts?: pulumi.ComponentResourceOptions) {
        const schedules = startStopSchedules(args.schedule);
        const idleShutdownRole = args.idleShutdownRole;
        super(
            name,
            args,
            {
                kind: COMPUTE_KINDS.instance,
                properties: (
                    enableNodePublicIp,
                ): azureInputs.machinelearningservices.ComputeInstancePropertiesArgs => ({
                    vmSize: args.vmSize,
                    idleTimeBeforeShutdown: args.idleTimeBeforeShutdown, // CP-02
                    sshSettings: { sshPublicAccess: machinelearningservices.SshPublicAccess.Disabled }, // CP-05
                    computeInstanceAuthorizationType: machinelearningservices.ComputeInstanceAuthorizationType.Personal,
                    personalComputeInstanceSettings: {
                        assignedUser: { objectId: args.userObjectId, tenantId: args.tenantId },
                    },
                    applicationSharingPolicy: machinelearningservices.ApplicationSharingPolicy.Personal,
                    enableNodePublicIp, // CP-08
                    ...(schedules.length > 0 ? { schedules: { computeStartStop: schedules } } : {}),
                }),
                moreGrants: (parent, principal) =>
                    idleShutdownRole === undefined
                        ? []
                        : [
                              grant(
                                  `${name}-idle-shutdown-workspace`,
                                  {
                                      principal: { id: principal.id, kind: "ManagedIdentity", label: principal.label },
                                      role: { custom: idleShutdownRole },
                                      scope: args.scopes.workspace,
                                      scopeLabel: "workspace",
                                      reason: "idle shutdown: 'the compute instance won't shut down due to inactivity unless the managed identity has contributor access to the Azure Machine Learning workspace' (learn.microsoft.com/azure/machine-learning/how-to-create-compute-instance#configure-idle-shutdown); a custom role with only the stop action replaces Contributor (docs/compute.md)",
                                      subscriptionId: args.subscriptionId,
                                  },
                                  { parent },
                              ),
                          ],
            },
            opts,
        );
    }
}
