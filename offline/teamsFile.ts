/**
 * The teams file (`teams.yaml` at the project root): one reviewed list of every team and environment the project
 * stamps, with their groups, computes and overrides. `npm run new-team -- --from teams.yaml` writes or updates every
 * `Pulumi.<team>-<env>.yaml` from it; `npm run plan -- --all` checks that the stack files and the teams file agree,
 * naming the file and key that differ (docs/onboarding.md).
 *
 * Shape (every field but `environments` optional):
 *   teams:
 *     <team>:
 *       location: <region>          # every environment of the team, unless the environment sets its own
 *       production: false
 *       esc: [<ESC environment>]      # Pulumi Cloud backends only (stackConfig.ts escRefusal)
 *       budget: {amount, contactEmails, contactGroups, contactRoles}   # aml-stamp:budget (docs/budgets.md)
 *       config: {<key>: <value>}    # any key of Pulumi.yaml (access groups, computeInstances, tags, ...)
 *       environments:
 *         <env>: {location, production, esc, budget, config}   # env values replace the team's, key by key; an
 *                                   # environment's budget fields replace the team's field by field (contacts per
 *                                   # team, amount per environment)
 */
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { z } from "zod";
import { PROJECT } from "../config";
import { escReferenceProblem } from "../lib/esc";
import { didYouMean } from "../lib/suggest";

export const TEAMS_FILE = "teams.yaml";

const settings = {
    location: z.string({ error: "must be an Azure region name, e.g. westeurope" }).optional(),
    production: z.boolean({ error: "must be true or false" }).optional(),
    esc: z
        .array(
            z.string().superRefine((ref, ctx) => {
                const problem = escReferenceProblem(ref);
                if (problem !== undefined) ctx.addIssue({ code: "custom", message: `esc ${ref}: ${problem}` });
            }),
            { error: "must be a list of ESC environment references" },
        )
        .optional(),
    // The stack's aml-stamp:budget, validated with the stack config (config/safeguards.ts) once merged.
    budget: z
        .record(z.string(), z.unknown(), {
            error: "must be a mapping {amount, contactEmails, contactGroups, contactRoles} (aml-stamp:budget)",
        })
        .optional(),
    config: z
        .record(z.string(), z.unknown(), { error: "must be a mapping of config keys (as in Pulumi.yaml) to values" })
        .optional(),
};
const environment = z.strictObject(settings, {
    error: "must be a mapping with location, production, esc, budget, config",
});
const team = z.strictObject(
    {
        ...settings,
        environments: z.record(z.string(), environment, {
            error: "must be a mapping of environment names (dev, prod, ...) to their settings",
        }),
    },
    { error: "must be a mapping with location, production, esc, budget, config, environments" },
);
const teamsSchema = z.strictObject(
    { teams: z.record(z.string(), team, { error: "must be a mapping of team names to teams" }) },
    { error: "must be a mapping with the one key teams" },
);

/** A problem in the teams file: the file, the key inside it (`teams.vision.environments.dev.config`), the message. */
export class TeamsFileError extends Error {
    constructor(
        readonly file: string,
        readonly key: string,
        message: string,
    ) {
        super(`${file}: ${key}: ${message}`);
        this.name = "TeamsFileError";
    }
}

/** One team environment of the teams file, its settings merged (environment over team). */
export interface TeamEnvironment {
    readonly team: string;
    readonly env: string;
    /** Where it is declared in the teams file: `teams.<team>.environments.<env>`. */
    readonly key: string;
    readonly location?: string;
    readonly production: boolean;
    readonly esc: readonly string[];
    /** Config keys (without the `aml-stamp:` namespace, or provider keys with theirs) → values. */
    readonly config: Readonly<Record<string, unknown>>;
}

const ALLOWED: Record<string, readonly string[]> = {
    "": ["teams"],
    team: ["location", "production", "esc", "budget", "config", "environments"],
    env: ["location", "production", "esc", "budget", "config"],
};

/** The team environments of `root/teams.yaml`, or undefined when there is no teams file. Throws TeamsFileError. */
export function readTeamsFile(root: string, name: string = TEAMS_FILE): TeamEnvironment[] | undefined {
    const file = path.resolve(root, name);
    if (!fs.existsSync(file)) return undefined;
    let doc: unknown;
    try {
        doc = parse(fs.readFileSync(file, "utf8"));
    } catch (err) {
        throw new TeamsFileError(name, "(file)", `not valid YAML: ${(err as Error).message.split("\n")[0]}`);
    }
    const parsed = teamsSchema.safeParse(doc ?? {});
    if (!parsed.success) {
        const issues = parsed.error.issues;
        const issue = issues.find((i) => i.code === "unrecognized_keys") ?? issues[0]!;
        const key = issue.path.length > 0 ? issue.path.map(String).join(".") : "(top level)";
        if (issue.code === "unrecognized_keys") {
            const level = issue.path.length === 0 ? "" : issue.path.length === 2 ? "team" : "env";
            const unknown = issue.keys[0]!;
            throw new TeamsFileError(
                name,
                [...issue.path.map(String), unknown].join("."),
                `unknown field.${didYouMean(unknown, ALLOWED[level]!)} Allowed: ${ALLOWED[level]!.join(", ")}`,
            );
        }
        throw new TeamsFileError(name, key, issue.message);
    }
    const out: TeamEnvironment[] = [];
    for (const [teamName, t] of Object.entries(parsed.data.teams)) {
        for (const [envName, e] of Object.entries(t.environments)) {
            const key = `teams.${teamName}.environments.${envName}`;
            const config = { ...(t.config ?? {}), ...(e.config ?? {}) };
            if (t.budget !== undefined || e.budget !== undefined) {
                if ("budget" in config) {
                    throw new TeamsFileError(
                        name,
                        `${key}.config.budget`,
                        "the budget is set by the budget field of the team or environment: remove it from config",
                    );
                }
                config["budget"] = { ...(t.budget ?? {}), ...(e.budget ?? {}) };
            }
            out.push({
                team: teamName,
                env: envName,
                key,
                location: e.location ?? t.location,
                production: e.production ?? t.production ?? false,
                esc: e.esc ?? t.esc ?? [],
                config,
            });
        }
    }
    return out;
}

/** True for a `{secure: ...}` value (set by `pulumi config set --secret`): kept as it is, never compared. */
export function isSecureValue(value: unknown): boolean {
    return (
        value !== null &&
        typeof value === "object" &&
        !Array.isArray(value) &&
        Object.keys(value).length === 1 &&
        "secure" in value
    );
}

function canon(v: unknown): string {
    return JSON.stringify(v, (_k, x: unknown) =>
        x !== null && typeof x === "object" && !Array.isArray(x)
            ? Object.fromEntries(Object.entries(x).sort(([p], [q]) => p.localeCompare(q)))
            : x,
    );
}

/**
 * The stack-file keys the teams file owns: every key of the project's namespace (a bare key is the project's too),
 * and the keys of other namespaces it sets itself. Provider keys and other namespaces it does not name belong to the
 * stack file (`pulumi config set azure-native:subscriptionId …`): never compared, never changed.
 */
export function ownedByTeamsFile(key: string, expected: Readonly<Record<string, unknown>>, project: string): boolean {
    return key in expected || !key.includes(":") || key.startsWith(`${project}:`);
}

/** Where a stack file and the teams file disagree. */
export interface Disagreement {
    /** The stack file (`Pulumi.vision-dev.yaml`). */
    readonly file: string;
    /** The config key (`aml-stamp:tags`), or `environment` for ESC imports, or `(file)` for a missing stack file. */
    readonly key: string;
    readonly message: string;
}

/** What a stack file should hold according to the teams file (new-team's plan for it). */
export interface ExpectedStackFile {
    readonly file: string;
    readonly from: string;
    readonly config: Readonly<Record<string, unknown>>;
    readonly environments: readonly string[];
}

/**
 * Compares each expected stack file with the one on disk: a missing file, a key the teams file sets differently or
 * not at all, a key the stack file lacks, different ESC imports. Secure values and the keys the teams file does not
 * own (`ownedByTeamsFile`) are the stack's own (not compared).
 */
export function compareStackFiles(expected: readonly ExpectedStackFile[], project = PROJECT): Disagreement[] {
    const out: Disagreement[] = [];
    for (const x of expected) {
        const name = path.basename(x.file);
        if (!fs.existsSync(x.file)) {
            out.push({
                file: name,
                key: "(file)",
                message: `${TEAMS_FILE} declares ${x.from} but ${name} does not exist: run npm run new-team -- --from ${TEAMS_FILE}`,
            });
            continue;
        }
        const doc = (parse(fs.readFileSync(x.file, "utf8")) ?? {}) as {
            config?: Record<string, unknown>;
            environment?: unknown;
        };
        const actual = doc.config ?? {};
        for (const key of new Set([...Object.keys(x.config), ...Object.keys(actual)])) {
            if (isSecureValue(actual[key]) || !ownedByTeamsFile(key, x.config, project)) continue;
            if (!(key in actual)) {
                out.push({
                    file: name,
                    key,
                    message: `${TEAMS_FILE} ${x.from} sets ${canon(x.config[key])}; the stack file does not set it`,
                });
            } else if (!(key in x.config)) {
                out.push({
                    file: name,
                    key,
                    message: `the stack file sets ${canon(actual[key])}; ${TEAMS_FILE} ${x.from} does not (add it there, or remove it here)`,
                });
            } else if (canon(actual[key]) !== canon(x.config[key])) {
                out.push({
                    file: name,
                    key,
                    message: `the stack file has ${canon(actual[key])}, ${TEAMS_FILE} ${x.from} has ${canon(x.config[key])}`,
                });
            }
        }
        const envs = Array.isArray(doc.environment) ? doc.environment.map(String) : [];
        if (canon(envs) !== canon(x.environments)) {
            out.push({
                file: name,
                key: "environment",
                message: `the stack file imports ${canon(envs)}, ${TEAMS_FILE} ${x.from} has ${canon(x.environments)}`,
            });
        }
    }
    return out;
}
