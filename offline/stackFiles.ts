/**
 * The stack files of team environments, planned before anything is written: `planStackFile` builds and validates
 * `Pulumi.<team>-<env>.yaml` for one team environment (what `npm run new-team` writes), `planTeamsFile` does it for
 * every entry of teams.yaml (`new-team --from`, and `plan --all`'s check that the stack files agree with it). The
 * answers are validated by the program's own schema (`config/` `parseConfig`, over Pulumi.yaml defaults merged by
 * offline/stackConfig.ts): there is no second copy of the rules here. A file holds only what differs from the shared
 * Pulumi.yaml defaults (plus team, environment and location, which identify the stamp and must not drift when a
 * shared default changes). An existing stack file is never overwritten. The command line is scripts/newTeam.ts.
 */
import * as fs from "fs";
import * as path from "path";
import { parse, stringify } from "yaml";
import { editYaml, lineDiff, type YamlEdit, YamlEditError } from "./yamlEdit";
import { CONFIG_KEYS, ConfigError, isTextField, parseConfig, PROJECT } from "../config";
import { hardenedValues } from "../lib/hardening";
import { escReferenceProblem } from "../lib/esc";
import { didYouMean } from "../lib/suggest";
import {
    environmentsOf,
    escRefusal,
    providerKeyProblem,
    providerKeys,
    providerSecretKeys,
    type ProjectFile,
    readProject,
    readStackConfig,
    ROOT,
    stackFile,
    StackFileError,
} from "./stackConfig";
import {
    type ExpectedStackFile,
    isSecureValue,
    ownedByTeamsFile,
    readTeamsFile,
    TEAMS_FILE,
    type TeamEnvironment,
    TeamsFileError,
} from "./teamsFile";

/** A mistake in the shape of the command line (a flag, a missing option): printed with the usage. */
export class UsageError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "UsageError";
    }
}

/** An answer new-team refuses (a value, not the shape of the command line): printed without the usage. */
export class AnswerError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "AnswerError";
    }
}

/** The stack file already exists: new-team never overwrites. */
export class StackExistsError extends Error {
    constructor(readonly file: string) {
        super(
            `${path.basename(file)} already exists: new-team never overwrites a stack file. ` +
                `Edit it (or \`pulumi config set\`) instead, or choose another --team/--env.`,
        );
        this.name = "StackExistsError";
    }
}

/** What the user asked for. Keys in `set` are as typed (with or without the `aml-stamp:` namespace). */
export interface NewTeamAnswers {
    readonly team: string;
    readonly env: string;
    readonly location?: string;
    readonly production: boolean;
    readonly set: Readonly<Record<string, string>>;
    readonly esc: readonly string[];
    readonly dryRun: boolean;
}

/**
 * What `--production` writes: the hardened profile (lib/hardening.ts), plus the choices config/hardening.ts requires
 * of a production stack that new-team can make for the team.
 * The image build cluster scales to zero, so it costs nothing while idle.
 */
export const PRODUCTION_DEFAULTS: Readonly<Record<string, unknown>> = {
    ...hardenedValues(), // the fixed values (lib/hardening.ts); those equal to a shared default are not written
    computeClusters: { "image-build": { vmSize: "Standard_DS3_v2", minNodes: 0, maxNodes: 1 } },
    imageBuildCompute: "image-build",
    // Built-in 4733ea7b: only a new account can get infrastructure encryption, and new-team writes new stacks.
    storageInfrastructureEncryption: true,
    // Built-ins ba769a63 / 7f40cee6: a customer-managed key can only be chosen when the workspace is created.
    customerManagedKey: { enabled: true },
};

/** The stack name for a team environment: `<team>-<env>` (the file is `Pulumi.<team>-<env>.yaml`). */
export function stackNameOf(team: string, env: string): string {
    return `${team}-${env}`;
}

function bareKey(key: string): string {
    return key.startsWith(`${PROJECT}:`) ? key.slice(PROJECT.length + 1) : key;
}

/** Keys the identity flags own: `--set` may not set them. */
const FLAG_KEYS: Record<string, string> = {
    team: "--team",
    environment: "--env",
    location: "--location",
    production: "--production",
};

/** Keys Pulumi.yaml declares `secret: true`: they go through `pulumi config set --secret`, never into the file. */
export function secretKeys(root: string = ROOT): string[] {
    const doc = parse(fs.readFileSync(path.join(root, "Pulumi.yaml"), "utf8")) as { config?: Record<string, unknown> };
    return Object.entries(doc.config ?? {})
        .filter(([, d]) => d !== null && typeof d === "object" && (d as { secret?: unknown }).secret === true)
        .map(([k]) => k);
}

/**
 * Turns a `--set` text into the value the stack file holds, by the key's declared Pulumi.yaml type: strings stay
 * text; integer, boolean, array and object values are read as YAML (so JSON works too). Whether the value is
 * allowed is the schema's business (parseConfig), not this function's.
 */
export function decodeSetValue(key: string, text: string, project: ProjectFile): unknown {
    if (key.includes(":") && !key.startsWith(`${PROJECT}:`)) {
        // Provider keys by the SDK's declared type (stackConfig.ts providerKeys); unknown ones as given.
        const [namespace = "", name = ""] = key.split(":");
        const type = providerKeys(namespace)?.find((k) => k.key === name)?.type;
        if (type === "boolean" && (text === "true" || text === "false")) return text === "true";
        return type === "string[]" ? parseSetText(key, text) : text;
    }
    const path = bareKey(key).split(".");
    if (path.length > 1) return isTextField(path) ? text : parseSetText(key, text); // --set a.b=value
    const declared = project.declared.find((d) => d.key === path[0]);
    if (declared === undefined || declared.type === undefined || declared.type === "string") return text;
    return parseSetText(key, text);
}

/** A structured `--set` value as YAML (JSON is YAML); a syntax error is an answer error that shows the parser's. */
function parseSetText(key: string, text: string): unknown {
    try {
        return parse(text) as unknown;
    } catch (err) {
        const reason = ((err as Error).message.split("\n")[0] ?? "").trim();
        throw new AnswerError(
            `--set ${key}=${text}: not valid YAML/JSON (${reason}). Structured values are YAML or JSON, e.g. --set 'tags={"cost-center": "4711"}' or --set ${key.split(".")[0]}.<field>=<value>`,
        );
    }
}

/**
 * `--set a.b.c=value`: the value goes into field `b.c` of the object key `a`, on top of what `a` already holds
 * (`--production`'s profile, an earlier `--set a.x`, or the Pulumi.yaml default). Returns the new value of `a`.
 */
function setNested(base: unknown, path: readonly string[], value: unknown): Record<string, unknown> {
    const root: Record<string, unknown> =
        base !== null && typeof base === "object" && !Array.isArray(base)
            ? (structuredClone(base) as Record<string, unknown>)
            : {};
    let node = root;
    for (const part of path.slice(0, -1)) {
        const next = node[part];
        node[part] = next !== null && typeof next === "object" && !Array.isArray(next) ? next : {};
        node = node[part] as Record<string, unknown>;
    }
    node[path[path.length - 1]!] = value;
    return root;
}

function sameValue(a: unknown, b: unknown): boolean {
    const canon = (v: unknown): string =>
        JSON.stringify(v, (_k, x: unknown) =>
            x !== null && typeof x === "object" && !Array.isArray(x)
                ? Object.fromEntries(Object.entries(x).sort(([p], [q]) => p.localeCompare(q)))
                : x,
        );
    return canon(a) === canon(b);
}

/** The stack file's content, before it is written. */
export interface StackFilePlan {
    readonly stack: string;
    readonly file: string;
    /** `config:` of the stack file: full keys (`aml-stamp:team`, `azure-native:subscriptionId`) → values. */
    readonly config: Record<string, unknown>;
    /** ESC environments the stack imports. */
    readonly environments: readonly string[];
    /** The YAML text to write. */
    readonly text: string;
}

/**
 * Builds and validates the stack file for `answers`. Throws `UsageError` for misuse of flags and `ConfigError`
 * (naming the key, the value and what is allowed) when the program would reject the config.
 */
export function planStackFile(answers: NewTeamAnswers, root: string = ROOT): StackFilePlan {
    const project = readProject(root);
    const secrets = new Set(secretKeys(root));
    const defaults = new Map(project.declared.filter((d) => d.hasDefault).map((d) => [d.key, d.default]));

    const values = new Map<string, unknown>();
    values.set("team", answers.team);
    values.set("environment", answers.env);
    // The region is written even when it is the default: a stamp must not move if the shared default changes.
    values.set("location", answers.location ?? defaults.get("location"));
    if (answers.production) {
        // The hardened profile (docs/hardening.md): what config/hardening.ts requires of a production stack and
        // new-team can decide. --set overrides any of them; the private endpoint subnet is the team's network and
        // must come with --set privateEndpointSubnetId=<subnet id>, and the platform's two Azure ML DNS zones with
        // --set privateDnsZoneIds=[...] (the check below names each when missing).
        values.set("production", true);
        for (const [key, value] of Object.entries(PRODUCTION_DEFAULTS)) values.set(key, value);
    }
    for (const [key, text] of Object.entries(answers.set)) {
        if (key.includes(":") && !key.startsWith(`${PROJECT}:`)) {
            const [namespace = "", name = ""] = key.split(":");
            if (providerSecretKeys(namespace).includes(name)) {
                throw new AnswerError(
                    `--set ${key}: ${key} holds a credential and would be written to the stack file in plain text. ` +
                        `Set it encrypted after \`pulumi stack init\`: pulumi config set --secret ${key} <value> ` +
                        "(or, better, let the provider use az login, a managed identity or OIDC: README.md, Deploying for real)",
                );
            }
            const value = decodeSetValue(key, text, project);
            const problem = providerKeyProblem(key, value, root);
            if (problem !== undefined) throw new AnswerError(`--set ${key}=${text}: ${problem}`);
            values.set(key, value); // a provider's key (azure-native:subscriptionId, ...), checked by its SDK's type
            continue;
        }
        const [bare, ...field] = bareKey(key).split(".") as [string, ...string[]];
        const flag = FLAG_KEYS[bare];
        if (flag !== undefined) throw new UsageError(`--set ${key}: use ${flag} for ${PROJECT}:${bare}`);
        if (secrets.has(bare)) {
            throw new AnswerError(
                `--set ${key}: ${PROJECT}:${bare} is a secret; set it with \`pulumi config set --secret ${bare}\` after \`pulumi stack init\``,
            );
        }
        if (field.length === 0) {
            values.set(bare, decodeSetValue(bare, text, project));
            continue;
        }
        const declared = project.declared.find((d) => d.key === bare);
        if (declared === undefined) {
            const hint = didYouMean(bare, CONFIG_KEYS);
            throw new AnswerError(`--set ${key}: ${PROJECT}:${bare} is not a key of this project.${hint}`);
        }
        if (declared.type !== "object") {
            throw new AnswerError(
                `--set ${key}: ${PROJECT}:${bare} is of type ${declared.type}, not an object with fields`,
            );
        }
        const value = decodeSetValue(`${bare}.${field.join(".")}`, text, project);
        values.set(bare, setNested(values.get(bare) ?? defaults.get(bare), field, value));
    }

    // Only what differs from the shared defaults goes into the file (team, environment, location always).
    const config: Record<string, unknown> = {};
    for (const [key, value] of values) {
        const keep =
            ["team", "environment", "location"].includes(key) ||
            !defaults.has(key) ||
            !sameValue(defaults.get(key), value);
        if (keep) config[key.includes(":") ? key : `${PROJECT}:${key}`] = value;
    }

    for (const e of answers.esc) {
        const problem = escReferenceProblem(e);
        if (problem !== undefined) throw new AnswerError(`--esc ${e}: ${problem}`);
    }
    const refusal = answers.esc.length > 0 ? escRefusal(root) : undefined;
    if (refusal !== undefined) throw new AnswerError(`--esc ${answers.esc.join(", ")}: ${refusal}`);

    const stack = stackNameOf(answers.team, answers.env);
    // The program's own validation, over Pulumi.yaml defaults + this file, exactly as `pulumi up` would see it
    // (ESC imports cannot be resolved offline: their values are not part of this check).
    parseConfig(readStackConfig(stack, {}, root, { config }).config);

    const doc: Record<string, unknown> = {};
    if (answers.esc.length > 0) doc["environment"] = [...answers.esc];
    doc["config"] = config;
    const header = [
        `# Team ${answers.team}, environment ${answers.env}: written by \`npm run new-team\`.`,
        `# Only what differs from the shared defaults in Pulumi.yaml${answers.esc.length > 0 ? " and the imported ESC environments" : ""} belongs here`,
        "# (see docs/shared-settings.md). No secret belongs here: no key of this project is secret, and CI signs in with OIDC.",
    ].join("\n");
    return {
        stack,
        file: stackFile(stack, root),
        config,
        environments: answers.esc,
        text: `${header}\n${stringify(doc)}`,
    };
}

/** Writes the stack file; refuses (StackExistsError) when it exists, atomically (`wx`: no check-then-write race). */
export function writeStackFile(plan: StackFilePlan): void {
    try {
        fs.writeFileSync(plan.file, plan.text, { flag: "wx" });
    } catch (err) {
        if ((err as NodeJS.ErrnoException).code === "EEXIST") throw new StackExistsError(plan.file);
        throw err;
    }
}

/**
 * The steps after the file exists, for this stack. `secrets`: the keys Pulumi.yaml declares `secret: true` (none
 * today, and then no secret step is shown: provider credentials are refused in favour of OIDC, README).
 */
export function followUpSteps(plan: StackFilePlan, secrets: readonly string[]): string {
    const file = path.basename(plan.file);
    const s = plan.stack;
    const steps: string[][] = [
        [
            `Check it offline, no Azure account needed: npm run plan -- --stack ${s}   (every stack: npm run plan -- --all)`,
        ],
        [
            "Create the stack on the state backend, once (someone logged in to it; docs/state-backends.md):",
            `     pulumi stack init ${s} --secrets-provider "azurekeyvault://<vault>.vault.azure.net/keys/<key>"   # Azure Blob`,
            `     pulumi stack init <org>/${s}                                                        # Pulumi Cloud`,
            `   It adds secretsprovider/encryptedkey to ${file}: commit them with it (new-team --from keeps them).`,
        ],
    ];
    if (secrets.length > 0) {
        steps.push([
            "Set the secret keys Pulumi.yaml declares, encrypted (never in the file in plain text):",
            ...secrets.map((k) => `     pulumi config set --secret --stack ${s} ${k} <value>`),
        ]);
    }
    if (plan.environments.length > 0) {
        steps.push([
            `Give the CI identity read access to the ESC environment(s) ${plan.environments.join(", ")}.`,
            "   Their values were not part of this offline check (the pull-request preview is the first to see them).",
        ]);
    }
    steps.push(
        [
            `Open a pull request with ${file}: .github/workflows/pull-request.yml runs the offline plan, the access`,
            "   diff and, after a maintainer approves, `pulumi preview` with the policy pack (job summary and a comment).",
        ],
        [`Merge: .github/workflows/deploy.yml runs \`pulumi up\` for ${s}.`],
    );
    return [
        `Wrote ${file} (stack ${s}).`,
        "",
        "Next steps (docs/onboarding.md):",
        ...steps.flatMap(([head, ...rest], i) => [`  ${i + 1}. ${head}`, ...rest.map((l) => `  ${l}`)]),
        "",
    ].join("\n");
}

/** The answers for one team environment of the teams file: its config as `--set` texts, validated the same way. */
export function answersOfTeamEnvironment(te: TeamEnvironment): NewTeamAnswers {
    const set: Record<string, string> = {};
    for (const [key, value] of Object.entries(te.config))
        set[key] = typeof value === "string" ? value : JSON.stringify(value);
    return {
        team: te.team,
        env: te.env,
        location: te.location,
        production: te.production,
        set,
        esc: te.esc,
        dryRun: false,
    };
}

/** A stack file the teams file asks for: new-team's plan for it and where the teams file declares it. */
export interface TeamsFilePlan extends ExpectedStackFile {
    readonly plan: StackFilePlan;
}

/**
 * new-team's plan for every team environment of the teams file (`name`, default teams.yaml, relative to `root`).
 * Throws TeamsFileError naming the teams-file key for a bad file or a config the program would reject; undefined
 * when there is no teams file.
 */
export function planTeamsFile(root: string = ROOT, name: string = TEAMS_FILE): TeamsFilePlan[] | undefined {
    const teams = readTeamsFile(root, name);
    if (teams === undefined) return undefined;
    const seen = new Set<string>();
    return teams.map((te) => {
        const stack = stackNameOf(te.team, te.env);
        if (seen.has(stack)) throw new TeamsFileError(name, te.key, `a second entry for stack ${stack}`);
        seen.add(stack);
        try {
            const plan = planStackFile(answersOfTeamEnvironment(te), root);
            return { plan, file: plan.file, from: te.key, config: plan.config, environments: plan.environments };
        } catch (err) {
            if (err instanceof ConfigError || err instanceof UsageError || err instanceof AnswerError) {
                const msg = err.message.replace(/--set ([\w:.-]+)/g, "config.$1").replace(/^--esc /, "esc ");
                throw new TeamsFileError(name, te.key, msg);
            }
            throw err;
        }
    });
}

/**
 * The existing stack file `text` with the keys the teams file owns (teamsFile.ts `ownedByTeamsFile`, and the ESC
 * imports) set to `plan`'s: each changed entry is edited in place (offline/yamlEdit.ts), so the secrets provider
 * fields (`secretsprovider:`, `encryptedkey:`), secure values, provider keys, other namespaces, comments and order
 * stay byte-identical. A secure value is never replaced.
 */
export function updatedStackFileText(text: string, plan: StackFilePlan, file: string = plan.file): string {
    let old: { config?: Record<string, unknown>; environment?: unknown };
    try {
        old = (parse(text) ?? {}) as typeof old;
    } catch (err) {
        throw new StackFileError(
            path.basename(file),
            `${path.basename(file)}: invalid YAML: ${(err as Error).message.split("\n")[0]}`,
        );
    }
    const actual = old.config ?? {};
    const spelled = (full: string): string | undefined =>
        [full, bareKey(full)].find((k) => Object.prototype.hasOwnProperty.call(actual, k));
    const edits: YamlEdit[] = [];
    for (const key of Object.keys(actual)) {
        const full = key.includes(":") ? key : `${PROJECT}:${key}`;
        if (isSecureValue(actual[key]) || full in plan.config) continue;
        if (ownedByTeamsFile(full, plan.config, PROJECT)) edits.push({ path: ["config", key], value: undefined });
    }
    for (const [key, value] of Object.entries(plan.config)) {
        const at = spelled(key);
        if (at !== undefined && (isSecureValue(actual[at]) || sameValue(actual[at], value))) continue;
        edits.push({ path: ["config", at ?? key], value });
    }
    if (!sameValue(environmentsOf(old), [...plan.environments])) {
        edits.push({ path: ["environment"], value: plan.environments.length > 0 ? [...plan.environments] : undefined });
    }
    try {
        return editYaml(text, edits);
    } catch (err) {
        if (!(err instanceof YamlEditError)) throw err;
        throw new StackFileError(path.basename(file), `${path.basename(file)}: cannot be edited: ${err.message}`);
    }
}

/**
 * Writes or updates every stack file of the teams file: a missing one is written whole, an existing one is edited
 * in place (`updatedStackFileText`) only when it disagrees. With `dryRun` nothing is written and each line is followed
 * by the diff it would write. Returns the lines to print.
 */
export function writeTeamsFile(plans: readonly TeamsFilePlan[], dryRun = false): string[] {
    // Every file's new text first: an existing file that cannot be edited stops the run before anything is written.
    const files = plans.map((p) => {
        const old = fs.existsSync(p.file) ? fs.readFileSync(p.file, "utf8") : undefined;
        return { file: p.file, old, text: old === undefined ? p.plan.text : updatedStackFileText(old, p.plan) };
    });
    const lines: string[] = [];
    for (const { file, old, text } of files) {
        const base = path.basename(file);
        if (old === text) {
            lines.push(`unchanged ${base}`);
            continue;
        }
        if (!dryRun) fs.writeFileSync(file, text);
        lines.push(`${old !== undefined ? "updated" : "wrote"}   ${base}${dryRun ? " (dry run: not written):" : ""}`);
        if (dryRun)
            lines.push(
                lineDiff(old ?? "", text)
                    .replace(/\n$/, "")
                    .replace(/^/gm, "    "),
            );
    }
    return lines;
}
