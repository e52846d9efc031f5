/**
 * Machine Learning built-ins (lib/exemptions.ts BUILTIN), conditions restated from Azure/azure-policy
 * built-in-policies/policyDefinitions/Machine Learning/*.json.
 */
import { Workspace } from "@pulumi/azure-native/machinelearningservices";
import { BUILTIN } from "../../../lib/exemptions";
import { builtinSettingsRule } from "../kit/builtin";
import { MUST } from "../kit";

/** Workspace_UAIEnabled_Audit: primaryUserAssignedIdentity exists and is not "". */
export default builtinSettingsRule(Workspace, {
    definition: BUILTIN.workspaceUserAssignedIdentity,
    name: "builtin-workspace-user-assigned-identity",
    description: "primaryUserAssignedIdentity set (a user-assigned identity on the workspace).",
    settings: {
        primaryUserAssignedIdentity: MUST.set,
    },
});
