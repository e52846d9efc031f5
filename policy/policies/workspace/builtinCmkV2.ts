/**
 * Machine Learning built-ins (lib/exemptions.ts BUILTIN), conditions restated from Azure/azure-policy
 * built-in-policies/policyDefinitions/Machine Learning/*.json.
 */
import { Workspace } from "@pulumi/azure-native/machinelearningservices";
import { BUILTIN } from "../../../lib/exemptions";
import { builtinResourceRule } from "../kit/builtin";
import { expectAt, MUST, sameText } from "../kit";

/** Workspace_CMKEnabled_Audit_V2 (AuditIfNotExists): kind not "project" and encryption.status "Enabled". */
export default builtinResourceRule(Workspace, {
    definition: BUILTIN.workspaceCmkV2,
    name: "builtin-workspace-cmk-v2",
    description: 'encryption.status "Enabled" (workspaces other than kind project).',
    check: (props, report) => {
        if (sameText(props["kind"], "project")) return;
        expectAt(props, "encryption.status", MUST.text("Enabled"), report);
    },
});
