/**
 * Machine Learning built-ins (lib/exemptions.ts BUILTIN), conditions restated from Azure/azure-policy
 * built-in-policies/policyDefinitions/Machine Learning/*.json.
 */
import { Workspace } from "@pulumi/azure-native/machinelearningservices";
import { BUILTIN } from "../../../lib/exemptions";
import { builtinSettingsRule } from "../kit/builtin";
import { MUST } from "../kit";

/** Workspace_EnableV1LegacyMode_Audit: v1LegacyMode notEquals "true". */
export default builtinSettingsRule(Workspace, {
    definition: BUILTIN.workspaceV1LegacyMode,
    name: "builtin-workspace-v1-legacy-mode",
    description: "v1LegacyMode true (production stacks carry a documented exemption: the v2 managed network is used).",
    settings: { v1LegacyMode: MUST.true },
});
