/**
 * The aml-stamp CrossGuard policy pack: `pulumi preview --policy-pack policy` (docs/policy.md). The rules live one
 * per file under policies/; the offline plan runs the same rules (offline/policies.ts).
 */
import { PolicyPack } from "@pulumi/policy";
import { ALL_RULES } from "./policies";

new PolicyPack("aml-stamp", {
    description:
        "Security baseline of aml-stamp: Baseline rows mandatory, Hardened rows advisory (mandatory in production).",
    provider: "azure",
    policies: ALL_RULES.map((r) => r.policy),
});
