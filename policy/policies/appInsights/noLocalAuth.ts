import { Component } from "@pulumi/azure-native/applicationinsights";
import { expectAt, MUST, resourceRule } from "../kit";

export default resourceRule(Component, {
    id: "AI-02",
    name: "app-insights-no-local-auth",
    level: "hardened",
    description: "Application Insights accepts only Entra-authenticated ingestion.",
    source: "Azure Policy 199d5677",
    check: (props, report) => {
        expectAt(props, "disableLocalAuth", MUST.be(true), report);
    },
});
