/**
 * aml-stamp:index:Stamp — one secure Azure ML environment for one team in one environment: the workspace and what it
 * depends on, computes, the automation principal, human access, Conditional Access, online endpoints,
 * identity-based storage access and the documented policy exemptions, wired from the validated stack config.
 *
 * The type token is `<package>:index:<ClassName>`: Pulumi's component provider host serves only the `index` module
 * and finds the class by the token's last part (@pulumi/pulumi provider/experimental/provider.js
 * `validateResourceType`, `construct`).
 *
 * URN stability: before Stamp existed, its children were top-level components of the stack. Each child therefore
 * carries `aliases: [{ parent: pulumi.rootStackResource }]` (@pulumi/pulumi resource.d.ts `Alias.parent`: "To
 * specify no original parent"), and the engine derives every grandchild's old URN from its parent's alias
 * (pulumi/pulumi pkg/resource/deploy/step_generator.go `inheritedChildAlias`), so no deployed resource is replaced
 * (tests/urns.spec.ts checks every committed stack). The 0.2.0 plugin wrapped this class in a second Stamp of the
 * same name, so a plugin consumer's children had that inner Stamp as parent: a second alias names it (the Stamp's own
 * URN with one more `aml-stamp:index:Stamp` in its type chain; `Alias.parent` takes a URN).
 */
import * as pulumi from "@pulumi/pulumi";
import { isUserAssigned } from "../lib/identity";
import * as authorization from "@pulumi/azure-native/authorization";
import { type ResolvedCompute, resolveStampArgs } from "../config/spec";
import type { StampArgs } from "../config/stampArgs";
import { COMPUTE_KINDS, COMPUTE_KIND_LIST, type ComputeKindKey } from "../lib/computeKinds";
import { Workspace } from "./workspace";
import { ComputeCluster } from "./computeCluster";
import { ComputeInstance } from "./computeInstance";
import type { ComputeCommonArgs, ComputeComponent } from "./computeAccess";
import { AutomationPrincipal } from "./automationPrincipal";
import { platformCustomRole } from "./customRoles";
import { HumanAccess } from "./humanAccess";
import { ConditionalAccess } from "./conditionalAccess";
import { OnlineEndpoint } from "./onlineEndpoint";
import { type Granted, type Principal } from "./access";
import { StorageDataAccess } from "./storageDataAccess";
import { Data } from "./data";
import { azureMadeAssignments, roleAssignmentCounts, type RoleAssignmentCounts } from "../lib/counts";
import { PolicyExemptions } from "./policyExemptions";
import { Budget } from "./budget";
import { Locks } from "./locks";

export type { StampArgs } from "../config/stampArgs";

/*
 * The output surface, in named interfaces the plugin host's analyzer accepts (docs/packaging.md): the class's
 * properties are the component's outputs in schema.json.
 */

/** What `MLClient.from_config()` reads from `.azureml/config.json`. */
export interface StampClientConfig {
    readonly subscription_id: pulumi.Output<string>;
    readonly resource_group: pulumi.Output<string>;
    readonly workspace_name: pulumi.Output<string>;
}

/** The workspace: ARM id, name, region, the principal id of its identity and its user-assigned identity id. */
export interface StampWorkspace {
    readonly id: pulumi.Output<string>;
    readonly name: pulumi.Output<string>;
    readonly location: pulumi.Output<string | undefined>;
    readonly principalId: pulumi.Output<string>;
    /** Set when the workspace has a user-assigned identity (workspaceIdentity). */
    readonly userAssignedIdentityId?: pulumi.Output<string>;
}

/** A compute of the stamp: its kind (cluster or instance, lib/computeKinds.ts), Azure name and identity's principal. */
export interface StampCompute {
    readonly kind: string;
    readonly name: pulumi.Output<string>;
    readonly principalId: pulumi.Output<string>;
}

/** An online endpoint of the stamp: its Azure name, scoring URI and the principal id of its identity. */
export interface StampEndpoint {
    readonly name: pulumi.Output<string>;
    readonly scoringUri: pulumi.Output<string>;
    readonly principalId: pulumi.Output<string>;
}

/** The automation principal's ids (plain: no credential). */
export interface StampAutomation {
    readonly clientId: pulumi.Output<string>;
    readonly tenantId: pulumi.Output<string>;
    readonly objectId: pulumi.Output<string>;
    readonly displayName: string;
}

/** The current rotation window of the client secrets (RFC 3339). */
export interface StampRotationWindow {
    readonly start: string;
    readonly end: string;
}

/** One client-secret slot: its window start, rotation and end dates (RFC 3339), and whether it is the newest. */
export interface StampSecretSlot {
    readonly slot: string;
    readonly windowStart: string;
    readonly rotatesAt: string;
    readonly endDate: string;
    readonly newest: boolean;
}

/** Rotation of the two client-secret slots (plain); only `clientSecrets` when client secrets are off. */
export interface StampSecretRotation {
    readonly clientSecrets: boolean;
    readonly periodDays?: number;
    readonly graceDays?: number;
    readonly maxLifetimeDays?: number;
    /** rotationEpoch, YYYY-MM-DD. */
    readonly epoch?: string;
    readonly window?: StampRotationWindow;
    readonly nextRotation?: string;
    /** The slot holding the newest password. */
    readonly newest?: string;
    readonly slots?: StampSecretSlot[];
}

/** Role assignment counts (lib/counts.ts), custom role ids, and the Conditional Access policy if any. */
export interface StampAccess {
    readonly roleAssignments: RoleAssignmentCounts;
    /** The platform's custom compute roles the stack assigns, by key: their role definition ids. */
    readonly customRoles: Record<string, pulumi.Output<string>>;
    readonly conditionalAccessPolicyId?: pulumi.Output<string>;
}

/**
 * One secure Azure ML environment for one team in one environment, from its settings (the stack settings of this
 * repository, with the same defaults and validation).
 */
export class Stamp extends pulumi.ComponentResource {
    /**
     * Exactly what `MLClient.from_config()` reads from `.azureml/config.json`: it reads `config["subscription_id"]`,
     * `config["resource_group"]` and `config["workspace_name"]`, all three required, no aliases
     * (Azure/azure-sdk-for-python sdk/ml/azure-ai-ml/azure/ai/ml/_ml_client.py, `_get_workspace_info`).
     */
    readonly clientConfig: StampClientConfig;
    /** The workspace: ARM id, name, region, the principal id of its identity and its user-assigned identity id. */
    readonly workspace: StampWorkspace;
    /** Every compute by config key. */
    readonly computes: Record<string, StampCompute>;
    /** The automation principal's ids (plain: no credential), when automation is enabled. */
    readonly automation?: StampAutomation;
    /** `AZURE_CLIENT_ID`, `AZURE_TENANT_ID`, `AZURE_CLIENT_SECRET` lines for a `.env` (secret). */
    readonly servicePrincipalEnv?: pulumi.Output<string>;
    /** Rotation windows of the two client-secret slots, their end dates and the next rotation (plain). */
    readonly secretRotation?: StampSecretRotation;
    /** Every online endpoint by config key. */
    readonly onlineEndpoints: Record<string, StampEndpoint>;
    /** Role assignment counts (lib/counts.ts), custom role ids, and the Conditional Access policy if any. */
    readonly access: StampAccess;

    constructor(name: string, args: StampArgs, opts?: pulumi.ComponentResourceOptions) {
        // Validated (config/: a ConfigError naming the key, the value and what is allowed), defaulted and resolved
        // once, before anything is declared.
        const spec = resolveStampArgs(args);
        super("aml-stamp:index:Stamp", name, {}, opts);
        // Every child was a top-level component before Stamp existed, or a child of 0.2.0's inner plugin Stamp: keep
        // its URN (module comment).
        const pluginParent = this.urn.apply((urn) => {
            const at = urn.lastIndexOf("::");
            return `${urn.slice(0, at)}$aml-stamp:index:Stamp${urn.slice(at)}`;
        });
        const child: pulumi.ComponentResourceOptions = {
            parent: this,
            aliases: [{ parent: pulumi.rootStackResource }, { parent: pluginParent }],
        };
        const client = authorization.getClientConfigOutput();
        const grants: Granted[] = [];

        const { customerManagedKey, ...workspace } = spec.workspace;
        const ws = new Workspace(
            name,
            {
                ...workspace,
                tenantId: client.tenantId,
                subscriptionId: client.subscriptionId,
                ...(customerManagedKey ? { customerManagedKey: { subscriptionId: client.subscriptionId } } : {}),
            },
            child,
        );
        grants.push(...ws.grants);

        // Documented exemptions from Microsoft's built-in policies (lib/exemptions.ts), declared as Azure Policy
        // exemptions when the stack is given the assignment (config policyExemptions).
        if (spec.policyExemptions !== undefined) {
            new PolicyExemptions(
                `${name}-exemptions`,
                {
                    ...spec.policyExemptions,
                    scopes: {
                        storage: ws.storageAccount.id,
                        insights: ws.applicationInsights.id,
                        workspace: ws.workspace.id,
                    },
                },
                child,
            );
        }

        this.clientConfig = {
            subscription_id: client.subscriptionId,
            resource_group: ws.resourceGroupName,
            workspace_name: ws.workspace.name,
        };
        this.workspace = {
            id: ws.workspace.id,
            name: ws.workspace.name,
            location: ws.workspace.location,
            principalId: ws.principalId,
            ...(ws.userAssignedIdentityId !== undefined ? { userAssignedIdentityId: ws.userAssignedIdentityId } : {}),
        };

        // Computes: after the workspace, each with its own identity and grants scoped to one resource.
        const computeScopes = {
            storage: ws.storageAccount.id,
            workspace: ws.workspace.id,
            registry: ws.registry?.id,
            keyVault: ws.keyVault.id,
        };
        const computeCommon = {
            ...spec.computeCommon,
            resourceGroupName: ws.resourceGroupName,
            workspaceName: ws.workspace.name,
            scopes: computeScopes,
            subscriptionId: client.subscriptionId,
        };
        // The idle-shutdown custom role is defined once per subscription by the platform (platform/); the stack only
        // assigns it, naming it by the id lib/customRoles.ts computes from the subscription.
        const idleShutdownRole = platformCustomRole(client.subscriptionId, "idleShutdown");
        // Per kind (lib/computeKinds.ts): its component, from the resolved settings and what every compute shares.
        const components: {
            readonly [K in ComputeKindKey]: (
                name: string,
                common: ComputeCommonArgs,
                settings: ResolvedCompute<K>,
            ) => ComputeComponent;
        } = {
            cluster: (name, common, c) => new ComputeCluster(name, { ...common, ...c }, child),
            instance: (name, common, i) =>
                new ComputeInstance(
                    name,
                    {
                        ...common,
                        tenantId: client.tenantId,
                        userObjectId: i.userObjectId,
                        idleTimeBeforeShutdown: i.idleTimeBeforeShutdown,
                        schedule: i.schedule,
                        idleShutdownRole: i.idleShutdownAccess === "customRole" ? idleShutdownRole : undefined,
                    },
                    child,
                ),
        };
        const computes: Record<string, StampCompute> = {};
        // The compute identities by config key, for the datastores that name them.
        const computeIdentities: Record<string, Principal> = {};
        for (const kind of COMPUTE_KIND_LIST) {
            const build = components[kind.key] as (
                name: string,
                common: ComputeCommonArgs,
                settings: ResolvedCompute<ComputeKindKey>,
            ) => ComputeComponent;
            for (const [key, c] of Object.entries(spec[kind.configKey])) {
                const compute = build(`${name}-${key}`, { ...computeCommon, key, ...c }, c);
                grants.push(...compute.grants);
                computes[key] = { kind: kind.key, name: compute.computeName, principalId: compute.principalId };
                computeIdentities[key] = {
                    id: compute.principalId,
                    kind: "ManagedIdentity",
                    label: `${kind.label} ${key}`,
                };
            }
        }
        this.computes = computes;

        // The automation service principal (CI): client secrets on calendar windows, federated credentials, roles.
        let auto: AutomationPrincipal | undefined;
        if (spec.automation !== undefined) {
            const { storeSecretInKeyVault, roles, ...automation } = spec.automation;
            auto = new AutomationPrincipal(
                name,
                {
                    ...automation,
                    roles: [...roles],
                    workspaceId: ws.workspace.id,
                    subscriptionId: client.subscriptionId,
                    keyVault: storeSecretInKeyVault
                        ? { vaultName: ws.keyVault.name, resourceGroupName: ws.resourceGroupName }
                        : undefined,
                },
                child,
            );
        }
        grants.push(...(auto?.grants ?? []));
        this.automation = auto && {
            clientId: auto.clientId,
            tenantId: auto.tenantId,
            objectId: auto.objectId,
            displayName: auto.displayName,
        };
        this.servicePrincipalEnv = auto?.envLines;
        this.secretRotation = auto?.secretRotation;

        // Human access: custom compute roles at the resource group, group grants at the narrowest scope,
        // and the opt-in Conditional Access policy. Custom roles may also go to the automation principal (config
        // checks it exists). The custom compute roles are the platform's (one definition per subscription,
        // platform/): the stack assigns them.
        const { peopleCustomRoles, ...access } = spec.access;
        const customRoles = Object.fromEntries(
            peopleCustomRoles.map((k) => [k, platformCustomRole(client.subscriptionId, k)]),
        );
        const people = new HumanAccess(
            `${name}-people`,
            {
                ...access,
                subscriptionId: client.subscriptionId,
                workspaceId: ws.workspace.id,
                storageAccountId: ws.storageAccount.id,
                keyVaultId: ws.keyVault.id,
                containerRegistryId: ws.registry?.id,
                resourceGroupId: ws.resourceGroupId,
                customRoles,
                automationPrincipal: auto && { id: auto.objectId, label: `automation ${auto.displayName}` },
            },
            child,
        );
        grants.push(...people.grants);
        const conditionalAccess =
            spec.conditionalAccess !== undefined
                ? new ConditionalAccess(`${name}-access`, spec.conditionalAccess, child)
                : undefined;

        // Online endpoints: Entra-authenticated by default, deployments outside the stack
        // (docs/endpoints.md).
        const automationCaller: Principal | undefined = auto && {
            id: auto.objectId,
            kind: "ServicePrincipal",
            label: `automation ${auto.displayName}`,
        };
        const endpoints: Record<string, StampEndpoint> = {};
        for (const [key, e] of Object.entries(spec.onlineEndpoints)) {
            const { callerGroups, automationCaller: byAutomation, ...endpoint } = e;
            const callers: Principal[] = [
                ...callerGroups.map((g): Principal => ({ id: g, kind: "Group", label: `group ${g}` })),
                ...(byAutomation && automationCaller !== undefined ? [automationCaller] : []),
            ];
            const ep = new OnlineEndpoint(
                `${name}-${key}`,
                {
                    ...endpoint,
                    resourceGroupName: ws.resourceGroupName,
                    workspaceName: ws.workspace.name,
                    subscriptionId: client.subscriptionId,
                    scopes: computeScopes,
                    callers,
                    // The platform's scorer role (one definition per subscription, platform/), assigned at the endpoint.
                    scorerRole: platformCustomRole(client.subscriptionId, "endpointScorer"),
                },
                child,
            );
            grants.push(...ep.grants);
            endpoints[key] = { name: ep.endpointName, scoringUri: ep.scoringUri, principalId: ep.principalId };
        }
        this.onlineEndpoints = endpoints;

        // Identity-based storage: only where shared keys are off (the hardened profile).
        if (spec.storageDataAccess) {
            const storageData = new StorageDataAccess(
                `${name}-storage-data`,
                {
                    storageAccountId: ws.storageAccount.id,
                    subscriptionId: client.subscriptionId,
                    automationPrincipal: automationCaller,
                    computes: Object.entries(spec[COMPUTE_KINDS.cluster.configKey]).map(([key, c]) => ({
                        id: computes[key]!.principalId,
                        label: `${COMPUTE_KINDS.cluster.label} ${key}`,
                        parallelRun: c.parallelRunStorage,
                    })),
                },
                child,
            );
            grants.push(...storageData.grants);
        }

        // Cost and deletion safeguards (docs/budgets.md, docs/locks.md): new children, so no alias.
        if (spec.budget !== undefined) {
            new Budget(`${name}-cost`, { ...spec.budget, scope: ws.resourceGroupId }, { parent: this });
        }
        if (spec.locks?.enabled === true) {
            const resources = { workspace: ws.workspace.id, storage: ws.storageAccount.id, keyVault: ws.keyVault.id };
            new Locks(`${name}-locks`, { resources, notes: spec.locks.notes }, { parent: this });
        }
        // Identity-based datastores and connections (docs/data.md): the data role for each identity that uses them.
        if (spec.data !== undefined) {
            const { datastores, connections, privateEndpointRules } = spec.data;
            const data = new Data(
                `${name}-data`,
                {
                    datastores,
                    connections,
                    // The rules are inline in the workspace's managed network: a connection waits for the workspace.
                    privateEndpointRules: Object.fromEntries(privateEndpointRules.map((r) => [r.name, ws.workspace])),
                    resourceGroupName: ws.resourceGroupName,
                    workspaceName: ws.workspace.name,
                    subscriptionId: client.subscriptionId,
                    workspaceIdentity: { id: ws.principalId, kind: "ManagedIdentity", label: "workspace identity" },
                    computes: computeIdentities,
                },
                { parent: this }, // new with this component: no earlier top-level URN to keep
            );
            grants.push(...data.grants);
        }

        // Last: the counts cover every grant of the stamp, endpoints and storage data access included.
        this.access = {
            // Azure ML's own assignments (lib/counts.ts): for a system-assigned workspace identity (a user-assigned one
            // is the workspace's only identity, components/workspace/identity.ts), endpoints likewise.
            roleAssignments: roleAssignmentCounts(
                grants.map((g) => g.record),
                azureMadeAssignments({
                    systemAssignedWorkspaces: isUserAssigned(spec.workspace.identity) ? 0 : 1,
                    systemAssignedEndpoints: Object.values(spec.onlineEndpoints).filter(
                        (e) => !isUserAssigned(e.identity),
                    ).length,
                }),
            ),
            customRoles: Object.fromEntries(Object.entries(customRoles).map(([k, r]) => [k, pulumi.output(r.id)])),
            conditionalAccessPolicyId: conditionalAccess?.policy.id,
        };
        this.registerOutputs({
            clientConfig: this.clientConfig,
            workspace: this.workspace,
            computes: this.computes,
            automation: this.automation,
            onlineEndpoints: this.onlineEndpoints,
            access: this.access,
        });
    }
}
