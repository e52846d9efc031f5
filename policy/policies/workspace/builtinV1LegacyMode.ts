/**
 * Machine Learning built-ins (lib/exemptions.ts BUILTIN), conditions restated from Azure/azure-policy
 * built-in-policies/policyDefinitions/Machine Learning/*.json.
 */
import { Workspace } from "@pulumi/azure-native/machinelearningservices";
import { BUILTIN } from "../../../lib/exemptions";
import { builtinResourceRule } from "../kit/builtin";
import { sameText, show } from "../kit";

/** Workspace_EnableV1LegacyMode_Audit: v1LegacyMode notEquals "true". */
export default builtinResourceRule(Workspace, {
    definition: BUILTIN.workspaceV1LegacyMode,
    name: "builtin-workspace-v1-legacy-mode",
    description: "v1LegacyMode true (production stacks carry a documented exemption: the v2 managed network is used).",
    check: (props, report) => {
        const v = props["v1LegacyMode"];
        if (v !== true && !sameText(v, "true")) report(`v1LegacyMode must be true; found ${show(v)}`);
    },
});
