/**
 * Container Registry built-in (lib/exemptions.ts BUILTIN), existence condition restated from Azure/azure-policy
 * built-in-policies/policyDefinitions/Monitoring/DS_LA_containerregistry-registries_DINE.json (56288eb2, "Enable
 * logging by category group for Container registries ... to Log Analytics", categoryGroup default "audit"): a setting
 * of the registry (any name) with exactly one {categoryGroup: audit, enabled: true}, exactly one {categoryGroup:
 * allLogs, enabled: false} and workspaceId = its logAnalytics. There is no "resource logs should be enabled" Audit
 * definition for registries.
 */
import { BUILTIN } from "../../../lib/exemptions";
import { auditGroupRule } from "../kit/diagnostics";

export default auditGroupRule(
    BUILTIN.registryDiagnosticsDine,
    "builtin-registry-diagnostics-audit-group",
    /\/providers\/Microsoft\.ContainerRegistry\/registries\/[^/]+$/i,
    "registry",
);
