/**
 * Container Registry built-in (lib/exemptions.ts BUILTIN), existence condition restated from Azure/azure-policy
 * built-in-policies/policyDefinitions/Monitoring/DS_LA_containerregistry-registries_DINE.json (56288eb2, "Enable
 * logging by category group for Container registries ... to Log Analytics", categoryGroup default "audit"): a setting
 * of the registry (any name) with exactly one {categoryGroup: audit, enabled: true}, exactly one {categoryGroup:
 * allLogs, enabled: false} and workspaceId = its logAnalytics. There is no "resource logs should be enabled" Audit
 * definition for registries.
 */
import { DiagnosticSetting } from "@pulumi/azure-native/monitor";
import { BUILTIN } from "../../../lib/exemptions";
import { builtinResourceRule } from "../kit/builtin";
import { auditGroupProblems, watches, workspaceProblem } from "../kit/diagnostics";

export default builtinResourceRule(DiagnosticSetting, {
    definition: BUILTIN.registryDiagnosticsDine,
    name: "builtin-registry-diagnostics-audit-group",
    linked: ["resourceUri", "workspaceId"],
    description:
        "a registry diagnostic setting with category group audit enabled and allLogs disabled (the DINE's template) to the assigned Log Analytics workspace.",
    check: (props, report) => {
        if (!watches(props["resourceUri"], /\/providers\/Microsoft\.ContainerRegistry\/registries\/[^/]+$/i)) return;
        for (const p of auditGroupProblems(props["logs"])) report(p);
        const ws = workspaceProblem(props["workspaceId"]);
        if (ws !== undefined) report(ws);
    },
});
