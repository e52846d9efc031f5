import * as pulumi from "@pulumi/pulumi";
import * as azuread from "@pulumi/azuread";
import { ENTRA_AUDIENCE, GITHUB_ISSUER, MAX_FEDERATED_CREDENTIALS } from "../../lib/federation";
import type { FederatedSubject, GraphAppRole } from "../../lib/platform";
import { grant, GRANTS_OUTPUT, type Granted, type GrantedRole } from "../../components/access";

/** One role assignment of a CI identity. */
export interface CiGrant {
    /** Short, stable key for the resource name (`${name}-${key}`), e.g. `reader-subscription`. */
    readonly key: string;
    readonly role: GrantedRole;
    readonly scope: pulumi.Input<string>;
    readonly scopeLabel: string;
    readonly reason: string;
    /** ABAC condition (lib/abac.ts) and its readable form. Default: none. */
    readonly condition?: {
        readonly expression: pulumi.Input<string>;
        readonly version: string;
        readonly readable: string;
    };
    /** The platform deploy identity's Contributor / conditioned RBAC Administrator (components/access.ts). Default: false. */
    readonly platformDeployer?: boolean;
}

/** Arguments of {@link CiIdentity}. */
export interface CiIdentityArgs {
    /** Display name of the Entra application and its service principal. Required. */
    displayName: string;
    /** What the identity is for, stored as the application's notes. Required. */
    purpose: string;
    /** The federated credentials (lib/platform.ts federatedSubjects, validated there). Required: at least one. */
    federatedSubjects: readonly FederatedSubject[];
    /** Microsoft Graph application permissions, declared as app role assignments (admin consent). Default: none. */
    graphAppRoles?: readonly GraphAppRole[];
    /** Object id of the Microsoft Graph service principal in the tenant. Required when `graphAppRoles` is not empty. */
    graphServicePrincipalId?: pulumi.Input<string>;
    /** Entra object ids of the application's owners. Default: the identity running `pulumi up` (azuread getClientConfig). */
    owners?: readonly string[];
    /** Azure role assignments, each through `grant()`. Default: none. */
    grants?: readonly CiGrant[];
    /** Subscription of the built-in role definition ids. Required when `grants` is not empty. */
    subscriptionId?: pulumi.Input<string>;
}

/**
 * A secret-free CI identity: an Entra application and service principal whose only credentials are federated
 * (GitHub OIDC), its Microsoft Graph application permissions and its Azure role assignments. No password or
 * certificate is ever created for it.
 */
export class CiIdentity extends pulumi.ComponentResource {
    readonly application: azuread.Application;
    readonly servicePrincipal: azuread.ServicePrincipal;
    /** Application (client) id: what azure/login and the providers take as ARM_CLIENT_ID. */
    readonly clientId: pulumi.Output<string>;
    /** Service principal object id: the principal of its role assignments. */
    readonly objectId: pulumi.Output<string>;
    readonly federatedCredentials: readonly azuread.ApplicationFederatedIdentityCredential[];
    readonly graphAssignments: readonly azuread.AppRoleAssignment[];
    /** Every role assignment this identity was given, with its access-matrix line (registered as `grants`). */
    readonly grants: readonly Granted[];

    constructor(name: string, args: CiIdentityArgs, opts?: pulumi.ComponentResourceOptions) {
        super("amlstamp:platform:CiIdentity", name, {}, opts);
        if (args.federatedSubjects.length === 0 || args.federatedSubjects.length > MAX_FEDERATED_CREDENTIALS) {
            throw new pulumi.ResourceError(
                `${name}: needs 1-${MAX_FEDERATED_CREDENTIALS} federated credentials, got ${args.federatedSubjects.length}`,
                this,
            );
        }
        const owners: pulumi.Input<string[]> =
            args.owners !== undefined && args.owners.length > 0
                ? [...args.owners]
                : azuread.getClientConfigOutput({ parent: this }).objectId.apply((id) => [id]);
        this.application = new azuread.Application(
            `${name}-app`,
            {
                displayName: args.displayName,
                owners,
                signInAudience: "AzureADMyOrg",
                notes: `aml-stamp platform: ${args.purpose} Federated credentials only; managed by the platform stack (platform/).`,
            },
            { parent: this },
        );
        this.servicePrincipal = new azuread.ServicePrincipal(
            `${name}-sp`,
            { clientId: this.application.clientId, owners },
            { parent: this },
        );
        this.clientId = this.application.clientId;
        this.objectId = this.servicePrincipal.objectId;

        this.federatedCredentials = args.federatedSubjects.map(
            (s) =>
                new azuread.ApplicationFederatedIdentityCredential(
                    `${name}-fic-${s.name}`,
                    {
                        applicationId: this.application.id,
                        displayName: s.name,
                        description: `GitHub Actions: ${s.subject}`,
                        audiences: [ENTRA_AUDIENCE],
                        issuer: GITHUB_ISSUER,
                        subject: s.subject,
                    },
                    { parent: this },
                ),
        );

        const graphRoles = args.graphAppRoles ?? [];
        if (graphRoles.length > 0 && args.graphServicePrincipalId === undefined) {
            throw new pulumi.ResourceError(`${name}: graphAppRoles need graphServicePrincipalId`, this);
        }
        // An app role assignment to the Graph service principal IS the admin consent for an application permission
        // (learn.microsoft.com/graph/permissions-grant-via-msgraph, "Grant an app role assignment for a client
        // service principal"); whoever runs `pulumi up` on the platform needs the right to grant it.
        this.graphAssignments = graphRoles.map(
            (r) =>
                new azuread.AppRoleAssignment(
                    `${name}-graph-${r.name}`,
                    {
                        appRoleId: r.id,
                        principalObjectId: this.servicePrincipal.objectId,
                        resourceObjectId: args.graphServicePrincipalId as pulumi.Input<string>,
                    },
                    { parent: this },
                ),
        );

        if ((args.grants ?? []).length > 0 && args.subscriptionId === undefined) {
            throw new pulumi.ResourceError(`${name}: grants need subscriptionId`, this);
        }
        this.grants = (args.grants ?? []).map((g) =>
            grant(
                `${name}-${g.key}`,
                {
                    principal: {
                        id: this.servicePrincipal.objectId,
                        kind: "ServicePrincipal",
                        label: args.displayName,
                    },
                    role: g.role,
                    scope: g.scope,
                    scopeLabel: g.scopeLabel,
                    reason: g.reason,
                    subscriptionId: args.subscriptionId as pulumi.Input<string>,
                    ...(g.condition !== undefined ? { condition: g.condition } : {}),
                    ...(g.platformDeployer === true ? { platformDeployer: true } : {}),
                },
                { parent: this },
            ),
        );

        this.registerOutputs({
            clientId: this.clientId,
            objectId: this.objectId,
            [GRANTS_OUTPUT]: this.grants.map((g) => g.record),
        });
    }
}
