import * as pulumi from "@pulumi/pulumi";
import * as authorization from "@pulumi/azure-native/authorization";
import { declarable, type Exemption, type ExemptionTarget } from "../lib/exemptions";

/** Arguments of {@link PolicyExemptions}. */
export interface PolicyExemptionsArgs {
    /** The stack's documented exemptions (lib/exemptions.ts exemptionsFor). Required. */
    exemptions: readonly Exemption[];
    /** ARM id of the policy assignment (of the initiative holding the built-ins) to exempt from. Required. */
    assignmentId: string;
    /**
     * Built-in definition name (GUID) → its policyDefinitionReferenceId in the assigned initiative. An exemption is
     * declared only when every one of its definitions has one here (without reference ids an exemption would cover
     * every policy of the assignment). Default: {} (nothing declared).
     */
    referenceIds?: Readonly<Record<string, string>>;
    /** ARM id of each target resource (computes are exempted through their workspace). Required. */
    scopes: Readonly<Record<ExemptionTarget, pulumi.Input<string>>>;
}

/**
 * The stack's documented exemptions (lib/exemptions.ts) as Azure Policy exemptions: category Waiver, expiring on the
 * review date, scoped to the exempted resource, restricted to the exempted definitions of the assigned initiative
 * (Microsoft.Authorization/policyExemptions: exemptionCategory Waiver | Mitigated, expiresOn, policyAssignmentId,
 * policyDefinitionReferenceIds; azure-native authorization PolicyExemption).
 */
export class PolicyExemptions extends pulumi.ComponentResource {
    /** The exemptions declared, by exemption key. */
    readonly exemptions: Record<string, authorization.PolicyExemption> = {};

    constructor(name: string, args: PolicyExemptionsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("amlstamp:policy:PolicyExemptions", name, {}, opts);
        const refs = args.referenceIds ?? {};
        for (const e of args.exemptions.filter((x) => declarable(x, refs))) {
            this.exemptions[e.key] = new authorization.PolicyExemption(
                `${name}-${e.key}`,
                {
                    // Exemption names: at most 64 characters; the key is short and stable.
                    policyExemptionName: `aml-stamp-${e.key}`,
                    scope: args.scopes[e.target],
                    policyAssignmentId: args.assignmentId,
                    policyDefinitionReferenceIds: e.definitions.map((d) => refs[d.name] as string),
                    exemptionCategory: authorization.ExemptionCategory.Waiver,
                    expiresOn: `${e.reviewBy}T00:00:00Z`,
                    displayName: `aml-stamp ${e.key}`,
                    description: `${e.reason} (${e.definitions.map((d) => d.displayName).join("; ")})`.slice(0, 1024),
                },
                { parent: this },
            );
        }
        this.registerOutputs({ exemptions: Object.keys(this.exemptions) });
    }
}
