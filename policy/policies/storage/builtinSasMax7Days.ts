/**
 * Storage built-ins (lib/exemptions.ts BUILTIN). Conditions restated from Azure/azure-policy
 * built-in-policies/policyDefinitions/Storage/*.json (policyRule.if); Azure Policy compares strings case-insensitively.
 */
import { StorageAccount } from "@pulumi/azure-native/storage";
import { BUILTIN } from "../../../lib/exemptions";
import { builtinResourceRule } from "../kit/builtin";
import { expectAt, get, MUST, show } from "../kit";

/**
 * The SAS expiration period `d.hh:mm:ss` as the definition reads it: split on ':' and '.', so "7.00:00:00" is
 * [7, 0, 0, 0]. Returns the parts, or undefined when the value is not of that shape.
 */
export function sasPeriodParts(period: unknown): number[] | undefined {
    if (typeof period !== "string" || !/^\d+\.\d{2}:\d{2}:\d{2}$/.test(period)) return undefined;
    return period.split(/[:.]/).map((p) => Number.parseInt(p, 10));
}

/**
 * EnforceStorageSasMaxExpiration7Days_Deny: sasPolicy and sasPolicy.sasExpirationPeriod exist, the day part is at
 * most 7 (exactly 7 only with hh:mm:ss all 0), and sasPolicy.expirationAction exists and equals "Block".
 */
export default builtinResourceRule(StorageAccount, {
    definition: BUILTIN.storageSas7Days,
    name: "builtin-storage-sas-max-7-days",
    description: 'sasPolicy.sasExpirationPeriod at most "7.00:00:00" and sasPolicy.expirationAction "Block".',
    check: (props, report) => {
        const period = get(props, "sasPolicy.sasExpirationPeriod");
        const parts = sasPeriodParts(period);
        const days = parts?.[0] ?? 99;
        const tooLong = days > 7 || (days === 7 && parts !== undefined && parts.slice(1).some((p) => p !== 0));
        if (parts === undefined || tooLong) {
            report(`sasPolicy.sasExpirationPeriod must be at most 7.00:00:00; found ${show(period)}`);
        }
        expectAt(props, "sasPolicy.expirationAction", MUST.text("Block"), report);
    },
});
