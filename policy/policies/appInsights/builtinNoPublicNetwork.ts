/**
 * Application Insights built-in (lib/exemptions.ts BUILTIN), condition restated from Azure/azure-policy
 * built-in-policies/policyDefinitions/Monitoring/ApplicationInsightsComponents_NetworkAccessEnabled_Deny.json; the
 * Modify twin (…_Modify.json, dddfa1af) has the same condition and sets both properties to "Disabled".
 */
import { Component } from "@pulumi/azure-native/applicationinsights";
import { BUILTIN } from "../../../lib/exemptions";
import { builtinSettingsRule } from "../kit/builtin";
import { MUST } from "../kit";

export default builtinSettingsRule(Component, {
    definition: BUILTIN.insightsNetwork,
    name: "builtin-app-insights-no-public-network",
    description:
        'publicNetworkAccessForIngestion and publicNetworkAccessForQuery "Disabled" (needs an Azure Monitor Private Link Scope; the Modify twin dddfa1af would set both).',
    settings: {
        publicNetworkAccessForIngestion: MUST.text("Disabled"),
        publicNetworkAccessForQuery: MUST.text("Disabled"),
    },
});
