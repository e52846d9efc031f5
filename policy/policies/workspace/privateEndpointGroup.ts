import { PrivateEndpoint } from "@pulumi/azure-native/network";
import { resourceRule, show } from "../kit";

interface Connection {
    privateLinkServiceId?: unknown;
    groupIds?: unknown;
}

export default resourceRule(PrivateEndpoint, {
    id: "WS-02",
    name: "workspace-private-endpoint-group",
    level: "hardened",
    description: "A private endpoint to an Azure ML workspace uses the amlworkspace sub-resource.",
    source: "Azure Policy 45e05259",
    // The target's id is unknown in a first preview when the workspace is new: decided then from its type.
    linked: ["privateLinkServiceConnections", "manualPrivateLinkServiceConnections"],
    check: (props, report) => {
        const connections = [
            ...((props["privateLinkServiceConnections"] as Connection[] | undefined) ?? []),
            ...((props["manualPrivateLinkServiceConnections"] as Connection[] | undefined) ?? []),
        ];
        for (const c of connections) {
            const target = typeof c.privateLinkServiceId === "string" ? c.privateLinkServiceId : "";
            if (!/\/providers\/Microsoft\.MachineLearningServices\/workspaces\//i.test(target)) continue;
            const groups = Array.isArray(c.groupIds) ? (c.groupIds as unknown[]) : [];
            if (!groups.some((g) => typeof g === "string" && g.toLowerCase() === "amlworkspace")) {
                report(`groupIds of the connection to ${target} must contain amlworkspace; found ${show(c.groupIds)}`);
            }
        }
    },
});
