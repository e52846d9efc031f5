import * as pulumi from "@pulumi/pulumi";
import { type BuiltInRole, ROLES } from "../lib/roles";
import { grant, GRANTS_OUTPUT, type Granted, type Principal } from "./access";

/**
 * The scenarios of MicrosoftDocs/azure-ai-docs articles/machine-learning/how-to-disable-local-auth-storage.md
 * ("Scenarios for role assignments") that need a grant the stamp does not already make, on stacks whose storage has
 * shared keys off (the hardened profile). Row by row (docs/identities.md has the whole walk):
 * - "Data: datastores and datasets | User's identity | Storage Blob Data Contributor" and "Model Registry and ML Flow
 *   ... registration of a model from local files, the user needs the 'Storage Data Contributor' role": the
 *   automation principal (the seed's CI scenario uploads job code and registers models) → Storage Blob Data
 *   Contributor.
 * - "Model Registry and ML Flow ... model as input/output for a job ... 'Storage Data Contributor' role to underlying
 *   storage ... associate that UAMI when creating Compute Cluster": every compute cluster identity → Storage Blob Data
 *   Contributor.
 * - "Parallel Run Step (PRS) | User-assigned managed identity | Storage Table Data Contributor, Storage Queue Data
 *   Contributor": opt-in per cluster (`parallelRunStorage: true`), both roles for that cluster's identity.
 */
export const SCENARIO = {
    automation:
        "identity-based storage (shared keys off): upload job code, datastores and datasets, register a model from local files need Storage Blob Data Contributor (learn.microsoft.com/azure/machine-learning/how-to-disable-local-auth-storage#scenarios-for-role-assignments: 'Data: datastores and datasets', 'Model Registry and ML Flow')",
    parallelRun:
        "identity-based storage (shared keys off): Parallel Run Step jobs keep their state in tables and queues (learn.microsoft.com/azure/machine-learning/how-to-disable-local-auth-storage#scenarios-for-role-assignments: 'Parallel Run Step (PRS)')",
    cluster:
        "identity-based storage (shared keys off): a job writing model outputs and MLflow artifacts needs Storage Blob Data Contributor (learn.microsoft.com/azure/machine-learning/how-to-disable-local-auth-storage#scenarios-for-role-assignments: 'Model Registry and ML Flow', model as job output)",
} as const;

/** Arguments of {@link StorageDataAccess}. */
export interface StorageDataAccessArgs {
    /** ARM id of the workspace default storage account. Required. */
    storageAccountId: pulumi.Input<string>;
    /** Subscription of the built-in role definitions. Required. */
    subscriptionId: pulumi.Input<string>;
    /** The automation principal, when the stack has one. Default: none. */
    automationPrincipal?: Principal;
    /** Compute cluster identities (principal id + label; `parallelRun`: the PRS opt-in). Default: none. */
    computes?: readonly { id: pulumi.Input<string>; label: string; parallelRun?: boolean }[];
}

/** Data-plane grants at the storage account for identity-based datastores (declare only where shared keys are off). */
export class StorageDataAccess extends pulumi.ComponentResource {
    /** The role assignments, with their access-matrix lines (registered as `grants`). */
    readonly grants: readonly Granted[];

    constructor(name: string, args: StorageDataAccessArgs, opts?: pulumi.ComponentResourceOptions) {
        super("amlstamp:access:StorageDataAccess", name, {}, opts);
        const grants: Granted[] = [];
        const add = (
            suffix: string,
            principal: Principal,
            reason: string,
            role: BuiltInRole = ROLES.storageBlobDataContributor,
        ): void => {
            grants.push(
                grant(
                    `${name}-${suffix}`,
                    {
                        principal,
                        role: { builtIn: role },
                        scope: args.storageAccountId,
                        scopeLabel: "workspace default storage",
                        reason,
                        subscriptionId: args.subscriptionId,
                    },
                    { parent: this },
                ),
            );
        };
        if (args.automationPrincipal !== undefined)
            add("automation-blob", args.automationPrincipal, SCENARIO.automation);
        for (const c of args.computes ?? []) {
            const base = c.label.replace(/\W+/g, "-");
            const principal: Principal = { id: c.id, kind: "ManagedIdentity", label: c.label };
            add(`${base}-blob`, principal, SCENARIO.cluster);
            if (c.parallelRun === true) {
                add(`${base}-table`, principal, SCENARIO.parallelRun, ROLES.storageTableDataContributor);
                add(`${base}-queue`, principal, SCENARIO.parallelRun, ROLES.storageQueueDataContributor);
            }
        }
        this.grants = grants;
        this.registerOutputs({ count: grants.length, [GRANTS_OUTPUT]: grants.map((g) => g.record) });
    }
}
