import * as pulumi from "@pulumi/pulumi";
import * as machinelearningservices from "@pulumi/azure-native/machinelearningservices";
import type * as azureInputs from "@pulumi/azure-native/types/input";
import { computeName, durationSeconds, IDLE_SHUTDOWN_MAX_SECONDS, IDLE_SHUTDOWN_MIN_SECONDS } from "../lib/compute";
import { grant, GRANTS_OUTPUT, type Granted } from "./access";
import {
    type ComputeCommonArgs,
    computeTags,
    grantComputeRoles,
    nodePublicIp,
    computeIdentity,
    grantKeyVaultSecrets,
} from "./computeAccess";

/**
 * Instance inputs Azure does not update in place, i.e. every one the stamp sets:
 * - VM size: "It isn't possible to change the virtual machine size of compute instance once it's created";
 *   SSH: "SSH access can't be enabled or disabled after creation"; idle shutdown through ARM templates is "only
 *   configurable during new compute instance creation" (how-to-create-compute-instance.md);
 * - schedules: re-sending a definition that has schedules fails (Azure/azure-quickstart-templates#11830, the service
 *   team: "Please use UpdateSchedules API instead"); a PUT does not change schedules or idleTimeBeforeShutdown
 *   (Azure/bicep#17617);
 * - the assigned user, identity, network placement and local-auth switch are creation-time settings; the REST
 *   Compute_CreateOrUpdate "will overwrite a compute if it exists ... This is a nonrecoverable operation".
 * So a change to any of them replaces the instance. The name is fixed (`computeName`), so Azure must delete the old
 * instance first (`deleteBeforeReplace`), and the instance's local disk goes with it (the plan says so). The
 * alternative, in-place POSTs to updateIdleShutdownSetting/updateSchedules, needs a provider that azure-native does
 * not have for these actions. Tags are ignored after creation: a tag change is not worth a disk.
 */
export const INSTANCE_REPLACE_ON_CHANGES = [
    "location",
    "identity",
    "properties.description",
    "properties.disableLocalAuth",
    "properties.properties.vmSize",
    "properties.properties.idleTimeBeforeShutdown",
    "properties.properties.schedules",
    "properties.properties.sshSettings",
    "properties.properties.personalComputeInstanceSettings",
    "properties.properties.computeInstanceAuthorizationType",
    "properties.properties.applicationSharingPolicy",
    "properties.properties.enableNodePublicIp",
] as const;

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

/**
 * A personal Azure ML compute instance with a system-assigned managed identity, assigned to one user. Always: local
 * auth off (CP-01), idle shutdown set (CP-02), public SSH off (CP-05), applications personal to the assigned user.
 */
export class ComputeInstance extends pulumi.ComponentResource {
    /** The compute resource. */
    readonly compute: machinelearningservices.Compute;
    /** Azure name of the instance. */
    readonly computeName: pulumi.Output<string>;
    /** Principal id of the instance's system-assigned identity. */
    readonly principalId: pulumi.Output<string>;
    /** Every role assignment this component declared, with its access-matrix line (registered as `grants`). */
    readonly grants: readonly Granted[];

    constructor(name: string, args: ComputeInstanceArgs, opts?: pulumi.ComponentResourceOptions) {
        super("amlstamp:compute:ComputeInstance", name, {}, opts);
        const idle = durationSeconds(args.idleTimeBeforeShutdown);
        if (idle === undefined || idle < IDLE_SHUTDOWN_MIN_SECONDS || idle > IDLE_SHUTDOWN_MAX_SECONDS) {
            throw new pulumi.ResourceError(`instance ${args.key}: idleTimeBeforeShutdown must be PT15M-P3D`, this);
        }
        const enableNodePublicIp = nodePublicIp(args, "instance", this);
        const tags = computeTags(args);

        const timeZone = args.schedule?.timeZone ?? "UTC";
        const schedules: azureInputs.machinelearningservices.ComputeStartStopScheduleArgs[] = [];
        for (const [action, expression] of [
            [machinelearningservices.ComputePowerAction.Start, args.schedule?.start],
            [machinelearningservices.ComputePowerAction.Stop, args.schedule?.stop],
        ] as const) {
            if (expression === undefined) continue;
            schedules.push({
                action,
                triggerType: machinelearningservices.ComputeTriggerType.Cron,
                cron: { expression, timeZone },
                status: machinelearningservices.ScheduleStatus.Enabled,
            });
        }

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
                    computeType: "ComputeInstance",
                    description: `Personal compute instance ${args.key} of team ${args.team} (${args.environment}), stamped by aml-stamp.`,
                    disableLocalAuth: true, // CP-01
                    properties: {
                        vmSize: args.vmSize,
                        idleTimeBeforeShutdown: args.idleTimeBeforeShutdown, // CP-02
                        sshSettings: { sshPublicAccess: machinelearningservices.SshPublicAccess.Disabled }, // CP-05
                        computeInstanceAuthorizationType:
                            machinelearningservices.ComputeInstanceAuthorizationType.Personal,
                        personalComputeInstanceSettings: {
                            assignedUser: { objectId: args.userObjectId, tenantId: args.tenantId },
                        },
                        applicationSharingPolicy: machinelearningservices.ApplicationSharingPolicy.Personal,
                        enableNodePublicIp, // CP-08
                        ...(schedules.length > 0 ? { schedules: { computeStartStop: schedules } } : {}),
                    },
                },
                tags,
            },
            {
                parent: this,
                replaceOnChanges: [...INSTANCE_REPLACE_ON_CHANGES],
                deleteBeforeReplace: true,
                ignoreChanges: ["tags"],
            },
        );
        this.computeName = this.compute.name;
        this.principalId = identity.principalOf(this.compute.identity);
        const label = `compute instance ${args.key}`;

        const grants = grantComputeRoles(
            this,
            name,
            { id: this.principalId, label },
            args.roles,
            args.scopes,
            args.subscriptionId,
        );
        grants.push(...grantKeyVaultSecrets(this, name, { id: this.principalId, label: label }, args));
        if (args.idleShutdownRole !== undefined) {
            const idle = grant(
                `${name}-idle-shutdown-workspace`,
                {
                    principal: { id: this.principalId, kind: "ManagedIdentity", label },
                    role: { custom: args.idleShutdownRole },
                    scope: args.scopes.workspace,
                    scopeLabel: "workspace",
                    reason: "idle shutdown: 'the compute instance won't shut down due to inactivity unless the managed identity has contributor access to the Azure Machine Learning workspace' (learn.microsoft.com/azure/machine-learning/how-to-create-compute-instance#configure-idle-shutdown); a custom role with only the stop action replaces Contributor (docs/compute.md)",
                    subscriptionId: args.subscriptionId,
                },
                { parent: this },
            );
            grants.push(idle);
        }
        this.grants = grants;

        this.registerOutputs({
            computeName: this.computeName,
            principalId: this.principalId,
            [GRANTS_OUTPUT]: this.grants.map((g) => g.record),
        });
    }
}
