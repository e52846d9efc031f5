/**
 * amlstamp:data:Data — a team's own data through identities: identity-based datastores (`credentialsType: None`)
 * with the data role on their container for each identity that uses them, and workspace connections with AAD or
 * ManagedIdentity auth, created after the private endpoint outbound rules they need (docs/data.md).
 */
import * as pulumi from "@pulumi/pulumi";
import * as machinelearningservices from "@pulumi/azure-native/machinelearningservices";
import type { ConnectionSpec, DatastoreSpec } from "../config/spec";
import { grant, GRANTS_OUTPUT, type Granted, type Principal } from "./access";

/**
 * Why each identity gets the data role (the assignment's description): Microsoft's identity-based data access.
 * Sources: MicrosoftDocs/azure-ai-docs articles/machine-learning/how-to-identity-based-service-authentication.md
 * ("Grant compute managed identity at least Storage Blob Data Reader role on the storage account"; data preview in
 * studio "uses the workspace MSI ... depending on the datastore settings defined during creation"; user identity:
 * "grant StorageBlobReader access to the specific storage account").
 */
export const DATA_REASON = {
    compute:
        "reads the datastore in jobs with the compute identity (identity-based datastore, credentialsType None; learn.microsoft.com/azure/machine-learning/how-to-identity-based-service-authentication: 'Grant compute managed identity at least Storage Blob Data Reader role')",
    group: "uses the datastore with their own Entra identity (identity-based datastore, no stored credential; learn.microsoft.com/azure/machine-learning/how-to-identity-based-service-authentication, user identity)",
    workspace:
        "studio's data preview of the datastore with the workspace identity (serviceDataAccessAuthIdentity; learn.microsoft.com/azure/machine-learning/how-to-identity-based-service-authentication, 'Work with virtual networks')",
} as const;

/** Arguments of {@link Data}. */
export interface DataArgs {
    /** The workspace's resource group and name. Required. */
    resourceGroupName: pulumi.Input<string>;
    workspaceName: pulumi.Input<string>;
    /** Subscription of the built-in role definitions. Required. */
    subscriptionId: pulumi.Input<string>;
    /** The datastores, resolved (config/spec.ts DataSpec). Default: none. */
    datastores?: readonly DatastoreSpec[];
    /** The connections, resolved. Default: none. */
    connections?: readonly ConnectionSpec[];
    /** The workspace identity (studio preview of datastores with serviceDataAccessAuthIdentity). Default: none. */
    workspaceIdentity?: Principal;
    /** The stack's computes by config key: the identities a datastore's `computes` name. Default: none. */
    computes?: Readonly<Record<string, Principal>>;
    /**
     * The workspace's PrivateEndpoint outbound rules by name (DataSpec.privateEndpointRules): each connection that
     * names one is created after it; a connection and its endpoint cannot be created in one step (Azure/
     * bicep-registry-modules avm/res/machine-learning-services/workspace). Default: none.
     */
    privateEndpointRules?: Readonly<Record<string, pulumi.Resource>>;
}

/** Identity-based datastores and connections of one workspace. */
export class Data extends pulumi.ComponentResource {
    readonly datastores: Readonly<Record<string, machinelearningservices.Datastore>>;
    readonly connections: Readonly<Record<string, machinelearningservices.WorkspaceConnection>>;
    /** The role assignments, with their access-matrix lines (registered as `grants`). */
    readonly grants: readonly Granted[];

    constructor(name: string, args: DataArgs, opts?: pulumi.ComponentResourceOptions) {
        super("amlstamp:data:Data", name, {}, opts);
        const grants: Granted[] = [];
        const granted = new Set<string>();
        const datastores: Record<string, machinelearningservices.Datastore> = {};
        for (const d of args.datastores ?? []) {
            const scope = `${d.storageAccountId}/blobServices/default/containers/${d.container}`;
            const principals: { suffix: string; principal: Principal; reason: string }[] = [
                ...d.groups.map((g) => ({
                    suffix: `group-${g}`,
                    principal: { id: g, kind: "Group", label: `group ${g}` } satisfies Principal,
                    reason: DATA_REASON.group,
                })),
                ...d.computes.map((c) => {
                    const principal = args.computes?.[c];
                    if (principal === undefined) {
                        throw new pulumi.ResourceError(`datastore ${d.key}: no compute ${c} was passed`, this);
                    }
                    return { suffix: `compute-${c}`, principal, reason: DATA_REASON.compute };
                }),
                ...(d.serviceDataAccessAuthIdentity !== "None" && args.workspaceIdentity !== undefined
                    ? [{ suffix: "workspace", principal: args.workspaceIdentity, reason: DATA_REASON.workspace }]
                    : []),
            ];
            for (const p of principals) {
                // One assignment per container, principal and role, whichever datastores share them.
                const once = `${scope.toLowerCase()}|${p.principal.label}|${d.role.id}`;
                if (granted.has(once)) continue;
                granted.add(once);
                grants.push(
                    grant(
                        `${name}-${d.key}-${p.suffix}`,
                        {
                            principal: p.principal,
                            role: { builtIn: d.role },
                            scope,
                            scopeLabel: `datastore ${d.key} (${d.accountName}/${d.container})`,
                            reason: p.reason,
                            subscriptionId: args.subscriptionId,
                        },
                        { parent: this },
                    ),
                );
            }
            const common = {
                // No stored secret: jobs use the compute (or user) identity, studio the workspace identity.
                credentials: { credentialsType: "None" as const },
                serviceDataAccessAuthIdentity: d.serviceDataAccessAuthIdentity,
                subscriptionId: d.subscriptionId,
                resourceGroup: d.resourceGroup,
                ...(d.description !== undefined ? { description: d.description } : {}),
            };
            datastores[d.key] = new machinelearningservices.Datastore(
                `${name}-${d.key}`,
                {
                    name: d.name,
                    resourceGroupName: args.resourceGroupName,
                    workspaceName: args.workspaceName,
                    properties:
                        d.datastoreType === "AzureBlob"
                            ? {
                                  ...common,
                                  datastoreType: "AzureBlob",
                                  accountName: d.accountName,
                                  containerName: d.container,
                              }
                            : {
                                  ...common,
                                  datastoreType: "AzureDataLakeGen2",
                                  accountName: d.accountName,
                                  filesystem: d.container,
                              },
                },
                { parent: this },
            );
        }
        const connections: Record<string, machinelearningservices.WorkspaceConnection> = {};
        for (const c of args.connections ?? []) {
            const after =
                c.privateEndpointRule !== undefined ? args.privateEndpointRules?.[c.privateEndpointRule] : undefined;
            connections[c.key] = new machinelearningservices.WorkspaceConnection(
                `${name}-${c.key}`,
                {
                    connectionName: c.key,
                    resourceGroupName: args.resourceGroupName,
                    workspaceName: args.workspaceName,
                    properties:
                        c.authType === "AAD"
                            ? { authType: "AAD", category: c.category, target: c.target }
                            : {
                                  authType: "ManagedIdentity",
                                  category: c.category,
                                  target: c.target,
                                  useWorkspaceManagedIdentity: true,
                              },
                },
                { parent: this, ...(after !== undefined ? { dependsOn: [after] } : {}) },
            );
        }
        this.datastores = datastores;
        this.connections = connections;
        this.grants = grants;
        this.registerOutputs({
            datastores: Object.keys(datastores),
            connections: Object.keys(connections),
            [GRANTS_OUTPUT]: grants.map((g) => g.record),
        });
    }
}
