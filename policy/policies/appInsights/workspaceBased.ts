import { Component } from "@pulumi/azure-native/applicationinsights";
import { MUST, settingsRule } from "../kit";

export default settingsRule(Component, {
    id: "AI-01",
    name: "app-insights-workspace-based",
    level: "baseline",
    description:
        "Application Insights is workspace-based (else Azure links a managed workspace and every preview drifts).",
    source: "Azure Policy d550e854; PSRule Azure.AppInsights.Workspace",
    // The Log Analytics workspace's id, unknown in a first preview when the workspace is new: decided then from the
    // resource it comes from (kit `linked`, first-preview-linked-inputs).
    linked: ["workspaceResourceId"],
    settings: {
        workspaceResourceId: MUST.set,
    },
});
