import { z } from "zod";
import { GUID } from "../lib/guid";
import { COMPUTE_KEY_PATTERN } from "../lib/compute";
import { ONLINE_ENDPOINT_DEFAULTS } from "../lib/defaults";
import { identityOption } from "./identity";
import { type ConfigSection, type KeyDocs, prose, type SectionProblem } from "./section";

/**
 * `onlineEndpoints`: managed online endpoints keyed by a stable name, like computes. Each has a managed
 * identity (system-assigned by default), an auth mode (Entra token by default; key and aml_token only outside
 * production, with a stated reason) and the callers that get the scoring role at the endpoint's scope. Model
 * deployments are not declared here (docs/endpoints.md).
 */

/** Data-plane auth modes of a managed online endpoint (concept-endpoints-online-auth.md), as the CLI spells them. */
export const ENDPOINT_AUTH_MODES = ["aad_token", "key", "aml_token"] as const;

const endpointKey = z.string().regex(COMPUTE_KEY_PATTERN, {
    error: "endpoint names (the keys) must be 1-17 characters: lowercase letters, digits and single hyphens, starting with a letter (the Azure name is <key>-<team>-<environment>, at most 32 characters)",
});

const endpoint = z.strictObject({
    identity: identityOption,
    authMode: z
        .enum(ENDPOINT_AUTH_MODES, {
            error: "must be aad_token (Microsoft Entra token, the default), key or aml_token (key and aml_token only outside production)",
        })
        .default(ONLINE_ENDPOINT_DEFAULTS.authMode),
    authModeReason: z.string().min(10, { error: "state why in at least 10 characters" }).optional(),
    callers: z
        .strictObject(
            {
                groups: z
                    .array(z.string().regex(GUID, { error: "must be an Entra group object id (a GUID)" }), {
                        error: "must be a list of Entra group object ids",
                    })
                    .default([]),
                automationPrincipal: z.boolean({ error: "must be true or false" }).default(false),
            },
            { error: "must be {groups: [<group object id>], automationPrincipal: true | false}" },
        )
        .default({ groups: [], automationPrincipal: false }),
});

export const endpointKeys = {
    onlineEndpoints: z.record(endpointKey, endpoint, { error: "must be an object of online endpoints keyed by name" }),
};

/** Each key's description and top-level default (config/section.ts KeyDocs). */
export const endpointDocs: KeyDocs<typeof endpointKeys> = {
    onlineEndpoints: {
        description: prose`
            Managed online endpoints keyed by a stable name (1-17 lowercase letters, digits, single hyphens; the
            Azure name is <key>-<team>-<environment>). Fields: identity ({type: system} default, {type: user,
            create: true} or {type: user, resourceId}); authMode (aad_token default; key or aml_token only outside
            production, with authModeReason); callers ({groups: [group object ids], automationPrincipal: false}: the
            custom scoring role at the endpoint). Deployments are not managed by the stack (docs/endpoints.md).
            Default: no endpoints.`,
        default: {},
    },
};

export const endpointSection: ConfigSection<typeof endpointKeys> = {
    keys: endpointKeys,
    docs: endpointDocs,
    check: (cfg) => {
        const problems: SectionProblem[] = [];
        const automation = (cfg["automation"] ?? {}) as { enabled?: boolean };
        for (const [key, e] of Object.entries(cfg.onlineEndpoints)) {
            const prefix = `onlineEndpoints.${key}`;
            if (e.authMode !== "aad_token") {
                if (cfg["production"] === true) {
                    problems.push({
                        key: `${prefix}.authMode`,
                        value: e.authMode,
                        message:
                            "production stacks allow only aad_token: keys and aml_token bypass Entra ID and Azure RBAC (concept-endpoints-online-auth.md, data plane: 'Invoke online endpoints with key or aml_token: Doesn't require a role')",
                    });
                } else if (e.authModeReason === undefined) {
                    problems.push({
                        key: `${prefix}.authModeReason`,
                        value: undefined,
                        message: `required when authMode is ${e.authMode}: say why Entra ID auth does not fit (the plan shows it)`,
                    });
                }
            }
            if (e.callers.automationPrincipal && automation.enabled === false) {
                problems.push({
                    key: `${prefix}.callers.automationPrincipal`,
                    value: true,
                    message: "needs automation.enabled: there is no automation principal to grant the scoring role to",
                });
            }
        }
        return problems;
    },
};
