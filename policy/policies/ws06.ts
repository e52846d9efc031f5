import { get, stackPolicy, T } from "./kit";

interface LogSetting {
    enabled?: unknown;
}

export default stackPolicy({
    id: "WS-06",
    name: "workspace-diagnostics",
    level: "hardened",
    description: "Each Azure ML workspace sends its logs to Log Analytics through a diagnostic setting.",
    source: "Azure Policy afe0c3be",
    check: (resources, report) => {
        const settings = resources.filter(
            (r) =>
                r.type === T.diagnostics &&
                /\/providers\/Microsoft\.MachineLearningServices\/workspaces\//i.test(
                    String(r.props["resourceUri"] ?? ""),
                ),
        );
        const good = settings.filter((s) => {
            const logs = (get(s.props, "logs") as LogSetting[] | undefined) ?? [];
            const workspaceId = s.props["workspaceId"];
            return typeof workspaceId === "string" && workspaceId !== "" && logs.some((l) => l.enabled === true);
        });
        for (const ws of resources.filter((r) => r.type === T.workspace)) {
            if (good.length === 0) {
                report(
                    `${ws.name}: no diagnostic setting sends the workspace's logs (logs[].enabled, workspaceId) to Log Analytics`,
                    ws.urn,
                );
            }
        }
    },
});
