/**
 * Cost and deletion safeguards of a stamp (pure: no resources, no clock reads; callers pass the instant from
 * lib/clock.ts): the budget's notifications and start date, and the management locks of a production stamp.
 *
 * Budget facts, from the Microsoft.Consumption budgets API 2024-08-01 as @pulumi/azure-native 3.28 consumption/budget.d.ts
 * and types/input.d.ts `consumption.NotificationArgs` carry it (Azure/azure-rest-api-specs specification/consumption):
 * "The start date must be first of the month and should be less than the end date ... Future start date should not be
 * more than twelve months. Past start date should be selected within the timegrain period"; no end date: "we default
 * this to 10 years from the start date"; "Budget can have up to five notifications"; a threshold "is always percent and
 * has to be between 0 and 1000"; "Must have at least one contact email or contact group specified at the Subscription or
 * Resource Group scopes"; contact groups are action group ids, "Only supported at Subscription or Resource Group scopes".
 */

/** The notifications every stamp's budget sends: actual 80 % and 100 %, forecast 100 %. */
export const BUDGET_NOTIFICATIONS = [
    { key: "actual-80", thresholdType: "Actual", threshold: 80 },
    { key: "actual-100", thresholdType: "Actual", threshold: 100 },
    { key: "forecast-100", thresholdType: "Forecasted", threshold: 100 },
] as const;

/** The roles a budget notification may go to (`contactRoles`): the RBAC roles the Cost Management portal offers. */
export const BUDGET_CONTACT_ROLES = ["Owner", "Contributor", "Reader"] as const;
export type BudgetContactRole = (typeof BUDGET_CONTACT_ROLES)[number];

/**
 * The budget's start date: the first of `at`'s UTC month. Azure refuses a past start date outside the current period
 * and any later change of the start date ("Start date of budgets cannot be updated. Please delete and create a new
 * budget": Azure/CanadaPubSecALZ#317, Azure/azure-quickstart-templates#7095), so the component sends it only at
 * creation and ignores it afterwards (components/budget.ts `ignoreChanges`): the engine diffs the state's value, and
 * a preview in a later month shows no change.
 */
export function budgetStartDate(at: Date): string {
    return `${at.toISOString().slice(0, 7)}-01T00:00:00Z`;
}

/** The Azure name of a stamp's budget (unique per scope: one budget per resource group). */
export function budgetName(team: string, environment: string): string {
    return `aml-stamp-${team}-${environment}`;
}

/** The resources a production stamp locks, by key: the workspace and the data it depends on. */
export const LOCKED_RESOURCES = ["workspace", "storage", "keyVault"] as const;
export type LockedResource = (typeof LOCKED_RESOURCES)[number];

/** What each lock's notes say (at most 512 characters: ManagementLockByScopeArgs `notes`). */
export function lockNotes(stamp: string): string {
    return `aml-stamp ${stamp}: production data. Deleting it is a two-step procedure (docs/locks.md): remove the lock through the stack (locks.enabled: false with a reason), then destroy.`;
}

/** The lock's name on its resource: one per resource, stable (at most 260 characters, none of < > % & : \ ? /). */
export const LOCK_NAME = "aml-stamp-cannot-delete";
