/**
 * The README's deployer-rights section, generated from the platform's rules (lib/platform.ts; tests/platform.spec.ts
 * keeps the README equal to it): what the platform grants each CI identity, and what its deploy identity may assign.
 */
import { CONDITION_VERSION } from "../lib/abac";
import { LOCK_WRITER_REASON, LOCK_WRITER_ROLE } from "../lib/customRoles";
import {
    CI_AZURE_ROLES,
    ciScopeLabel,
    deployerConditionReadable,
    graphAppRoles,
    POLICY_EXEMPTION_REASON,
    POLICY_EXEMPTION_ROLE,
} from "../lib/platform";

export function deployerRightsMarkdown(): string {
    const lines: string[] = [];
    for (const identity of ["preview", "deploy"] as const) {
        const variable = identity === "preview" ? "AZURE_PREVIEW_CLIENT_ID" : "AZURE_DEPLOY_CLIENT_ID";
        lines.push(`- **${identity}** identity (\`${variable}\`), federated credentials only:`);
        for (const r of CI_AZURE_ROLES[identity]) {
            const extra = r.conditioned === true ? ", with the ABAC condition below" : "";
            lines.push(`  - ${r.role.name} on the ${ciScopeLabel(r.scope)}${extra}: ${r.reason}.`);
        }
        if (identity === "deploy") {
            lines.push(
                `  - ${POLICY_EXEMPTION_ROLE.title} (custom: ${POLICY_EXEMPTION_ROLE.actions.map((a) => `\`${a}\``).join(", ")}) on the subscription, only when \`platform/guardrails.yaml\` allows policy exemptions: ${POLICY_EXEMPTION_REASON.replace(/ \(only when [^)]*\)/, "")}.`,
                `  - ${LOCK_WRITER_ROLE.title} (custom: ${LOCK_WRITER_ROLE.actions.map((a) => `\`${a}\``).join(", ")}) on the subscription: ${LOCK_WRITER_REASON}.`,
            );
        }
        const graph = graphAppRoles(identity, false);
        const ca = graphAppRoles(identity, true).filter((g) => !graph.includes(g));
        lines.push(
            `  - Microsoft Graph application permissions: ${graph.map((g) => `${g.name} (\`${g.id}\`)`).join(", ")}` +
                (ca.length > 0
                    ? `; and ${ca.map((g) => `${g.name} (\`${g.id}\`)`).join(", ")} only when \`platform/guardrails.yaml\` allows Conditional Access.`
                    : "."),
        );
    }
    lines.push(
        `- The deploy identity's ABAC condition (\`conditionVersion\` ${CONDITION_VERSION}): ${deployerConditionReadable()
            .replace(/^ABAC condition [0-9.]+: /, "")
            .replace(/^c/, "C")}.`,
    );
    return lines.join("\n");
}
