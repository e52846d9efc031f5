import { dependsVia, get, stackPolicy, T } from "../kit";

interface LogSetting {
    enabled?: unknown;
}

/**
 * A stack policy sees outputs only: a diagnostic setting's `resourceUri` is a URL-only input that azure-native does
 * not return (the SDK class declares no such output), so the setting is tied to its workspace through the engine's
 * `propertyDependencies.resourceUri` (the program passes `workspace.id`). `logs` and `workspaceId` are outputs; a
 * `workspaceId` that comes from a resource of the stack is accepted through its property dependency, because its
 * value is unknown during a preview (reading an unknown makes @pulumi/policy report "can't run during preview").
 */
export default stackPolicy({
    id: "WS-06",
    name: "workspace-diagnostics",
    level: "hardened",
    description: "Each Azure ML workspace sends its logs to Log Analytics through a diagnostic setting.",
    source: "Azure Policy afe0c3be",
    check: (resources, report) => {
        const settings = resources.filter((r) => {
            if (r.type !== T.diagnostics) return false;
            const logs = (get(r.props, "logs") as LogSetting[] | undefined) ?? [];
            if (!logs.some((l) => l.enabled === true)) return false;
            // A Log Analytics workspace of this stack (its id is unknown during a preview), or a given id.
            if ((r.propertyDependencies["workspaceId"] ?? []).length > 0) return true;
            const workspaceId = r.props["workspaceId"];
            return typeof workspaceId === "string" && workspaceId !== "";
        });
        for (const ws of resources.filter((r) => r.type === T.workspace)) {
            if (!settings.some((s) => dependsVia(s, "resourceUri", ws))) {
                report(
                    `${ws.name}: no diagnostic setting of this workspace (resourceUri: the workspace's id) sends its logs (logs[].enabled, workspaceId) to Log Analytics`,
                    ws.urn,
                );
            }
        }
    },
});
