import * as pulumi from "@pulumi/pulumi";
import * as machinelearningservices from "@pulumi/azure-native/machinelearningservices";
import { type IdentitySpec, isUserAssigned, SYSTEM_IDENTITY } from "../lib/identity";
import { onlineEndpointName, userAssignedIdentityName } from "../lib/names";
import { type BuiltInRole, ROLES } from "../lib/roles";
import { stampTags } from "../lib/tags";
import { ONLINE_ENDPOINT_DEFAULTS } from "../lib/defaults";
import { grant, GRANTS_OUTPUT, type Granted, type Principal } from "./access";
import { principalIdOf, resolveIdentity } from "./identity";
import type { WorkspaceChildArgs } from "./workspaceChild";

/**
 * The endpoint inputs a model deployment owns: `az ml online-deployment create` / `online-endpoint update --traffic`
 * set the traffic split (and mirror traffic) after the stack created the endpoint. The stack never sets them and
 * ignores them (ignoreChanges: the engine keeps the value in state, pulumi/docs ignorechanges.md), so the program
 * never asks to change them; what a PUT does to a traffic map it was not given is unverified (docs/endpoints.md).
 */
export const ENDPOINT_IGNORE_CHANGES = ["properties.traffic", "properties.mirrorTraffic"] as const;

/** Auth modes as config spells them (the CLI's names) → the ARM enum. */
const AUTH_MODE = {
    aad_token: machinelearningservices.EndpointAuthMode.AADToken,
    key: machinelearningservices.EndpointAuthMode.Key,
    aml_token: machinelearningservices.EndpointAuthMode.AMLToken,
} as const;

/** Arguments of {@link OnlineEndpoint}. */
export interface OnlineEndpointArgs extends WorkspaceChildArgs {
    /** Subscription of the built-in role definitions. Required. */
    subscriptionId: pulumi.Input<string>;
    /** ARM ids the endpoint's user-assigned identity is granted on. Required. */
    scopes: {
        readonly storage: pulumi.Input<string>;
        readonly workspace: pulumi.Input<string>;
        readonly registry?: pulumi.Input<string>;
    };
    /** The endpoint identity (lib/identity.ts). Default: SYSTEM_IDENTITY (`{type: "system"}`). */
    identity?: IdentitySpec;
    /** Data-plane auth mode. Default: "aad_token" (config refuses the others on production stacks). */
    authMode?: keyof typeof AUTH_MODE;
    /** Why the auth mode is not aad_token (shown in the plan and the endpoint description). Default: none. */
    authModeReason?: string;
    /** Who may score the endpoint (the scoring role at the endpoint's scope). Default: nobody. */
    callers?: readonly Principal[];
    /** The custom scoring role (lib/customRoles.ts endpointScorer); required when there are callers. */
    scorerRole?: { readonly name: string; readonly id: pulumi.Input<string> };
    /** Tags; the component adds team, environment and managed-by. Default: none. */
    tags?: Record<string, string>;
    /**
     * Public network access of the endpoint's scoring URI. "Disabled": reached only through the workspace's private
     * endpoint (how-to-secure-online-endpoint.md: the endpoint's inbound follows the workspace private endpoint when
     * public_network_access is disabled). Default: not set (Azure's default, Enabled).
     */
    publicNetworkAccess?: "Enabled" | "Disabled";
}

const SAI_AUTOMATIC =
    "concept-endpoints-online-auth.md, 'Automatic role assignment for endpoint identity': for a system-assigned identity Azure assigns AcrPull, Storage Blob Data Reader and AzureML Metrics Writer (preview) itself; for a user-assigned identity 'there's no automatic role assignment'";

/**
 * A managed online endpoint (no deployments: docs/endpoints.md), authenticated with Microsoft Entra ID by default,
 * with its managed identity and the grants that identity and the endpoint's callers need.
 */
export class OnlineEndpoint extends pulumi.ComponentResource {
    readonly endpoint: machinelearningservices.OnlineEndpoint;
    /** Azure name of the endpoint. */
    readonly endpointName: pulumi.Output<string>;
    /** Scoring URI (data plane). */
    readonly scoringUri: pulumi.Output<string>;
    /** Principal id of the endpoint identity. */
    readonly principalId: pulumi.Output<string>;
    /** Role assignments declared for the endpoint identity and its callers, with their access-matrix lines. */
    readonly grants: readonly Granted[];

    constructor(name: string, args: OnlineEndpointArgs, opts?: pulumi.ComponentResourceOptions) {
        super("amlstamp:endpoint:OnlineEndpoint", name, {}, opts);
        const tags = stampTags(args);
        const spec = args.identity ?? SYSTEM_IDENTITY;
        const authMode = args.authMode ?? ONLINE_ENDPOINT_DEFAULTS.authMode;
        const resolved = resolveIdentity(
            name,
            spec,
            {
                resourceGroupName: args.resourceGroupName,
                location: args.location,
                identityName: userAssignedIdentityName(args, `endpoint-${args.key}`),
                tags,
            },
            this,
        );
        this.endpoint = new machinelearningservices.OnlineEndpoint(
            `${name}-endpoint`,
            {
                resourceGroupName: args.resourceGroupName,
                workspaceName: args.workspaceName,
                endpointName: onlineEndpointName(args.key, args),
                location: args.location,
                identity: resolved.identity,
                properties: {
                    authMode: AUTH_MODE[authMode],
                    ...(args.publicNetworkAccess !== undefined
                        ? { publicNetworkAccess: args.publicNetworkAccess }
                        : {}),
                    description:
                        `Online endpoint ${args.key} of team ${args.team} (${args.environment}), stamped by aml-stamp.` +
                        (authMode !== "aad_token" && args.authModeReason !== undefined
                            ? ` Auth ${authMode}: ${args.authModeReason}`
                            : ""),
                },
                tags,
            },
            { parent: this, ignoreChanges: [...ENDPOINT_IGNORE_CHANGES] },
        );
        this.endpointName = this.endpoint.name;
        this.scoringUri = this.endpoint.properties.apply((p) => p.scoringUri);
        this.principalId = principalIdOf(resolved, this.endpoint.identity);
        const grants: Granted[] = [];
        const label = `online endpoint ${args.key}`;

        if (isUserAssigned(spec)) {
            // Nothing is automatic for a user-assigned endpoint identity: the stamp assigns what Azure gives a
            // system-assigned one (and no more).
            const own: [string, BuiltInRole, pulumi.Input<string> | undefined, string][] = [
                ["acrPull-registry", ROLES.acrPull, args.scopes.registry, "container registry"],
                [
                    "storageBlobDataReader-storage",
                    ROLES.storageBlobDataReader,
                    args.scopes.storage,
                    "workspace default storage",
                ],
                ["azureMLMetricsWriter-workspace", ROLES.azureMLMetricsWriter, args.scopes.workspace, "workspace"],
            ];
            for (const [suffix, role, scope, scopeLabel] of own) {
                if (scope === undefined) continue;
                grants.push(
                    grant(
                        `${name}-${suffix}`,
                        {
                            principal: { id: this.principalId, kind: "ManagedIdentity", label },
                            role: { builtIn: role },
                            scope,
                            scopeLabel,
                            reason: `endpoint identity (user-assigned) needs ${role.name}: ${SAI_AUTOMATIC}`,
                            subscriptionId: args.subscriptionId,
                        },
                        { parent: this },
                    ),
                );
            }
        }
        const callers = args.callers ?? [];
        if (callers.length > 0 && args.scorerRole === undefined) {
            throw new pulumi.ResourceError(`${label}: callers need the scoring role`, this);
        }
        for (const caller of callers) {
            grants.push(
                grant(
                    `${name}-score-${caller.kind === "Group" ? `group-${String(caller.id)}` : "automation"}`,
                    {
                        principal: caller,
                        role: { custom: args.scorerRole! },
                        scope: this.endpoint.id,
                        scopeLabel: label,
                        reason: "score the endpoint with a Microsoft Entra token: needs onlineEndpoints/score/action at the endpoint (concept-endpoints-online-auth.md, data plane); custom role with only that action (lib/customRoles.ts)",
                        subscriptionId: args.subscriptionId,
                    },
                    { parent: this },
                ),
            );
        }
        this.grants = grants;
        this.registerOutputs({
            endpointName: this.endpointName,
            scoringUri: this.scoringUri,
            principalId: this.principalId,
            [GRANTS_OUTPUT]: grants.map((g) => g.record),
        });
    }
}
