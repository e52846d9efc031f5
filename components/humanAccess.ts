import * as pulumi from "@pulumi/pulumi";
import { grant, GRANTS_OUTPUT, type Granted, type Principal } from "./access";
import type { DeclaredCustomRole } from "./customRoles";
import type { CustomRoleKey } from "../lib/customRoles";
import { type BuiltInRole, lookupRole, ROLES } from "../lib/roles";

/** Where an extra access level is granted. */
export type AccessScope = "workspace" | "storage" | "keyVault" | "containerRegistry" | "resourceGroup";

/** An extra access level: a catalog role for some groups at one scope. */
export interface ExtraAccessLevel {
    /** Role catalog name (lib/roles.ts); privileged roles are refused. */
    readonly role: string;
    /** Entra group object ids. */
    readonly groups: readonly string[];
    /** Scope of the grant. */
    readonly scope: AccessScope;
}

/** Arguments of {@link HumanAccess}. */
export interface HumanAccessArgs {
    /** Subscription of the built-in role definitions. Required. */
    subscriptionId: pulumi.Input<string>;
    /** ARM id of the workspace. Required. */
    workspaceId: pulumi.Input<string>;
    /** ARM id of the workspace's default storage account. Required. */
    storageAccountId: pulumi.Input<string>;
    /** ARM id of the workspace key vault. Required. */
    keyVaultId: pulumi.Input<string>;
    /** ARM id of the container registry, when the stack has one. Default: none (levels scoped to it are refused). */
    containerRegistryId?: pulumi.Input<string>;
    /** ARM id of the resource group (custom roles are assignable only there). Required. */
    resourceGroupId: pulumi.Input<string>;
    /** Groups that get AzureML Data Scientist on the workspace and the storage data roles. Default: none. */
    dataScientists?: readonly string[];
    /** Groups that get AzureML Compute Operator on the workspace. Default: none. */
    computeOperators?: readonly string[];
    /** Groups that get Reader on the workspace. Default: none. */
    readers?: readonly string[];
    /** Extra levels by name (the name becomes part of resource names). Default: none. */
    extraLevels?: Readonly<Record<string, ExtraAccessLevel>>;
    /** Custom role assignees per custom role. Default: none. */
    customRoleAssignees?: Readonly<
        Partial<Record<CustomRoleKey, { groups: readonly string[]; automationPrincipal: boolean }>>
    >;
    /** Custom roles declared by the stack (components/customRoles.ts). Default: none; required for any assignee. */
    customRoles?: Readonly<Partial<Record<CustomRoleKey, DeclaredCustomRole>>>;
    /** The stack's automation service principal, for custom roles assigned to it. Default: none. */
    automationPrincipal?: { id: pulumi.Input<string>; label: string };
}

const DOCS = "MicrosoftDocs/azure-ai-docs articles/machine-learning";
const ROLE_DOCS = "learn.microsoft.com/azure/role-based-access-control/built-in-roles/ai-machine-learning";

/**
 * Human access through Entra groups: each level gets its roles at the narrowest scope that works, through the one
 * role-assignment helper (principalType Group, deterministic names, reason recorded).
 *
 * - data scientists: AzureML Data Scientist on the workspace, plus Storage Blob Data Contributor and Storage File
 *   Data Privileged Contributor on the default storage, which a user's own identity needs for identity-based access
 *   to datastores and the notebooks file share (how-to-disable-local-auth-storage.md,
 *   how-to-identity-based-service-authentication.md);
 * - compute operators: AzureML Compute Operator on the workspace;
 * - readers: Reader on the workspace;
 * - extra levels: a catalog role at the named scope; custom compute roles at the resource group.
 */
export class HumanAccess extends pulumi.ComponentResource {
    /** The role assignments, in declaration order, with their access-matrix lines (registered as `grants`). */
    readonly grants: Granted[] = [];

    constructor(name: string, args: HumanAccessArgs, opts?: pulumi.ComponentResourceOptions) {
        super("amlstamp:access:HumanAccess", name, {}, opts);
        const scopes: Record<AccessScope, pulumi.Input<string> | undefined> = {
            workspace: args.workspaceId,
            storage: args.storageAccountId,
            keyVault: args.keyVaultId,
            containerRegistry: args.containerRegistryId,
            resourceGroup: args.resourceGroupId,
        };
        const scopeLabels: Record<AccessScope, string> = {
            workspace: "workspace",
            storage: "workspace default storage",
            keyVault: "key vault",
            containerRegistry: "container registry",
            resourceGroup: "resource group",
        };
        const group = (level: string, id: string): Principal => ({
            id,
            kind: "Group",
            label: `group ${level} ${id.toLowerCase()}`,
        });
        const builtIn = (
            level: string,
            groupId: string,
            role: BuiltInRole,
            roleSlug: string,
            scope: AccessScope,
            reason: string,
        ): void => {
            const target = scopes[scope];
            if (target === undefined) {
                throw new pulumi.ResourceError(
                    `access level ${level}: the stack has no ${scopeLabels[scope]} to grant ${role.name} on`,
                    this,
                );
            }
            this.grants.push(
                grant(
                    `${name}-${level}-${groupId.toLowerCase()}-${roleSlug}`,
                    {
                        principal: group(level, groupId),
                        role: { builtIn: role },
                        scope: target,
                        scopeLabel: scopeLabels[scope],
                        reason,
                        subscriptionId: args.subscriptionId,
                    },
                    { parent: this },
                ),
            );
        };

        for (const g of args.dataScientists ?? []) {
            builtIn(
                "dataScientists",
                g,
                ROLES.azureMLDataScientist,
                "data-scientist",
                "workspace",
                `work in the workspace (jobs, data, models, endpoints) without creating or deleting compute or changing the workspace (${ROLE_DOCS}#azureml-data-scientist)`,
            );
            builtIn(
                "dataScientists",
                g,
                ROLES.storageBlobDataContributor,
                "blob-data",
                "storage",
                `identity-based access with the user's own identity to the workspace's blob datastores (${DOCS}/how-to-disable-local-auth-storage.md)`,
            );
            builtIn(
                "dataScientists",
                g,
                ROLES.storageFileDataPrivilegedContributor,
                "file-data",
                "storage",
                `identity-based access with the user's own identity to the notebooks file share (${DOCS}/how-to-disable-local-auth-storage.md)`,
            );
        }
        for (const g of args.computeOperators ?? []) {
            builtIn(
                "computeOperators",
                g,
                ROLES.azureMLComputeOperator,
                "compute-operator",
                "workspace",
                `create, manage and delete computes in the workspace (${ROLE_DOCS}#azureml-compute-operator)`,
            );
        }
        for (const g of args.readers ?? []) {
            builtIn(
                "readers",
                g,
                ROLES.reader,
                "reader",
                "workspace",
                "read-only view of the workspace (built-in-roles/general#reader)",
            );
        }
        for (const [level, def] of Object.entries(args.extraLevels ?? {})) {
            const found = lookupRole(def.role);
            if ("error" in found) throw new pulumi.ResourceError(`access level ${level}: ${found.error}`, this);
            for (const g of def.groups) {
                builtIn(
                    level,
                    g,
                    found.role,
                    found.key,
                    def.scope,
                    `extra access level ${level} from config (${found.role.source})`,
                );
            }
        }

        for (const [key, assignees] of Object.entries(args.customRoleAssignees ?? {}) as [
            CustomRoleKey,
            { groups: readonly string[]; automationPrincipal: boolean },
        ][]) {
            if (assignees.groups.length === 0 && !assignees.automationPrincipal) continue;
            const role = args.customRoles?.[key];
            if (role === undefined) {
                throw new pulumi.ResourceError(
                    `custom role ${key} has assignees but the stack declares no such role`,
                    this,
                );
            }
            const reason =
                key === "computeAdmin"
                    ? "create and delete computes without using them (custom role, lib/customRoles.ts; how-to-setup-authentication.md)"
                    : "use compute instances (start, stop, connect) without creating or deleting them (custom role, lib/customRoles.ts)";
            const principals: { principal: Principal; slug: string }[] = assignees.groups.map((g) => ({
                principal: group(key, g),
                slug: g.toLowerCase(),
            }));
            if (assignees.automationPrincipal) {
                if (args.automationPrincipal === undefined) {
                    throw new pulumi.ResourceError(
                        `custom role ${key} is assigned to the automation principal, but the stack has none to give it to`,
                        this,
                    );
                }
                principals.push({
                    principal: {
                        id: args.automationPrincipal.id,
                        kind: "ServicePrincipal",
                        label: args.automationPrincipal.label,
                    },
                    slug: "automation",
                });
            }
            for (const { principal, slug } of principals) {
                this.grants.push(
                    grant(
                        `${name}-${key}-${slug}`,
                        {
                            principal,
                            role: { custom: { name: role.name, id: role.id } },
                            scope: args.resourceGroupId,
                            scopeLabel: "resource group",
                            reason,
                            subscriptionId: args.subscriptionId,
                        },
                        { parent: this },
                    ),
                );
            }
        }

        this.registerOutputs({
            roleAssignments: this.grants.length,
            [GRANTS_OUTPUT]: this.grants.map((g) => g.record),
        });
    }
}
