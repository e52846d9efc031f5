import * as pulumi from "@pulumi/pulumi";
import * as authorization from "@pulumi/azure-native/authorization";
import { LOCK_NAME, type LockedResource } from "../lib/safeguards";

/** Arguments of {@link Locks}. */
export interface LocksArgs {
    /** ARM id of each resource to lock, by key (lib/safeguards.ts LOCKED_RESOURCES). Required. */
    resources: Readonly<Record<LockedResource, pulumi.Input<string>>>;
    /** The locks' notes (at most 512 characters; lib/safeguards.ts lockNotes). Required. */
    notes: string;
}

/**
 * amlstamp:protection:Locks — a CanNotDelete management lock on each resource named, at that resource
 * (`ManagementLockByScope` with the resource's id as its scope: the same Microsoft.Authorization/locks resource as
 * `ManagementLockAtResourceLevel`, without restating the id as provider, type and parent path). Never on the resource
 * group: "A cannot-delete lock on a resource group that contains Azure Machine Learning workspaces prevents autoscaling
 * of Azure Machine Learning compute clusters from working correctly" (MicrosoftDocs/azure-docs
 * articles/azure-resource-manager/management/lock-resources.md, "Considerations before applying your locks").
 * `protect` only stops `pulumi destroy`; a lock stops the portal, the CLI and every other client (docs/locks.md).
 */
export class Locks extends pulumi.ComponentResource {
    readonly locks: Readonly<Record<string, authorization.ManagementLockByScope>>;

    constructor(name: string, args: LocksArgs, opts?: pulumi.ComponentResourceOptions) {
        super("amlstamp:protection:Locks", name, {}, opts);
        this.locks = Object.fromEntries(
            Object.entries(args.resources).map(([key, scope]) => [
                key,
                new authorization.ManagementLockByScope(
                    `${name}-${key}`,
                    {
                        scope,
                        lockName: LOCK_NAME,
                        level: authorization.LockLevel.CanNotDelete,
                        notes: args.notes,
                    },
                    { parent: this },
                ),
            ]),
        );
        this.registerOutputs({ locked: Object.keys(this.locks) });
    }
}
