import { z } from "zod";
import {
    FQDN_PATTERN,
    OUTBOUND_PRESET_NAMES,
    OUTBOUND_PRESETS,
    type OutboundPresetName,
    type OutboundRule,
    presetRules,
    RESOURCE_ID,
    RULE_NAME,
    SERVICE_TAG_PROTOCOLS,
} from "../lib/outbound";
import { type ConfigSection, type KeyDocs, prose, type SectionProblem } from "./section";

/**
 * `outbound`: the workspace managed network's user-defined outbound rules (lib/outbound.ts). Each entry is a preset
 * name (`python-packages`) or one rule; the platform's allow-list (platform/guardrails.yaml `outbound`) is checked
 * in config/guardrails.ts, the isolation mode each rule type needs here.
 */

const ruleName = z.string({ error: "must be a rule name (text)" }).regex(RULE_NAME, {
    error: "must be a rule name: 2-64 lowercase letters, digits and hyphens, starting and ending with a letter or digit",
});
const RULE_SCHEMAS = {
    FQDN: z.strictObject({
        type: z.literal("FQDN"),
        name: ruleName,
        destination: z.string({ error: "must be a host name (text)" }).regex(FQDN_PATTERN, {
            error: "must be a lowercase host name or a *. wildcard over one, e.g. pkgs.contoso.com or *.contoso.com",
        }),
    }),
    ServiceTag: z.strictObject({
        type: z.literal("ServiceTag"),
        name: ruleName,
        serviceTag: z.string({ error: "must be a service tag name (text)" }).regex(/^[A-Za-z][A-Za-z0-9.]{1,79}$/, {
            error: "must be an Azure service tag name, e.g. DataFactory or Storage.westeurope",
        }),
        protocol: z
            .enum(SERVICE_TAG_PROTOCOLS, { error: `must be one of ${SERVICE_TAG_PROTOCOLS.join(", ")}` })
            .default("TCP"),
        portRanges: z
            .string({ error: "must be port ranges (text)" })
            .regex(/^\d{1,5}(-\d{1,5})?(, ?\d{1,5}(-\d{1,5})?)*$/, {
                error: 'must be ports or port ranges separated by commas, e.g. "443" or "80, 8080-8089"',
            })
            .default("443"),
    }),
    PrivateEndpoint: z.strictObject({
        type: z.literal("PrivateEndpoint"),
        name: ruleName,
        serviceResourceId: z.string({ error: "must be an ARM resource id (text)" }).regex(RESOURCE_ID, {
            error: "must be the ARM id of the target resource: /subscriptions/<id>/resourceGroups/<rg>/providers/<namespace>/<type>/<name>",
        }),
        subresourceTarget: z
            .string({ error: "must be a sub-resource name (text)" })
            .regex(/^[A-Za-z][A-Za-z0-9_]{1,40}$/, {
                error: "must be the target's private-link sub-resource, e.g. blob, dfs, file, vault, registry",
            }),
        sparkEnabled: z.boolean({ error: "must be true or false" }).default(false),
    }),
} as const;
type RuleType = keyof typeof RULE_SCHEMAS;
const RULE_TYPES = Object.keys(RULE_SCHEMAS) as RuleType[];
const FORMS = `a preset name (${OUTBOUND_PRESET_NAMES.join(", ")}), also as {preset: <name>}, or a rule {type: ${RULE_TYPES.join(" | ")}, name, ...}`;

/** One configured entry: a preset or a rule, as the stack wrote it (defaults applied). */
export type OutboundEntry = OutboundPresetName | OutboundRule;

/** A preset as an object, `{preset: <name>}`: the typed Stamp's form of a preset (its args take no string-or-object). */
const PRESET_OBJECT = z.strictObject({ preset: z.enum(OUTBOUND_PRESET_NAMES as [string, ...string[]]) });

const entry = z
    .unknown()
    .transform((raw, ctx): OutboundEntry => {
        const value =
            raw !== null && typeof raw === "object" && "preset" in raw && Object.keys(raw).length === 1
                ? (raw as { preset: unknown }).preset
                : raw;
        if (typeof value === "string") {
            if ((OUTBOUND_PRESET_NAMES as string[]).includes(value)) return value as OutboundPresetName;
            ctx.addIssue({ code: "custom", message: `unknown preset; must be ${FORMS}` });
            return z.NEVER;
        }
        const type =
            value !== null && typeof value === "object" ? (value as Record<string, unknown>)["type"] : undefined;
        if (typeof type !== "string" || !(RULE_TYPES as string[]).includes(type)) {
            ctx.addIssue({ code: "custom", message: `must be ${FORMS}` });
            return z.NEVER;
        }
        const schema = RULE_SCHEMAS[type as RuleType];
        const parsed = schema.safeParse(value);
        if (parsed.success) {
            const r = parsed.data as z.infer<(typeof RULE_SCHEMAS)[RuleType]>;
            return r as OutboundRule;
        }
        for (const issue of parsed.error.issues) {
            if (issue.code === "unrecognized_keys") {
                for (const key of issue.keys) {
                    ctx.addIssue({
                        code: "custom",
                        path: [key],
                        message: `unknown field; a ${type} rule takes: ${Object.keys(schema.shape).join(", ")}`,
                    });
                }
                continue;
            }
            const missing =
                issue.path.length === 1 && (value as Record<string, unknown>)[String(issue.path[0])] === undefined;
            ctx.addIssue({
                code: "custom",
                path: issue.path,
                message: missing
                    ? `required: a ${type} rule needs ${String(issue.path[0])}, which ${issue.message}`
                    : issue.message,
            });
        }
        return z.NEVER;
    })
    // The typed form (config/stampArgs.generated.ts, schema.json) is its object forms: a preset as {preset: <name>}.
    .meta({
        title: "OutboundEntrySettings",
        description: `One outbound entry: ${FORMS}`,
        anyOf: [PRESET_OBJECT, ...Object.values(RULE_SCHEMAS)].map((form) => {
            const { $schema: _, ...json } = z.toJSONSchema(form, { io: "input" });
            return json;
        }),
    });

export const outboundKeys = {
    outbound: z.array(entry, { error: `must be a list, each entry ${FORMS}` }),
};

export const outboundDocs: KeyDocs<typeof outboundKeys> = {
    outbound: {
        description: prose`
            User-defined outbound rules of the workspace managed network, each entry a preset name (also written
            {preset: <name>}) or one rule.
            Presets (the host names Microsoft documents; lib/outbound.ts): ${OUTBOUND_PRESET_NAMES.map((p) => `${p} (${OUTBOUND_PRESETS[p].fqdns.join(", ")})`).join("; ")}.
            Rules: {type: FQDN, name, destination: <host or *.host>}; {type: ServiceTag, name, serviceTag, protocol
            (default TCP), portRanges (default "443")}; {type: PrivateEndpoint, name, serviceResourceId: <ARM id>,
            subresourceTarget (e.g. blob, dfs), sparkEnabled (default false)}. Every rule must be inside the
            platform's allow-list (platform/guardrails.yaml outbound). FQDN and ServiceTag rules need
            managedNetworkIsolation AllowOnlyApprovedOutbound; FQDN rules make Azure ML deploy an Azure Firewall in the
            managed network (billed; the platform chooses its SKU, outbound.firewallSku). Default []: only the rules
            Azure ML adds itself (docs/hardening.md, "Approved outbound").`,
        default: [],
    },
};

/**
 * The rules the entries stand for, presets expanded in place (`<preset>-<host>`), an FQDN that an earlier entry
 * already allows left out (hugging-face includes docker-hub's hosts). Each rule keeps its entry's index.
 */
export function expandOutbound(
    entries: readonly OutboundEntry[],
): { readonly rule: OutboundRule; readonly at: number }[] {
    const out: { rule: OutboundRule; at: number }[] = [];
    const fqdns = new Set<string>();
    entries.forEach((e, at) => {
        for (const rule of typeof e === "string" ? presetRules(e) : [e]) {
            if (rule.type === "FQDN") {
                if (typeof e === "string" && fqdns.has(rule.destination)) continue;
                fqdns.add(rule.destination);
            }
            out.push({ rule, at });
        }
    });
    return out;
}

export const outboundSection: ConfigSection<typeof outboundKeys> = {
    keys: outboundKeys,
    docs: outboundDocs,
    check: (cfg) => {
        const problems: SectionProblem[] = [];
        const isolation = cfg["managedNetworkIsolation"];
        const seenPresets = new Set<string>();
        cfg.outbound.forEach((e, i) => {
            if (typeof e !== "string") return;
            if (seenPresets.has(e))
                problems.push({ key: `outbound[${i}]`, value: e, message: "each preset at most once" });
            seenPresets.add(e);
        });
        const names = new Map<string, number>();
        const isolationReported = new Set<number>();
        for (const { rule, at } of expandOutbound(cfg.outbound)) {
            const key = `outbound[${at}]`;
            const earlier = names.get(rule.name);
            if (earlier !== undefined && earlier !== at) {
                problems.push({
                    key,
                    value: cfg.outbound[at],
                    message: `rule name ${rule.name} is already used by outbound[${earlier}]: each rule name at most once (the managed network keys rules by name)`,
                });
            }
            names.set(rule.name, at);
            if (isolationReported.has(at)) continue;
            if (isolation === "Disabled") {
                isolationReported.add(at);
                problems.push({
                    key,
                    value: cfg.outbound[at],
                    message: `outbound rules need a managed network; managedNetworkIsolation is Disabled (allowed: AllowInternetOutbound for PrivateEndpoint rules, AllowOnlyApprovedOutbound for every rule type)`,
                });
            } else if (rule.type !== "PrivateEndpoint" && isolation !== "AllowOnlyApprovedOutbound") {
                isolationReported.add(at);
                problems.push({
                    key,
                    value: cfg.outbound[at],
                    message: `a ${rule.type} rule (${rule.name}) is only valid with managedNetworkIsolation AllowOnlyApprovedOutbound (how-to-managed-network.md); with ${String(isolation)} only PrivateEndpoint rules are allowed`,
                });
            }
        }
        return problems;
    },
};
