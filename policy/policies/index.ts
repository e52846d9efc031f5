/**
 * Every rule of the pack, from the one list in rules.ts. The CrossGuard pack (policy/index.ts) and the offline plan
 * (offline/policies.ts) both take their policies from here. Importing this module starts nothing.
 */
import type { Rule } from "./kit";
import * as LIST from "./rules";
import {
    hardenedInProduction,
    hardenedResourcesInProduction,
    linkedInputsInPreview,
} from "./production/hardenedInProduction";

/**
 * The rules in list order: a CommonJS module's exports are defined in source order (TypeScript emits one
 * `Object.defineProperty(exports, …)` per `export … from`, in order) and Object.values keeps insertion order.
 */
const RULES: readonly Rule[] = Object.values(LIST);

/**
 * All rules, plus the production escalation of the Hardened ones (a resource half and a stack half) and the stack half
 * of the rules with inputs linked to new resources (first-preview-linked-inputs).
 */
export const ALL_RULES: readonly Rule[] = [
    ...RULES,
    hardenedResourcesInProduction(RULES),
    hardenedInProduction(RULES),
    linkedInputsInPreview(RULES),
];
