import { z } from "zod";
import {
    IDENTITY_FORMS,
    type IdentityForm,
    type IdentitySpec,
    SYSTEM_IDENTITY,
    USER_ASSIGNED_IDENTITY_ID,
} from "../lib/identity";
import { type ConfigSection, type KeyDocs, prose } from "./section";

/**
 * The one identity option, the same for `workspaceIdentity`, each compute's `identity` and each online endpoint's
 * `identity`: one schema per form (lib/identity.ts IdentityForm). An unknown shape is reported with the key, the value
 * and the three allowed forms.
 */
const FORM_SCHEMAS = {
    system: z.strictObject({ type: z.literal("system") }),
    created: z.strictObject({ type: z.literal("user"), create: z.literal(true) }),
    existing: z.strictObject({
        type: z.literal("user"),
        resourceId: z.string().regex(USER_ASSIGNED_IDENTITY_ID, {
            error: "must be the ARM id of a user-assigned identity: /subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.ManagedIdentity/userAssignedIdentities/<name>",
        }),
    }),
} as const satisfies Record<IdentityForm, z.ZodType>;

/** Schema of one identity option. */
export const identitySchema = z
    .union(Object.values(FORM_SCHEMAS) as unknown as [z.ZodType, z.ZodType], {
        error: `must be one of ${IDENTITY_FORMS}`,
    })
    // The name of its typed form (config/stampArgs.generated.ts, schema.json): one type wherever it is used.
    .meta({
        title: "IdentitySettings",
        description: `A managed identity: ${IDENTITY_FORMS}`,
    }) as unknown as z.ZodType<IdentitySpec>;

/**
 * A compute's or endpoint's `identity`: one identity option, default system-assigned (SYSTEM_IDENTITY, the same
 * constant the components document as their default for package users); the Stamp always passes the resolved value.
 */
export const identityOption = identitySchema.default(SYSTEM_IDENTITY);

/** `workspaceIdentity`: one of the identity forms, or {} for the profile's default (see {@link workspaceIdentityOf}). */
const workspaceIdentity = z
    .unknown()
    .transform((value, ctx): IdentitySpec | Record<string, never> => {
        if (value !== null && typeof value === "object" && !Array.isArray(value) && Object.keys(value).length === 0) {
            return {};
        }
        const parsed = identitySchema.safeParse(value);
        if (parsed.success) return parsed.data;
        ctx.addIssue({
            code: "custom",
            message: `must be {} (the default: system-assigned, on every stack) or one of ${IDENTITY_FORMS}`,
        });
        return z.NEVER;
    })
    // What it takes, as JSON Schema (z.toJSONSchema cannot see through a transform): {} or an identity form.
    .meta({
        anyOf: [
            { type: "object", properties: {}, additionalProperties: false },
            z.toJSONSchema(identitySchema, { io: "input" }),
        ],
    });

/** The workspace identity option as config holds it ({} = the profile default). */
export type WorkspaceIdentityConfig = z.infer<typeof workspaceIdentity>;

/**
 * The workspace identity after the default: system-assigned on every stack, production included (docs/hardening.md,
 * "Workspace identity"). A user-assigned workspace identity needs Contributor on storage, key vault, registry,
 * Application Insights and the workspace (the only roles Microsoft documents for it; reviewed exception
 * WS-UAI-CONTRIBUTOR), which the platform's CI deploy identity can never assign (its ABAC condition allows only the
 * non-privileged catalog roles and the platform's custom roles, lib/platform.ts deployerCondition): it stays an
 * explicit opt-in (`{type: user, ...}`) for stacks an administrator deploys. Production stacks with the default carry
 * the documented exemption `workspace-system-identity` from Azure Policy 5f0c7d88 (lib/exemptions.ts).
 */
export function workspaceIdentityOf(cfg: { workspaceIdentity: WorkspaceIdentityConfig }): IdentitySpec {
    const w = cfg.workspaceIdentity as Partial<IdentitySpec>;
    if (w.type === undefined) return SYSTEM_IDENTITY;
    return w as IdentitySpec;
}

export const identityKeys = { workspaceIdentity };

/** Each key's description and top-level default (config/section.ts KeyDocs). */
export const identityDocs: KeyDocs<typeof identityKeys> = {
    workspaceIdentity: {
        description: prose`
            The workspace's managed identity: {} (the default) is system-assigned on every stack, production
            included (production stacks then carry the documented exemption workspace-system-identity from Azure
            Policy 5f0c7d88; docs/hardening.md); or {type: system}, {type: user, create: true}, {type: user,
            resourceId: <ARM id of a user-assigned identity>}. A user-assigned identity is an explicit opt-in for
            stacks an administrator deploys: it gets the role assignments Microsoft documents for it, Contributor
            ones under the reviewed exception WS-UAI-CONTRIBUTOR, which the platform's CI deploy identity cannot
            make (its ABAC condition allows no Contributor); the plan warns about it (docs/identities.md).`,
        default: {},
    },
};

export const identitySection: ConfigSection<typeof identityKeys> = { keys: identityKeys, docs: identityDocs };
