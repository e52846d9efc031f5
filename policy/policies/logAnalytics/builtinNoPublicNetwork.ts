/**
 * Log Analytics built-in (lib/exemptions.ts BUILTIN), condition restated from Azure/azure-policy
 * built-in-policies/policyDefinitions/Monitoring/LogAnalyticsWorkspaces_NetworkAccessEnabled_Deny.json (6c53d030):
 * publicNetworkAccessForIngestion or publicNetworkAccessForQuery notEquals "disabled". The Modify twin
 * (…_Modify.json, d3ba9c42) has the same condition and sets both to "Disabled".
 */
import { Workspace } from "@pulumi/azure-native/operationalinsights";
import { BUILTIN } from "../../../lib/exemptions";
import { builtinSettingsRule } from "../kit/builtin";
import { MUST } from "../kit";

export default builtinSettingsRule(Workspace, {
    definition: BUILTIN.logAnalyticsNetwork,
    name: "builtin-log-analytics-no-public-network",
    description:
        'publicNetworkAccessForIngestion and publicNetworkAccessForQuery "Disabled" (the platform\'s Azure Monitor Private Link Scope carries the traffic; the Modify twin d3ba9c42 would set both).',
    settings: {
        publicNetworkAccessForIngestion: MUST.text("Disabled"),
        publicNetworkAccessForQuery: MUST.text("Disabled"),
    },
});
