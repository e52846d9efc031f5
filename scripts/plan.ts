/**
 * `npm run plan [-- --stack NAME] [-- --json | --format F | --access | --compare PLAN.json]` and `npm run plan -- --all`: the
 * offline plan. Evaluates the program for a stack under Pulumi's mock runtime, runs the policy pack (policy/) over
 * what it declares, and prints: the plan (default), the plan model as JSON (`--json` = `--format json`), the same
 * plan as Markdown for a pull request's step summary (`--format markdown`), the access matrix as a
 * Markdown table (`--access`), or what changed since an earlier `--json` plan of the same stack (`--compare`: the
 * access diff, then every setting change, marking what Azure refuses and what replaces a resource; exit 1 when a
 * change cannot be deployed; the file is checked first: offline/accessDiff.ts readPlanFile). `--all` evaluates every committed
 * Pulumi.<stack>.yaml, one at a time, reports every stack (`--json`: one JSON document with each stack's plan) and
 * fails when any failed; `--all --format markdown` and `--all --compare PLANS.json` (an earlier `--all --json`) print
 * each stack's Markdown plan or diff, so a pull request's job runs one plan per step instead of one per stack.
 * Exit 1 on invalid config (the config error is printed) or when a mandatory policy is violated; 2 on a usage error
 * (scripts/cli.ts: the options are declared once in PLAN_COMMAND).
 */
import * as fs from "fs";
import * as path from "path";
import { parseConfig, PROJECT, type StackConfig } from "../config";
import { ConfigError } from "../config/errors";
import { evaluate } from "../offline/evaluate";
import {
    type AccessGrant,
    diffAccess,
    type PlanAllEntry,
    type PlanFile,
    PlanFileError,
    readPlanAllFile,
    readPlanFile,
    readPlanGrants,
    renderAccessDiff,
} from "../offline/accessDiff";
import { configRefusals, diffPlans, renderPlanDiff } from "../offline/planDiff";
import { mandatory, platformPolicyConfig, policyConfigFor, runPolicies } from "../offline/policies";
import { accessMarkdown, planModel, type PlanModel, renderMarkdown, renderText } from "../offline/render";
import { planAll, planAllJson, renderPlanAll, stackNameMismatch } from "../offline/planAll";
import { declarable, type Exemption, renderExemptions } from "../lib/exemptions";
import { stackExemptions } from "../config/hardening";
import {
    escNote,
    listStacks,
    PLATFORM_ROOT,
    ROOT,
    readStackConfig,
    readStackDoc,
    StackFileError,
    stackFile,
} from "../offline/stackConfig";
import { parsePlatformConfig } from "../platform/config";
import { type Command, Exit, type Io, type Options, parseOptions, runMain, stackNameProblem, usageError } from "./cli";

/** Output formats of the plan: `--json` is `--format json`; `markdown` is for a pull request's step summary. */
export const FORMATS = ["text", "json", "markdown"] as const;

/** The platform project's example stack: what `--project platform` plans by default. */
const PLATFORM_DEFAULT_STACK = "example";

/** The plan's command line, declared once: parsing, `--help` and tests/cli.spec.ts's sweep all read it. */
export const PLAN_COMMAND = {
    name: "npm run plan --",
    synopsis: [
        "[--project team|platform] [--stack NAME] [--format text|json|markdown | --json | --access | --compare PLAN.json | --policy-config]",
        "--all [--json | --format text|json|markdown | --compare PLANS.json]",
    ],
    summary:
        "The offline plan of a stack: what it declares, who gets which role, the policy pack's findings (Pulumi's mock\n" +
        "runtime, nothing reaches Azure). Exit 1 on invalid config or a mandatory policy violation.",
    options: {
        project: {
            type: "string",
            choices: ["team", "platform"],
            default: "team",
            description: "the team project (root) or the platform project (platform/)",
        },
        stack: {
            type: "string",
            value: "NAME",
            check: stackNameProblem,
            description: "the stack whose Pulumi.<NAME>.yaml is planned (default: dev; platform: example)",
        },
        format: {
            type: "string",
            choices: FORMATS,
            description: "text (default), json (the plan model) or markdown (a pull request's step summary)",
        },
        json: { type: "boolean", default: false, description: "the plan model as JSON (= --format json)" },
        access: { type: "boolean", default: false, description: "only the access matrix, as a Markdown table" },
        compare: {
            type: "string",
            value: "PLAN.json",
            description:
                "what changed since an earlier --json plan of the same stack (with --all: since an earlier --all --json): access, settings, what Azure refuses (exit 1)",
        },
        "policy-config": {
            type: "boolean",
            default: false,
            description: "the policy pack config of the stack (pulumi preview --policy-pack-config)",
        },
        all: {
            type: "boolean",
            default: false,
            description: "every committed team stack, checked against teams.yaml; every failure reported, then exit 1",
        },
    },
    conflicts: [
        ["format", "json", "access", "compare", "policy-config"],
        ["all", "stack"],
        ["all", "access"],
        ["all", "policy-config"],
    ],
} as const satisfies Command<Options>;

/** The grants of an earlier `--json` plan (tolerates npm's banner lines before the JSON); offline/accessDiff.ts. */
export function grantsOfPlanFile(text: string, file = "PLAN.json", stack?: string): AccessGrant[] {
    return readPlanGrants(text, file, stack);
}

/**
 * A platform stack without its file: what makes one (an administrator copies the example), not `new-team` (which
 * makes team stacks). Undefined when the file exists.
 */
export function missingPlatformStack(stack: string, root: string = PLATFORM_ROOT): string | undefined {
    if (fs.existsSync(stackFile(stack, root))) return undefined;
    const stacks = listStacks(root);
    return (
        `no platform stack file platform/${path.basename(stackFile(stack, root))} for stack "${stack}". Platform ` +
        `stacks with a file: ${stacks.length > 0 ? stacks.join(", ") : "(none)"}. A platform stack is made once per ` +
        `subscription by an administrator: copy platform/Pulumi.example.yaml to platform/Pulumi.${stack}.yaml, set ` +
        "its keys, then `cd platform && pulumi stack init " +
        `${stack}\` (README.md "Deploying for real", step 2). npm run new-team makes team stacks only.`
    );
}

/**
 * The plan's CLI: exit 0, 1 (invalid config, a mandatory violation, a bad file) or 2 (usage). `stacks` is where the
 * team stack files are (tests: a temporary directory); the project itself is always the repository's.
 */
export async function main(argv: readonly string[], io: Io, stacks: string = ROOT): Promise<number> {
    const values = parseOptions(PLAN_COMMAND, argv, io);
    if (values instanceof Exit) return values.code;
    const platform = values.project === "platform";
    const stack = values.stack ?? (platform ? PLATFORM_DEFAULT_STACK : "dev");
    if (values.all) {
        if (platform) {
            return usageError(PLAN_COMMAND, io, "--all plans the team stacks; the platform has one stack: use --stack")
                .code;
        }
        if (values.compare !== undefined) return compareAll(values.compare, io, stacks);
        if (values.format === "markdown")
            return eachStack(listStacks(stacks), (s) => planStack({ stack: s, format: "markdown" }, io, stacks));
        const json = values.json || values.format === "json";
        // --json: each stack's plan as --stack NAME --json prints it (what --all --compare reads).
        const plans = new Map<string, unknown>();
        const result = await planAll({
            root: stacks,
            ...(json ? { onEvaluated: (s, e, v, cfg) => plans.set(s, planDocument(planModel(e, v), cfg)) } : {}),
        });
        if (json) io.out(`${JSON.stringify(planAllJson(result, plans), null, 2)}\n`);
        else (result.ok ? io.out : io.err)(`${renderPlanAll(result)}\n`);
        return result.ok ? 0 : 1;
    }
    return planStack(
        {
            stack,
            platform,
            // parseOptions checked the value against FORMATS (the option's choices).
            format: values.json ? "json" : ((values.format as (typeof FORMATS)[number] | undefined) ?? "text"),
            access: values.access,
            policyConfig: values["policy-config"],
            ...(values.compare !== undefined ? { compare: values.compare } : {}),
        },
        io,
        stacks,
    );
}

/** Runs `plan` for each stack, every one whatever failed before: exit 1 when any did. */
async function eachStack(stacks: readonly string[], plan: (stack: string) => Promise<number>): Promise<number> {
    let code = 0;
    for (const stack of stacks) code = Math.max(code, await plan(stack));
    return code;
}

/**
 * `--all --compare PLANS.json`: under a `### Stack` heading per stack, its diff against its plan in PLANS.json (an
 * earlier `--all --json`, the base branch's), or its full access when it has none there (a new stack, or one whose
 * config was refused there). The file is read and checked before anything is evaluated.
 */
async function compareAll(file: string, io: Io, stacks: string): Promise<number> {
    let base: ReadonlyMap<string, PlanAllEntry>;
    try {
        base = readPlanAllFile(readCompareFile(file), file);
    } catch (err) {
        if (!(err instanceof PlanFileError)) throw err;
        io.err(`${err.message}\n`);
        return 1;
    }
    return eachStack(listStacks(stacks), async (stack) => {
        io.out(`\n### Stack \`${stack}\`\n\n`);
        const before = base.get(stack);
        if (before?.plan !== undefined) return planStack({ stack, before: { plan: before.plan, file } }, io, stacks);
        const why =
            before === undefined
                ? "New stack"
                : before.ok
                  ? `No plan of this stack in ${file} (an older plan --all --json)`
                  : "Not valid on the base branch";
        io.out(`${why}: its full access.\n\n`);
        return planStack({ stack, access: true }, io, stacks);
    });
}

function readCompareFile(file: string): string {
    try {
        return fs.readFileSync(file, "utf8");
    } catch (err) {
        throw new PlanFileError(`--compare ${file}: cannot read the file (${(err as Error).message})`);
    }
}

/** The production stacks' documented exemptions (lib/exemptions.ts) and which of them the stack declares. */
function exemptionsOf(stackConfig: StackConfig | undefined): {
    exemptions: Exemption[];
    declared: (e: Exemption) => boolean;
} {
    return {
        exemptions: stackConfig === undefined ? [] : stackExemptions(stackConfig),
        declared: (e) =>
            stackConfig !== undefined &&
            stackConfig.policyExemptions.assignmentId !== "" &&
            declarable(e, stackConfig.policyExemptions.referenceIds),
    };
}

/** What `--json` prints: the plan model, with a production stack's exemptions. */
function planDocument(model: PlanModel, stackConfig: StackConfig | undefined): unknown {
    const { exemptions, declared } = exemptionsOf(stackConfig);
    return exemptions.length > 0
        ? { ...model, exemptions: exemptions.map((e) => ({ ...e, declared: declared(e) })) }
        : model;
}

/** One stack's plan, as `--stack NAME` with the other flags asks for it. */
interface StackRequest {
    readonly stack: string;
    readonly platform?: boolean;
    readonly format?: (typeof FORMATS)[number];
    readonly access?: boolean;
    readonly policyConfig?: boolean;
    /** --compare FILE: read and checked before anything is evaluated. */
    readonly compare?: string;
    /** An earlier plan already read (--all --compare), and the file it came from. */
    readonly before?: { readonly plan: PlanFile; readonly file: string };
}

async function planStack(req: StackRequest, io: Io, stacks: string): Promise<number> {
    const { stack } = req;
    const platform = req.platform ?? false;
    const compare = req.compare ?? req.before?.file;
    if (platform) {
        const missing = missingPlatformStack(stack);
        if (missing !== undefined) {
            io.err(`${missing}\n`);
            return 1;
        }
    }
    const format = req.format ?? "text";
    let before: PlanFile | undefined = req.before?.plan;
    let raw: Record<string, string> | undefined;
    try {
        // The platform stack: its own config and its own pack config (platformPolicyConfig); team stacks: the pack
        // config from the guardrails (policyConfigFor).
        const root = platform ? PLATFORM_ROOT : undefined;
        const doc = readStackDoc(stack, platform ? PLATFORM_ROOT : stacks);
        const stackDoc = { config: doc.config ?? {} };
        // Read and check the earlier plan before evaluating anything: a wrong file fails fast, naming itself.
        if (req.compare !== undefined) before = readPlanFile(readCompareFile(req.compare), req.compare, stack);
        raw = platform ? undefined : readStackConfig(stack, {}, ROOT, stackDoc).config;
        const stackConfig = raw === undefined ? undefined : parseConfig(raw);
        // A stack file named for another team or environment: said on stderr (stdout stays the plan).
        const mismatch = stackConfig && stackNameMismatch(stack, stackConfig.team, stackConfig.environment);
        if (mismatch) io.err(`note: ${mismatch}\n`);
        const packConfig = (): Record<string, Record<string, unknown>> => {
            if (stackConfig === undefined) {
                parsePlatformConfig(readStackConfig(stack, {}, PLATFORM_ROOT).config);
                return platformPolicyConfig();
            }
            return policyConfigFor(stackConfig);
        };
        if (req.policyConfig) {
            io.out(`${JSON.stringify(packConfig(), null, 2)}\n`);
            return 0;
        }
        const evaluation = await evaluate({ stack, ...(root !== undefined ? { root } : { stackDoc }) });
        const violations = await runPolicies(evaluation.resources, { config: packConfig() });
        const model = planModel(evaluation, violations);
        if (before !== undefined) {
            // Access first (granted / revoked), then every other setting change, marking what Azure refuses and
            // what replaces a resource (offline/planDiff.ts). A refusal fails the command: the PR's check.
            const settings = diffPlans(before.model, model);
            const shown = renderPlanDiff(settings);
            io.out(
                `${renderAccessDiff(diffAccess(before.grants, model.access.grants))}${shown !== "" ? `\n\n${shown}` : ""}\n`,
            );
            if (settings.refusals.length > 0) {
                io.err(
                    `Stack "${stack}": ${settings.refusals.length} change(s) since ${compare} cannot be deployed:\n` +
                        settings.refusals.map((r) => `  - ${r}\n`).join(""),
                );
                return 1;
            }
        } else if (req.access) {
            io.out(`${accessMarkdown(model)}\n`);
        } else {
            // Production stacks: the documented exemptions from built-in policies (lib/exemptions.ts); the platform
            // stack has none.
            const { exemptions, declared } = exemptionsOf(stackConfig);
            if (format === "json") {
                io.out(`${JSON.stringify(planDocument(model, stackConfig), null, 2)}\n`);
            } else if (format === "markdown") {
                const extra =
                    exemptions.length > 0 ? `\n\n\`\`\`\n${renderExemptions(exemptions, declared)}\n\`\`\`` : "";
                io.out(`${renderMarkdown(model)}${extra}\n`);
            } else {
                const extra = exemptions.length > 0 ? `\n${renderExemptions(exemptions, declared)}` : "";
                // A stack importing ESC: what the environment can still add (stackConfig.ts escNote).
                const esc = escNote(doc, root);
                io.out(`${[`${renderText(model)}${extra}`, ...esc].join("\n")}\n`);
            }
        }
        const must = mandatory(violations);
        if (must.length > 0) {
            io.err(`Stack "${stack}": ${must.length} mandatory policy violation(s); see the plan's policy section.\n`);
            return 1;
        }
        return 0;
    } catch (err) {
        if (err instanceof PlanFileError || err instanceof StackFileError) {
            io.err(`${err.message}\n`);
            return 1;
        }
        if (err instanceof ConfigError || (err as Error)?.name === "ConfigError") {
            io.err(`Stack "${stack}": ${(err as Error).message}\n`);
            // --compare: what Azure would refuse even once the config is valid, in the Markdown the PR shows.
            const refused = before !== undefined && raw !== undefined ? configRefusals(before.model, raw, PROJECT) : [];
            if (refused.length > 0) {
                io.out(
                    `### Refused: ${refused.length} change(s) cannot be deployed\n\n` +
                        `The stack config is refused (see the log); against the earlier plan Azure also refuses:\n\n` +
                        `${refused.map((r) => `- ${r}`).join("\n")}\n`,
                );
                io.err(refused.map((r) => `  - ${r}\n`).join(""));
            }
            return 1;
        }
        throw err;
    }
}

if (require.main === module) runMain("offline plan", main);
