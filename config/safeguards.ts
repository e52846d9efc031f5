import { z } from "zod";
import { GUID_PATTERN } from "../lib/guid";
import { BUDGET_CONTACT_ROLES } from "../lib/safeguards";
import { wholeNumber } from "./numbers";
import { type ConfigSection, type KeyDocs, prose, type SectionProblem } from "./section";

/**
 * `budget` and `locks`: what a stamp may cost each month and who hears about it (an Azure Consumption budget at the
 * resource group, components/budget.ts), and the CanNotDelete locks of a production stamp's workspace, storage
 * account and key vault (components/locks.ts). The platform's guardrails cap the amount and may require a budget,
 * and decide whether a production stack may opt out of its locks (config/guardrails.ts). docs/budgets.md,
 * docs/locks.md.
 */

const ACTION_GROUP_RULE =
    "must be an action group's ARM id: /subscriptions/<subscription id>/resourceGroups/<group>/providers/microsoft.insights/actionGroups/<name>";
const ACTION_GROUP_ID = new RegExp(
    `^/subscriptions/${GUID_PATTERN}/resourceGroups/[-\\w._()]+/providers/microsoft\\.insights/actionGroups/[^/]+$`,
    "i",
);
/** Text of at least 10 characters saying why (shown in the plan), like onlineEndpoints' authModeReason. */
const REASON_MIN = 10;

export const safeguardsKeys = {
    budget: z.strictObject(
        {
            // Whole currency units: the platform's caps are, and an alert at 80 % needs no cents.
            amount: wholeNumber({ min: 0, unit: "currency units per month (the billing currency; 0: no budget)" }),
            contactEmails: z
                .array(z.email({ error: "must be an e-mail address" }), { error: "must be a list of e-mail addresses" })
                .default([]),
            contactGroups: z
                .array(z.string().regex(ACTION_GROUP_ID, { error: ACTION_GROUP_RULE }), {
                    error: "must be a list of action group ids",
                })
                .default([]),
            contactRoles: z
                .array(z.enum(BUDGET_CONTACT_ROLES, { error: `must be one of ${BUDGET_CONTACT_ROLES.join(", ")}` }), {
                    error: `must be a list of roles (${BUDGET_CONTACT_ROLES.join(", ")})`,
                })
                .default([]),
        },
        { error: "must be {amount, contactEmails: [...], contactGroups: [...], contactRoles: [...]}" },
    ),
    locks: z.strictObject(
        {
            enabled: z.boolean({ error: "must be true or false" }).default(true),
            reason: z.string({ error: "must be text: why this production stack has no locks" }).default(""),
        },
        { error: "must be {enabled: true | false, reason: <why, when enabled is false>}" },
    ),
};

/** Each key's description and top-level default (config/section.ts KeyDocs). */
export const safeguardsDocs: KeyDocs<typeof safeguardsKeys> = {
    budget: {
        description: prose`
            The stamp's monthly Azure Consumption budget at its resource group (docs/budgets.md): amount (in the
            billing currency; 0, the default: no budget) and who is notified at actual 80 % and 100 % and forecast
            100 %: contactEmails, contactGroups (action group ids) and optionally contactRoles (Owner, Contributor,
            Reader). A budget needs at least one e-mail or action group. The platform caps the amount per environment
            kind and may require a budget (platform/guardrails.yaml budget). A budget alerts; it does not stop spend.`,
        default: { amount: 0, contactEmails: [], contactGroups: [], contactRoles: [] },
    },
    locks: {
        description: prose`
            Production stacks put CanNotDelete management locks on the workspace, its storage account and key vault
            (docs/locks.md). {enabled: false, reason: <why>} opts a production stack out, when the platform allows it
            (platform/guardrails.yaml locks.optOutAllowed); the plan shows the reason. No effect elsewhere.`,
        default: { enabled: true, reason: "" },
    },
};

export const safeguardsSection: ConfigSection<typeof safeguardsKeys> = {
    keys: safeguardsKeys,
    docs: safeguardsDocs,
    check: (cfg) => {
        const problems: SectionProblem[] = [];
        const b = cfg.budget;
        const contacts = b.contactEmails.length + b.contactGroups.length;
        if (b.amount > 0 && contacts === 0) {
            problems.push({
                key: "budget.contactEmails",
                value: b.contactEmails,
                message:
                    "a budget needs at least one contact e-mail or action group (contactGroups): Azure requires one at a resource group scope (Microsoft.Consumption budgets, notification contactEmails), and contactRoles alone do not count",
            });
        }
        if (b.amount === 0 && (contacts > 0 || b.contactRoles.length > 0)) {
            problems.push({
                key: "budget.amount",
                value: 0,
                message:
                    "is 0 (no budget), so the contacts have no effect: set the monthly amount, or remove the contacts",
            });
        }
        const l = cfg.locks;
        const production = cfg["production"] === true;
        if (!l.enabled && !production) {
            problems.push({
                key: "locks.enabled",
                value: false,
                message: "has no effect: only production stacks are locked. Remove locks from this stack file",
            });
        } else if (!l.enabled && l.reason.trim().length < REASON_MIN) {
            problems.push({
                key: "locks.reason",
                value: l.reason,
                message: `required when locks.enabled is false: say why this production stack has no CanNotDelete locks, in at least ${REASON_MIN} characters (the plan shows it)`,
            });
        }
        if (l.enabled && l.reason !== "") {
            problems.push({
                key: "locks.reason",
                value: l.reason,
                message: "has no effect while locks.enabled is true: remove it, or set enabled: false",
            });
        }
        return problems;
    },
};
