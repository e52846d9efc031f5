/**
 * `npm run docs:permissions [-- --check]`: writes docs/permissions.md from lib/permissions.ts (the rights of each
 * resource type), lib/platform.ts (what each CI identity holds) and the source itself (which types the team and
 * platform programs can declare). tests/permissions.spec.ts fails when the committed page differs. Importing starts
 * nothing.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { type Command, Exit, type Io, type Options, parseOptions, runMain } from "./cli";
import {
    ALL_OPTIONS,
    ciHoldings,
    type DeclaredType,
    declaredTypes,
    type Holdings,
    missingRights,
    rolesAllowing,
    type SourceFile,
    INVOKE_RIGHTS,
    TYPE_RIGHTS,
    type TypeRights,
} from "../lib/permissions";
import {
    assignableBuiltInRoles,
    CI_AZURE_ROLES,
    ciScopeLabel,
    deployerConditionReadable,
    graphAppRoles,
    POLICY_EXEMPTION_ROLE,
} from "../lib/platform";
import { PRIVILEGED_ROLE_NAMES } from "../lib/roles";
import { LOCK_WRITER_REASON, LOCK_WRITER_ROLE } from "../lib/customRoles";

const ROOT = path.resolve(__dirname, "..");
export const PERMISSIONS_DOC = path.join(ROOT, "docs", "permissions.md");
/** The homes whose .ts files (subfolders too) make up the programs, besides the root's entry points. */
const PROGRAM_HOMES = ["components", "config", "lib", "platform"];

/** The .ts files of `dir` (repository-relative), sorted; with `deep`, those of its subfolders after them. */
function tsFiles(root: string, dir: string, deep: boolean): string[] {
    const entries = fs.readdirSync(path.join(root, dir), { withFileTypes: true });
    const rel = (name: string): string => (dir === "" ? name : `${dir}/${name}`);
    const files = entries
        .filter((e) => e.isFile() && e.name.endsWith(".ts") && !e.name.endsWith(".d.ts"))
        .map((e) => rel(e.name))
        .sort();
    const subdirs = deep
        ? entries
              .filter((e) => e.isDirectory())
              .map((e) => rel(e.name))
              .sort()
        : [];
    return [...files, ...subdirs.flatMap((d) => tsFiles(root, d, true))];
}

/** The programs' source files, repository-relative. */
export function programSources(root: string = ROOT): SourceFile[] {
    return [...tsFiles(root, "", false), ...PROGRAM_HOMES.flatMap((home) => tsFiles(root, home, true))].map((file) => ({
        file,
        text: fs.readFileSync(path.join(root, file), "utf8"),
    }));
}

const cell = (text: string): string => text.replace(/\|/g, "\\|").replace(/\s*\n\s*/g, " ");
const row = (cells: readonly string[]): string => `| ${cells.map(cell).join(" | ")} |`;
const code = (items: readonly string[]): string => items.map((i) => `\`${i}\``).join(", ");

/** Who holds each right of `t` for `op` (role names, or the Graph permissions themselves). */
function heldBy(t: TypeRights, op: "write" | "delete" | "read", h: Holdings): string {
    if (t.plane === "state") return "nothing in Azure";
    const missing = missingRights(t, op, h);
    if (missing.length > 0) return `**not held**: ${code(missing)}`;
    if (t.plane === "graph") return `Graph ${t[op].join(" + ")}`;
    const names = new Set(t[op].flatMap((a) => rolesAllowing(h, a).map((r) => r.name)));
    return [...names].join(" + ");
}

function typeRow(d: DeclaredType): string {
    const t = TYPE_RIGHTS[d.token];
    if (t === undefined) return row([`\`${d.token}\``, "**no entry in lib/permissions.ts**", "", "", "", "", "", ""]);
    const team = d.deployers.includes("team");
    const deploy = ciHoldings("deploy", ALL_OPTIONS);
    const preview = ciHoldings("preview", ALL_OPTIONS);
    const by = team ? "CI deploy" : "administrator (platform)";
    return row([
        `\`${d.token}\``,
        t.resource,
        d.deployers.join(", "),
        t.when,
        t.plane === "state" ? "—" : code(t.write),
        team ? heldBy(t, "write", deploy) : by,
        team ? heldBy(t, "read", preview) : "—",
        t.elsewhere ?? "",
    ]);
}

function holdingsLines(identity: "preview" | "deploy"): string[] {
    const lines = CI_AZURE_ROLES[identity].map(
        (r) =>
            `- ${r.role.name} on the ${ciScopeLabel(r.scope)}${r.conditioned === true ? " (ABAC condition below)" : ""}: ${r.reason}.`,
    );
    if (identity === "deploy") {
        lines.push(
            `- ${POLICY_EXEMPTION_ROLE.title} (custom: ${code(POLICY_EXEMPTION_ROLE.actions)}) on the subscription, only when \`platform/guardrails.yaml\` \`policyExemptions.allowed\`.`,
            `- ${LOCK_WRITER_ROLE.title} (custom: ${code(LOCK_WRITER_ROLE.actions)}) on the subscription: ${LOCK_WRITER_REASON}.`,
        );
    }
    const base = graphAppRoles(identity, false);
    const ca = graphAppRoles(identity, true).filter((g) => !base.includes(g));
    lines.push(
        `- Microsoft Graph: ${base.map((g) => `${g.name} (\`${g.id}\`)`).join(", ")}${ca.length > 0 ? `; with \`conditionalAccess.allowed\` also ${ca.map((g) => `${g.name} (\`${g.id}\`)`).join(", ")}` : ""}.`,
    );
    return lines;
}

/** The state backend roles the CI identities hold that the deploy identity's ABAC condition also lets it assign. */
export function reassignableStateRoles(): string[] {
    const assignable = new Set(assignableBuiltInRoles().map((r) => r.id));
    const state = [...CI_AZURE_ROLES.preview, ...CI_AZURE_ROLES.deploy].filter((r) => r.scope !== "subscription");
    return [...new Set(state.filter((r) => assignable.has(r.role.id)).map((r) => r.role.name))].sort();
}

/** The whole page. */
export function renderPermissions(sources: readonly SourceFile[] = programSources()): string {
    const types = declaredTypes(sources);
    const reassignable = reassignableStateRoles();
    return [
        "# Permissions: what CI deploys, CI can deploy",
        "",
        "<!-- generated by `npm run docs:permissions` from lib/permissions.ts, lib/platform.ts and the programs' source: do not edit by hand (tests/permissions.spec.ts) -->",
        "",
        "Every team stack is deployed by the platform's CI **deploy** identity and previewed by its **preview** identity",
        "(`scripts/ciStacks.ts`: every `Pulumi.<stack>.yaml`); the platform stack is deployed by an administrator",
        "(docs/platform.md). Below: every resource type the team program (`index.ts`) or the platform program",
        "(`platform/index.ts`) can declare with every option on (each `new` reachable from the entry point's imports),",
        "the rights that create, update and delete it, and who holds them. tests/permissions.spec.ts fails when a",
        "declared type has no entry here or the deploy identity lacks a right to create or delete a team type.",
        "",
        "## What each CI identity holds",
        "",
        "**deploy** (`AZURE_DEPLOY_CLIENT_ID`, `pulumi up`, federated credentials only):",
        "",
        ...holdingsLines("deploy"),
        "",
        "**preview** (`AZURE_PREVIEW_CLIENT_ID`, `pulumi preview`, read only):",
        "",
        ...holdingsLines("preview"),
        "",
        `The deploy identity's ABAC condition: ${deployerConditionReadable()}. The privileged roles are outside it and refused by config, \`grant()\` and policy RA-02: ${PRIVILEGED_ROLE_NAMES.join(", ")}.`,
        "",
        "## Resource types",
        "",
        'Create/update actions; delete is `<type>/delete` (Graph: the same permissions). "Held by" is computed from the',
        "role definitions in lib/permissions.ts (`BUILT_IN_PERMISSIONS`, Microsoft's built-in-roles/privileged.md) with",
        "every guardrail open.",
        "",
        row([
            "Type",
            "Azure / Graph resource",
            "Declared by",
            "When",
            "Create / update needs",
            "Held by (deploy)",
            "Read by (preview)",
            "Outside the stack's subscription",
        ]),
        row(["---", "---", "---", "---", "---", "---", "---", "---"]),
        ...types.map(typeRow),
        "",
        "Sources: " +
            [
                ...new Set(types.map((d) => TYPE_RIGHTS[d.token]?.source).filter((s): s is string => s !== undefined)),
            ].join("; ") +
            ".",
        "",
        "## Invokes",
        "",
        "Reads the programs make while they run: the preview identity in `pulumi preview`, the deploy identity in",
        "`pulumi up`. Either needs one of the listed rights (tests/permissions.spec.ts checks both hold one).",
        "",
        row(["Invoke", "When", "Needs one of", "Source"]),
        row(["---", "---", "---", "---"]),
        ...INVOKE_RIGHTS.map((i) =>
            row([`\`${i.token}\``, i.when, i.anyOf.length > 0 ? i.anyOf.join(", ") : "nothing (local)", i.source]),
        ),
        "",
        "## What config refuses because the deploy identity cannot create it",
        "",
        '- `automation.owners`: Application.ReadWrite.OwnedBy "will not be sufficient to add another owner" (Graph',
        "  `application-post-owners`; it needs Application.ReadWrite.All, a service principal owner also Directory.Read.All).",
        "  The platform never grants Application.ReadWrite.All (it manages every application in the tenant). To let people",
        "  manage a team's automation application, an Entra administrator assigns them a Microsoft Entra role scoped to that",
        "  app registration (learn.microsoft.com/entra/identity/role-based-access-control/assign-roles-different-scopes);",
        "  an owner added by hand would be removed by the next deploy, which declares the owners.",
        "- `policyExemptions.assignmentId`, unless `platform/guardrails.yaml` `policyExemptions.allowed` (then the deploy",
        `  identity holds ${POLICY_EXEMPTION_ROLE.title}); a management-group assignment always, because \`exempt/action\` is checked`,
        "  on the assignment and the role is held at the subscription. Otherwise an administrator applies the exemptions",
        "  `npm run plan` lists (`az policy exemption create --name … --policy-assignment … --exemption-category Waiver`).",
        "- `automation.storeSecretInKeyVault` while a compute has `keyVaultSecrets: true`: that compute's identity holds",
        "  Key Vault Secrets User on the whole workspace vault, so every job on it could read CI's client secret.",
        "- `conditionalAccess.enabled` unless `platform/guardrails.yaml` `conditionalAccess.allowed`: only then does the",
        "  deploy identity get Policy.ReadWrite.ConditionalAccess, Policy.Read.All and Application.Read.All (Graph",
        "  `conditionalaccessroot-post-policies`).",
        "- Grants under a reviewed exception (lib/roleExceptions.ts: a user-assigned workspace identity's Contributor and",
        "  Key Vault Administrator) are outside the ABAC condition: such a stack is deployed by an administrator (the plan",
        "  warns; tests/deployerCanAssign.spec.ts lists them).",
        "",
        "## Hub and spoke: rights in another subscription",
        "",
        "A workspace private endpoint into a hub subnet needs `Microsoft.Network/virtualNetworks/subnets/join/action` on",
        "the subnet, and its DNS zone group `Microsoft.Network/privateDnsZones/join/action` on each zone, checked in the",
        "hub's subscription, where the deploy identity holds nothing. The hub's owners grant these two actions to the",
        "deploy identity on the subnet and the zones (a custom role in the hub subscription) before a stack names them;",
        "`npm run plan` warns on every stack that sets `privateEndpointSubnetId` or `privateDnsZoneIds`.",
        "",
        "## How far the deploy identity reaches: the state backend",
        "",
        "The state account, container, key vault and key live in the subscription the deploy identity deploys to. There:",
        "",
        "- Contributor at the subscription can change or delete the state account and vault (control plane; their data",
        "  stays RBAC-only: shared keys are off, the vault uses Azure RBAC, purge protection is on).",
        `- The ABAC condition limits roles and principal types, not scopes (azure-docs \`delegate-role-assignments-examples.md\`), so the deploy identity could assign ${reassignable.join(" and ")} on the state container or key to a service principal it owns (a team's automation principal). It holds both there itself already; the risk is handing them on.`,
        "- It cannot assign Storage Blob Data Owner, Key Vault Administrator, Key Vault Secrets Officer or",
        "  Managed Identity Operator anywhere: they are privileged, outside the condition.",
        "",
        `To put the state out of its reach, deploy the state backend (\`platform/components/stateBackend.ts\`) into a subscription of its own that only the platform's administrators own: the CI identities then hold only their two data roles there (${reassignable.join(", ")} at container and key scope), and neither Contributor nor the conditioned RBAC Administrator of the team subscription reaches it. The trade-off: a second subscription to own, and the platform's \`pulumi up\` needs rights in both. This repository's platform program keeps one subscription (docs/platform.md); the residual risk above is what that costs.`,
        "",
        "## Not verified here (first deploy checks it)",
        "",
        "- Graph consent: the platform's app role assignments are the admin consent; check with",
        "  `az rest --uri https://graph.microsoft.com/v1.0/servicePrincipals/<deploy sp id>/appRoleAssignments`.",
        "- ABAC: Azure validates the condition when the platform creates the assignment; check a refusal with",
        '  `az role assignment create --role "Key Vault Administrator" …` run as the deploy identity (it must fail).',
        "- Conditional Access with the three Graph permissions, policy exemptions with the exemption role, and ARM",
        "  writes of key vault secrets through a closed vault firewall were not exercised against a tenant: the first",
        "  `pulumi up` of a stack that uses them is the check.",
        "",
    ].join("\n");
}

/** The command line, declared once (scripts/cli.ts): parsing, `--help` and the sweep of tests/cli.spec.ts. */
export const PERMISSIONS_DOCS_COMMAND = {
    name: "npm run docs:permissions --",
    synopsis: ["[--check]"],
    summary: "Writes docs/permissions.md from lib/permissions.ts, lib/platform.ts and the programs' source.",
    options: {
        check: {
            type: "boolean",
            default: false,
            description: "write nothing; exit 1 when docs/permissions.md is stale",
        },
    },
} as const satisfies Command<Options>;

/** `io` is where the script prints: the tests pass their own. */
export function main(argv: readonly string[], io: Io): number {
    const opts = parseOptions(PERMISSIONS_DOCS_COMMAND, argv, io);
    if (opts instanceof Exit) return opts.code;
    const next = renderPermissions();
    const current = fs.existsSync(PERMISSIONS_DOC) ? fs.readFileSync(PERMISSIONS_DOC, "utf8") : "";
    if (opts.check) {
        if (next !== current) io.err("stale: docs/permissions.md (run npm run docs:permissions)\n");
        return next === current ? 0 : 1;
    }
    if (next !== current) fs.writeFileSync(PERMISSIONS_DOC, next);
    io.out(`docs/permissions.md: ${next === current ? "already current" : "updated"}\n`);
    return 0;
}

if (require.main === module) runMain("docs:permissions", main);
