import { Component } from "@pulumi/azure-native/applicationinsights";
import { get, resourceRule, show } from "../kit";

export default resourceRule(Component, {
    id: "AI-02",
    name: "app-insights-no-local-auth",
    level: "hardened",
    description: "Application Insights accepts only Entra-authenticated ingestion.",
    source: "Azure Policy 199d5677",
    check: (props, report) => {
        const value = get(props, "disableLocalAuth");
        if (value !== true) report(`disableLocalAuth must be true, set explicitly; found ${show(value)}`);
    },
});
