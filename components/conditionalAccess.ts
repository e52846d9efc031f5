import * as pulumi from "@pulumi/pulumi";
import * as azuread from "@pulumi/azuread";
import { CONDITIONAL_ACCESS_DEFAULTS } from "../lib/defaults";

/** Arguments of {@link ConditionalAccess}. Each default is CONDITIONAL_ACCESS_DEFAULTS (lib/defaults.ts). */
export interface ConditionalAccessArgs {
    /** Display name of the policy in Entra. Required. */
    displayName: string;
    /** Entra group object ids the policy applies to (the team's groups). Required, at least one. */
    groups: readonly string[];
    /** Application (client) ids the policy targets. Required, at least one (config defaults them; docs/access.md). */
    applications: readonly string[];
    /** Require multi-factor authentication. Default: true. */
    requireMfa?: boolean;
    /** Require a device marked compliant (Intune). Default: false. */
    requireCompliantDevice?: boolean;
    /** How the controls combine: OR (either) or AND (all). Default: "OR". */
    operator?: "OR" | "AND";
    /** Enforce the policy. Default: false, i.e. report-only (`enabledForReportingButNotEnforced`). */
    enforce?: boolean;
}

/** Entra's state for a policy that is evaluated and logged but never blocks a sign-in. */
export const REPORT_ONLY = "enabledForReportingButNotEnforced";

/**
 * An Entra Conditional Access policy for the team's groups signing in to Azure ML (studio, AI Studio, and the Azure
 * Machine Learning API used by the SDK and CLI), requiring MFA and/or a compliant device. Report-only unless
 * `enforce`. Opt-in: it needs Conditional Access Administrator rights for the deploying identity, and Microsoft's
 * Azure ML page names Microsoft Entra ID P2 for it (docs/access.md).
 *
 * Every targeted application needs a service principal in the tenant: "Before adding the conditional access policy,
 * verify that the application ID is listed in the Enterprise applications ... If no entry appears, ... create a
 * service principal for the application ID" (MicrosoftDocs/azure-ai-docs articles/machine-learning/
 * how-to-setup-authentication.md, "Check for service principal"). The component looks the targets up
 * (getServicePrincipals with `ignoreMissing`: missing ones are skipped, hashicorp/terraform-provider-azuread
 * service_principals_data_source.go) and declares a service principal only for those the tenant lacks, before the
 * policy. It does not use `useExisting`: on an existing service principal the provider then runs its update, which
 * PATCHes accountEnabled, appRoleAssignmentRequired, tags, description and notes to this program's values
 * (service_principal_resource.go, create → servicePrincipalResourceUpdate), i.e. it would rewrite the tenant's
 * settings of a Microsoft first-party app. `retainOnDelete`: Pulumi never deletes one, neither on destroy nor when
 * the next run finds it present and stops declaring it (it then only leaves the stack's state).
 */
export class ConditionalAccess extends pulumi.ComponentResource {
    readonly policy: azuread.ConditionalAccessPolicy;
    /** Service principals this run creates for targeted applications the tenant lacked (by application id). */
    readonly createdServicePrincipals: pulumi.Output<string[]>;

    constructor(name: string, args: ConditionalAccessArgs, opts?: pulumi.ComponentResourceOptions) {
        super("amlstamp:access:ConditionalAccess", name, {}, opts);
        const controls = [
            ...((args.requireMfa ?? CONDITIONAL_ACCESS_DEFAULTS.requireMfa) ? ["mfa"] : []),
            ...((args.requireCompliantDevice ?? CONDITIONAL_ACCESS_DEFAULTS.requireCompliantDevice)
                ? ["compliantDevice"]
                : []),
        ];
        if (controls.length === 0)
            throw new pulumi.ResourceError("conditional access needs MFA or a compliant device (or both)", this);
        if (args.groups.length === 0)
            throw new pulumi.ResourceError("conditional access needs at least one group", this);
        if (args.applications.length === 0)
            throw new pulumi.ResourceError("conditional access needs at least one application", this);

        const applications = [...args.applications];
        const created: Promise<azuread.ServicePrincipal[]> = azuread
            .getServicePrincipals({ clientIds: applications, ignoreMissing: true }, { parent: this })
            .then((found) => {
                const present = new Set((found.clientIds ?? []).map((id) => id.toLowerCase()));
                return applications
                    .filter((appId) => !present.has(appId.toLowerCase()))
                    .map(
                        (appId) =>
                            new azuread.ServicePrincipal(
                                `${name}-sp-${appId}`,
                                { clientId: appId },
                                { parent: this, retainOnDelete: true },
                            ),
                    );
            });
        this.createdServicePrincipals = pulumi.output(
            created.then((sps) => pulumi.all(sps.map((sp) => sp.clientId))),
        ) as pulumi.Output<string[]>;

        this.policy = new azuread.ConditionalAccessPolicy(
            `${name}-ca`,
            {
                displayName: args.displayName,
                state: (args.enforce ?? CONDITIONAL_ACCESS_DEFAULTS.enforce) ? "enabled" : REPORT_ONLY,
                conditions: {
                    clientAppTypes: ["all"],
                    applications: { includedApplications: applications },
                    users: { includedGroups: [...args.groups] },
                },
                grantControls: {
                    operator: args.operator ?? CONDITIONAL_ACCESS_DEFAULTS.operator,
                    builtInControls: controls,
                },
            },
            // After the service principals exist: a policy cannot target an application the tenant does not have.
            { parent: this, dependsOn: created },
        );
        this.registerOutputs({ policyId: this.policy.id, createdServicePrincipals: this.createdServicePrincipals });
    }
}
