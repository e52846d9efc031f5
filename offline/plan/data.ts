/**
 * The plan's lines for datastores and connections (components/data.ts): what data the stack reaches, through which
 * identity, with no stored credential. Pure functions over the plan model's `declared` inputs.
 */
import type { PlanModel } from "./model";

const DATASTORE = "azure-native:machinelearningservices:Datastore";
const CONNECTION = "azure-native:machinelearningservices:WorkspaceConnection";

/** One line per datastore and connection; none when the stack declares neither. */
export function dataLines(m: PlanModel): string[] {
    const lines: string[] = [];
    for (const r of m.declared) {
        const i = r.inputs;
        if (r.type === DATASTORE) {
            const container = i["properties.containerName"] ?? i["properties.filesystem"];
            const preview = i["properties.serviceDataAccessAuthIdentity"];
            lines.push(
                `datastore ${String(i["name"])}: ${String(i["properties.datastoreType"])} ${String(i["properties.accountName"])}/${String(container)}, credentials ${String(i["properties.credentials.credentialsType"])} (identity-based)${preview !== undefined && preview !== "None" ? `, studio preview by the workspace identity` : ""}`,
            );
        } else if (r.type === CONNECTION) {
            lines.push(
                `connection ${String(i["connectionName"])}: ${String(i["properties.category"])} ${String(i["properties.target"])}, auth ${String(i["properties.authType"])}${i["properties.useWorkspaceManagedIdentity"] === true ? " (workspace identity)" : ""}`,
            );
        }
    }
    if (lines.length > 0 && m.summary.production) {
        lines.push(
            "each target is reached through a PrivateEndpoint outbound rule of the managed network (docs/data.md)",
        );
    }
    return lines;
}

/** The text plan's block (indented under the summary). */
export function dataText(m: PlanModel): string[] {
    const lines = dataLines(m);
    return lines.length === 0
        ? []
        : ["  data (datastores and connections, no stored secrets):", ...lines.map((l) => `    ${l}`)];
}

/** The Markdown plan's section. */
export function dataMarkdown(m: PlanModel): string[] {
    const lines = dataLines(m);
    return lines.length === 0 ? [] : ["", `### Data (${lines.length})`, ...lines.map((l) => `- ${l}`)];
}
