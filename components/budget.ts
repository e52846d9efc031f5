import * as pulumi from "@pulumi/pulumi";
import * as consumption from "@pulumi/azure-native/consumption";
import { BUDGET_NOTIFICATIONS, type BudgetContactRole } from "../lib/safeguards";

/** Arguments of {@link Budget}. */
export interface BudgetArgs {
    /** ARM id of the scope the budget tracks: the stamp's resource group. Required. */
    scope: pulumi.Input<string>;
    /** Azure name of the budget (lib/safeguards.ts budgetName). Required. */
    budgetName: string;
    /** Monthly amount in the billing currency (> 0; config/guardrails.ts caps it). Required. */
    amount: number;
    /** First of a month, `YYYY-MM-01T00:00:00Z` (lib/safeguards.ts budgetStartDate). Sent only at creation. Required. */
    startDate: string;
    /** E-mail addresses notified. Default: none (then `contactGroups` must name one). */
    contactEmails?: readonly string[];
    /** Action group ARM ids notified. Default: none. */
    contactGroups?: readonly string[];
    /** RBAC roles at the scope whose holders are notified. Default: none. */
    contactRoles?: readonly BudgetContactRole[];
}

/**
 * amlstamp:cost:Budget — the stamp's monthly Azure Consumption budget on its resource group, with the notifications of
 * lib/safeguards.ts BUDGET_NOTIFICATIONS (actual 80 % and 100 %, forecast 100 %). A budget alerts; it never stops
 * spend (docs/budgets.md).
 *
 * The start date is sent at creation only: Azure refuses a later change of it (lib/safeguards.ts budgetStartDate), so
 * `ignoreChanges` keeps the state's value and a preview in a later month diffs nothing there. The operator is
 * GreaterThan, "the recommended OperatorType while configuring Budget Alert" (azure-native consumption OperatorType).
 */
export class Budget extends pulumi.ComponentResource {
    readonly budget: consumption.Budget;

    constructor(name: string, args: BudgetArgs, opts?: pulumi.ComponentResourceOptions) {
        super("amlstamp:cost:Budget", name, {}, opts);
        const emails = [...(args.contactEmails ?? [])];
        const groups = [...(args.contactGroups ?? [])];
        const roles = [...(args.contactRoles ?? [])];
        this.budget = new consumption.Budget(
            `${name}-budget`,
            {
                scope: args.scope,
                budgetName: args.budgetName,
                amount: args.amount,
                category: consumption.CategoryType.Cost,
                timeGrain: consumption.TimeGrainType.Monthly,
                timePeriod: { startDate: args.startDate },
                notifications: Object.fromEntries(
                    BUDGET_NOTIFICATIONS.map((n) => [
                        n.key,
                        {
                            enabled: true,
                            operator: consumption.OperatorType.GreaterThan,
                            threshold: n.threshold,
                            thresholdType: n.thresholdType,
                            contactEmails: emails,
                            ...(groups.length > 0 ? { contactGroups: groups } : {}),
                            ...(roles.length > 0 ? { contactRoles: roles } : {}),
                        },
                    ]),
                ),
            },
            { parent: this, ignoreChanges: ["timePeriod.startDate"] },
        );
        this.registerOutputs({ budgetId: this.budget.id });
    }
}
