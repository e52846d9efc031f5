import { Component } from "@pulumi/azure-native/applicationinsights";
import { MUST, settingsRule } from "../kit";

export default settingsRule(Component, {
    id: "AI-02",
    name: "app-insights-no-local-auth",
    level: "hardened",
    description: "Application Insights accepts only Entra-authenticated ingestion.",
    source: "Azure Policy 199d5677",
    settings: {
        disableLocalAuth: MUST.be(true),
    },
});
