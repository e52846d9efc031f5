import * as pulumi from "@pulumi/pulumi";
import * as azuread from "@pulumi/azuread";

/** Arguments of {@link ConditionalAccess}. */
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
 * `enforce`. Needs Entra ID P1 and Conditional Access Administrator rights for the deploying identity: opt-in.
 */
export class ConditionalAccess extends pulumi.ComponentResource {
    readonly policy: azuread.ConditionalAccessPolicy;

    constructor(name: string, args: ConditionalAccessArgs, opts?: pulumi.ComponentResourceOptions) {
        super("amlstamp:access:ConditionalAccess", name, {}, opts);
        const controls = [
            ...((args.requireMfa ?? true) ? ["mfa"] : []),
            ...((args.requireCompliantDevice ?? false) ? ["compliantDevice"] : []),
        ];
        if (controls.length === 0)
            throw new pulumi.ResourceError("conditional access needs MFA or a compliant device (or both)", this);
        if (args.groups.length === 0)
            throw new pulumi.ResourceError("conditional access needs at least one group", this);
        if (args.applications.length === 0)
            throw new pulumi.ResourceError("conditional access needs at least one application", this);

        this.policy = new azuread.ConditionalAccessPolicy(
            `${name}-ca`,
            {
                displayName: args.displayName,
                state: (args.enforce ?? false) ? "enabled" : REPORT_ONLY,
                conditions: {
                    clientAppTypes: ["all"],
                    applications: { includedApplications: [...args.applications] },
                    users: { includedGroups: [...args.groups] },
                },
                grantControls: { operator: args.operator ?? "OR", builtInControls: controls },
            },
            { parent: this },
        );
        this.registerOutputs({ policyId: this.policy.id });
    }
}
