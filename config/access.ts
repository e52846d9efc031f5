import { z } from "zod";
import { CONDITIONAL_ACCESS_DEFAULTS } from "../lib/defaults";
import { GUID } from "../lib/guid";
import { lookupRole, ROLES } from "../lib/roles";
import { DEFAULT_CA_APPLICATIONS } from "../lib/conditionalAccess";
import { type ConfigSection, type KeyDocs, prose, type SectionProblem } from "./section";

/**
 * Keys for human access: Entra groups per access level, custom-role assignments, and the opt-in
 * Conditional Access policy. Top-level defaults live in Pulumi.yaml; nested fields default here, as documented in
 * each key's description there.
 */

const groupIds = z
    .array(z.string().regex(GUID, { error: "must be an Entra group object id (a GUID)" }), {
        error: "must be a list of Entra group object ids (GUIDs)",
    })
    .default([]);

/** Scopes an extra access level may name, narrowest first. */
export const EXTRA_LEVEL_SCOPES = ["workspace", "storage", "keyVault", "containerRegistry", "resourceGroup"] as const;

const LEVEL_NAME = /^[a-z][a-zA-Z0-9]{1,31}$/;
const BUILT_IN_LEVELS = ["dataScientists", "computeOperators", "readers"];

const extraLevel = z.strictObject(
    {
        role: z.string({
            error: "must be a role name from the role catalog (lib/roles.ts), e.g. AzureML Registry User",
        }),
        groups: groupIds,
        scope: z
            .enum(EXTRA_LEVEL_SCOPES, { error: `must be one of ${EXTRA_LEVEL_SCOPES.join(", ")} (default workspace)` })
            .default("workspace"),
    },
    { error: "must be an object {role, groups, scope}" },
);

const customRoleAssignees = z
    .strictObject(
        {
            groups: groupIds,
            automationPrincipal: z.boolean({ error: "must be true or false" }).default(false),
        },
        { error: "must be an object {groups, automationPrincipal}" },
    )
    .default({ groups: [], automationPrincipal: false });

export const accessKeys = {
    access: z.strictObject(
        {
            dataScientists: groupIds,
            computeOperators: groupIds,
            readers: groupIds,
            extraLevels: z
                .record(
                    z.string().regex(LEVEL_NAME, {
                        error: "level names are 2-32 letters and digits, starting with a lowercase letter (e.g. registryUsers)",
                    }),
                    extraLevel,
                )
                .default({}),
            customRoles: z
                .strictObject(
                    { computeAdmin: customRoleAssignees, computeUser: customRoleAssignees },
                    { error: "must be an object with only computeAdmin and computeUser" },
                )
                .default({
                    computeAdmin: { groups: [], automationPrincipal: false },
                    computeUser: { groups: [], automationPrincipal: false },
                }),
        },
        { error: "must be an object with only dataScientists, computeOperators, readers, extraLevels, customRoles" },
    ),
    conditionalAccess: z.strictObject(
        {
            enabled: z.boolean({ error: "must be true or false" }).default(false),
            enforce: z.boolean({ error: "must be true or false" }).default(CONDITIONAL_ACCESS_DEFAULTS.enforce),
            requireMfa: z.boolean({ error: "must be true or false" }).default(CONDITIONAL_ACCESS_DEFAULTS.requireMfa),
            requireCompliantDevice: z
                .boolean({ error: "must be true or false" })
                .default(CONDITIONAL_ACCESS_DEFAULTS.requireCompliantDevice),
            operator: z
                .enum(["OR", "AND"], { error: "must be OR (either control) or AND (all controls)" })
                .default(CONDITIONAL_ACCESS_DEFAULTS.operator),
            applications: z
                .array(z.string().regex(GUID, { error: "must be an application (client) id (a GUID)" }), {
                    error: "must be a list of application (client) ids",
                })
                .default([...DEFAULT_CA_APPLICATIONS]),
        },
        {
            error: "must be an object with only enabled, enforce, requireMfa, requireCompliantDevice, operator, applications",
        },
    ),
};

/** Each key's description and top-level default (config/section.ts KeyDocs). */
export const accessDocs: KeyDocs<typeof accessKeys> = {
    access: {
        description: prose`
            Human access through Entra groups (object ids), each level granted at its narrowest scope
            (docs/access.md). Fields, all optional: dataScientists (AzureML Data Scientist on the workspace, plus
            Storage Blob Data Contributor and Storage File Data Privileged Contributor on the default storage for
            identity-based access), computeOperators (AzureML Compute Operator on the workspace), readers (Reader on
            the workspace): lists of group object ids, default []; extraLevels: {levelName: {role, groups, scope}}
            where role is a non-privileged name from the role catalog (lib/roles.ts) and scope is workspace
            (default), storage, keyVault, containerRegistry or resourceGroup, default {}; customRoles:
            {computeAdmin, computeUser}, each {groups (default []), automationPrincipal (default false)} assigns the
            stack's custom compute roles at the resource group; a group may not hold both customRoles.computeAdmin
            and AzureML Compute Operator. Owner, Contributor, User Access Administrator, RBAC Administrator and
            Storage Account Contributor (account keys) are refused. Default: no human access.`,
        default: {},
    },
    conditionalAccess: {
        description: prose`
            Opt-in Entra Conditional Access policy for the team's groups (Microsoft's Azure ML page names Microsoft
            Entra ID P2 for it; needs Conditional Access Administrator rights for whoever runs \`pulumi up\`, and the
            right to create service principals when a targeted app has none in the tenant: one is created for it,
            never deleted; docs/access.md). Fields: enabled (default false), enforce (default false: report-only,
            state enabledForReportingButNotEnforced), requireMfa (default true), requireCompliantDevice (default
            false), operator OR|AND (default OR), applications: client ids to target (default the Azure ML studio
            web app d7304df8-741f-47d3-9bc2-df0e24e2071f, the AI Studio app cb2ff863-7f30-4ced-ab89-a00194bcf6d9 and
            the Azure Machine Learning API 0736f41a-0425-4b46-bdb5-1563eff02385; see docs/access.md). Default: off.`,
        default: {},
    },
};

export type AccessConfig = z.infer<typeof accessKeys.access>;

/** Every group the access config names (the team's groups), deduplicated, in config order. */
export function teamGroups(access: AccessConfig): string[] {
    const all = [
        ...access.dataScientists,
        ...access.computeOperators,
        ...access.readers,
        ...Object.values(access.extraLevels).flatMap((l) => l.groups),
        ...access.customRoles.computeAdmin.groups,
        ...access.customRoles.computeUser.groups,
    ];
    return [...new Set(all.map((g) => g.toLowerCase()))];
}

/** True when a role name from config is AzureML Compute Operator (names are matched as lookupRole does). */
function isComputeOperator(name: string): boolean {
    const found = lookupRole(name);
    return "role" in found && found.role.id === ROLES.azureMLComputeOperator.id;
}

/**
 * The compute admin custom role creates computes but must not use them (lib/customRoles.ts). Its `notActions` cannot
 * enforce that against a second role: "If a user is assigned a role that excludes an operation in notActions, and is
 * assigned a second role that grants access to the same operation, the user is allowed to perform that operation.
 * notActions is not a deny rule" (MicrosoftDocs/azure-docs articles/role-based-access-control/role-definitions.md,
 * "NotActions"). AzureML Compute Operator allows `workspaces/computes/*` (built-in-roles/ai-machine-learning.md), so a
 * principal holding both can start, connect to and read the keys of what it creates. Refused, naming both keys.
 */
function computeAdminSplitProblems(
    access: AccessConfig,
    automation: { enabled?: boolean; roles?: string[] } | undefined,
): SectionProblem[] {
    const operators = new Map<string, string>(); // group id (lower case) -> the key that grants Compute Operator
    access.computeOperators.forEach((g, i) => operators.set(g.toLowerCase(), `access.computeOperators[${i}]`));
    for (const [level, def] of Object.entries(access.extraLevels)) {
        if (!isComputeOperator(def.role)) continue;
        def.groups.forEach((g, i) => {
            if (!operators.has(g.toLowerCase()))
                operators.set(g.toLowerCase(), `access.extraLevels.${level}.groups[${i}]`);
        });
    }
    const why =
        "the compute admin role creates computes but must not use them, and its notActions are not a deny: AzureML Compute Operator would give back start, connect and listKeys (role-definitions.md, NotActions). Use separate groups";
    const problems: SectionProblem[] = [];
    access.customRoles.computeAdmin.groups.forEach((g, i) => {
        const other = operators.get(g.toLowerCase());
        if (other === undefined) return;
        problems.push({
            key: `access.customRoles.computeAdmin.groups[${i}]`,
            value: g,
            message: `group ${g} also holds AzureML Compute Operator through ${other}: ${why}`,
        });
    });
    if (access.customRoles.computeAdmin.automationPrincipal && automation?.enabled !== false) {
        const i = (automation?.roles ?? []).findIndex(isComputeOperator);
        if (i >= 0) {
            problems.push({
                key: "access.customRoles.computeAdmin.automationPrincipal",
                value: true,
                message: `the automation principal also holds AzureML Compute Operator through automation.roles[${i}]: ${why.replace("Use separate groups", "Drop one of the two")}`,
            });
        }
    }
    return problems;
}

export const accessSection: ConfigSection<typeof accessKeys> = {
    keys: accessKeys,
    docs: accessDocs,
    check: (cfg) => {
        const problems: SectionProblem[] = [];
        for (const [level, def] of Object.entries(cfg.access.extraLevels)) {
            if (BUILT_IN_LEVELS.includes(level)) {
                problems.push({
                    key: `access.extraLevels.${level}`,
                    value: level,
                    message: `is a built-in level; extra levels need another name than ${BUILT_IN_LEVELS.join(", ")}`,
                });
            }
            if (def.groups.length === 0) {
                problems.push({
                    key: `access.extraLevels.${level}.groups`,
                    value: def.groups,
                    message: `no group: the level grants ${def.role} to nobody. Add the Entra group object ids, or remove the level`,
                });
            }
            const found = lookupRole(def.role);
            if ("error" in found)
                problems.push({ key: `access.extraLevels.${level}.role`, value: def.role, message: found.error });
        }
        const automation = (cfg as { automation?: { enabled?: boolean; roles?: string[] } }).automation;
        for (const [key, assignees] of Object.entries(cfg.access.customRoles)) {
            if (assignees.automationPrincipal && automation?.enabled === false) {
                problems.push({
                    key: `access.customRoles.${key}.automationPrincipal`,
                    value: true,
                    message:
                        "needs the automation principal: set automation.enabled to true, or assign the role to groups only",
                });
            }
        }
        problems.push(...computeAdminSplitProblems(cfg.access, automation));
        const ca = cfg.conditionalAccess;
        if (ca.enabled) {
            if (!ca.requireMfa && !ca.requireCompliantDevice) {
                problems.push({
                    key: "conditionalAccess",
                    value: ca,
                    message: "an enabled policy needs requireMfa or requireCompliantDevice (or both)",
                });
            }
            if (ca.applications.length === 0) {
                problems.push({
                    key: "conditionalAccess.applications",
                    value: ca.applications,
                    message:
                        "an enabled policy targets at least one application (default: studio, AI Studio and the Azure Machine Learning API)",
                });
            }
            const seen = new Set<string>();
            ca.applications.forEach((appId, i) => {
                if (seen.has(appId.toLowerCase())) {
                    problems.push({
                        key: `conditionalAccess.applications[${i}]`,
                        value: appId,
                        message: "each application once (the stack declares one service principal per targeted app id)",
                    });
                }
                seen.add(appId.toLowerCase());
            });
            if (teamGroups(cfg.access).length === 0) {
                problems.push({
                    key: "conditionalAccess",
                    value: ca,
                    message:
                        "an enabled policy applies to the team's groups: name at least one group in aml-stamp:access",
                });
            }
        }
        return problems;
    },
};
