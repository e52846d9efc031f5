/**
 * `npm run plan [-- --stack NAME] [-- --json | --access | --compare PLAN.json]` and `npm run plan -- --all`: the
 * offline plan. Evaluates the program for a stack under Pulumi's mock runtime, runs the policy pack (policy/) over
 * what it declares, and prints: the plan (default), the plan model as JSON (`--json` = `--format json`), the same
 * plan as Markdown for a pull request's step summary (`--format markdown`), the access matrix as a
 * Markdown table (`--access`), or what was granted and revoked since an earlier `--json` plan of the same stack
 * (`--compare`, with or without `--access`; the file is checked first: offline/accessDiff.ts readPlanGrants).
 * `--all` evaluates every committed Pulumi.<stack>.yaml, one at a time, and fails naming the first invalid stack file
 * and key. Exit 1 on invalid config (the config error is printed) or when a mandatory policy is violated.
 */
import * as fs from "fs";
import { parseConfig } from "../config";
import { ConfigError } from "../config/errors";
import { evaluate } from "../offline/evaluate";
import { type AccessGrant, diffAccess, PlanFileError, readPlanGrants, renderAccessDiff } from "../offline/accessDiff";
import { mandatory, platformPolicyConfig, policyConfigFor, runPolicies } from "../offline/policies";
import { accessMarkdown, planModel, renderMarkdown, renderText } from "../offline/render";
import { planAll, renderPlanAll } from "../offline/planAll";
import { declarable, type Exemption, renderExemptions } from "../lib/exemptions";
import { stackExemptions } from "../config/hardening";
import { escNote, PLATFORM_ROOT, readStackConfig, readStackDoc, StackFileError } from "../offline/stackConfig";
import { parsePlatformConfig } from "../platform/config";
import { Exit, parseOptions } from "./cli";

const USAGE =
    "usage: npm run plan -- [--project team|platform] [--stack NAME] [--format text|json|markdown | --json | --access | --compare PLAN.json | --policy-config] | --all\n";

/** Output formats of the plan: `--json` is `--format json`; `markdown` is for a pull request's step summary. */
export const FORMATS = ["text", "json", "markdown"] as const;

/** The platform project's example stack: what `--project platform` plans by default. */
const PLATFORM_DEFAULT_STACK = "example";

/** The grants of an earlier `--json` plan (tolerates npm's banner lines before the JSON); offline/accessDiff.ts. */
export function grantsOfPlanFile(text: string, file = "PLAN.json", stack?: string): AccessGrant[] {
    return readPlanGrants(text, file, stack);
}

async function main(): Promise<number> {
    const values = parseOptions(
        {
            project: { type: "string", default: "team" },
            stack: { type: "string" },
            json: { type: "boolean", default: false },
            format: { type: "string" },
            all: { type: "boolean", default: false },
            access: { type: "boolean", default: false },
            compare: { type: "string" },
            "policy-config": { type: "boolean", default: false },
        } as const,
        USAGE,
    );
    if (values instanceof Exit) return values.code;
    if (values.project !== "team" && values.project !== "platform") {
        process.stderr.write(`--project must be team or platform, got "${values.project}"\n${USAGE}`);
        return 2;
    }
    const platform = values.project === "platform";
    const stack = values.stack ?? (platform ? PLATFORM_DEFAULT_STACK : "dev");
    if (platform && values.all) {
        process.stderr.write(`--all plans the team stacks; the platform has one stack: use --stack\n${USAGE}`);
        return 2;
    }
    if (values.all) {
        const result = await planAll();
        (result.ok ? process.stdout : process.stderr).write(`${renderPlanAll(result)}\n`);
        return result.ok ? 0 : 1;
    }
    // `--compare` prints the access diff, so `--access --compare` asks for the same thing (and is what CI used).
    const compare = values.compare;
    if (values.format !== undefined && !(FORMATS as readonly string[]).includes(values.format)) {
        process.stderr.write(`--format ${values.format}: must be one of ${FORMATS.join(", ")}\n${USAGE}`);
        return 2;
    }
    if (
        [
            values.json,
            values.format !== undefined,
            values.access && compare === undefined,
            compare !== undefined,
            values["policy-config"],
        ].filter(Boolean).length > 1
    ) {
        process.stderr.write(`--format, --json, --access, --compare and --policy-config are exclusive\n${USAGE}`);
        return 2;
    }
    const format = values.json ? "json" : (values.format ?? "text");
    try {
        // The platform stack: its own config and its own pack config (platformPolicyConfig); team stacks: the pack
        // config from the guardrails (policyConfigFor).
        const root = platform ? PLATFORM_ROOT : undefined;
        const stackConfig = platform ? undefined : parseConfig(readStackConfig(stack).config);
        const packConfig = (): Record<string, Record<string, unknown>> => {
            if (stackConfig === undefined) {
                parsePlatformConfig(readStackConfig(stack, {}, PLATFORM_ROOT).config);
                return platformPolicyConfig();
            }
            return policyConfigFor(stackConfig);
        };
        if (values["policy-config"]) {
            process.stdout.write(`${JSON.stringify(packConfig(), null, 2)}\n`);
            return 0;
        }
        // Read and check the earlier plan before evaluating anything: a wrong file fails fast, naming itself.
        let before: AccessGrant[] | undefined;
        if (compare !== undefined) {
            let text: string;
            try {
                text = fs.readFileSync(compare, "utf8");
            } catch (err) {
                throw new PlanFileError(`--compare ${compare}: cannot read the file (${(err as Error).message})`);
            }
            before = readPlanGrants(text, compare, stack);
        }
        const evaluation = await evaluate({ stack, ...(root !== undefined ? { root } : {}) });
        const violations = await runPolicies(evaluation.resources, { config: packConfig() });
        const model = planModel(evaluation, violations);
        if (before !== undefined) {
            process.stdout.write(`${renderAccessDiff(diffAccess(before, model.access.grants))}\n`);
        } else if (values.access) {
            process.stdout.write(`${accessMarkdown(model)}\n`);
        } else {
            // Production stacks: the documented exemptions from built-in policies (lib/exemptions.ts); the platform
            // stack has none.
            const exemptions = stackConfig === undefined ? [] : stackExemptions(stackConfig);
            const declared = (e: Exemption): boolean =>
                stackConfig !== undefined &&
                stackConfig.policyExemptions.assignmentId !== "" &&
                declarable(e, stackConfig.policyExemptions.referenceIds);
            if (format === "json") {
                const withExemptions =
                    exemptions.length > 0
                        ? { ...model, exemptions: exemptions.map((e) => ({ ...e, declared: declared(e) })) }
                        : model;
                process.stdout.write(`${JSON.stringify(withExemptions, null, 2)}\n`);
            } else if (format === "markdown") {
                const extra =
                    exemptions.length > 0 ? `\n\n\`\`\`\n${renderExemptions(exemptions, declared)}\n\`\`\`` : "";
                process.stdout.write(`${renderMarkdown(model)}${extra}\n`);
            } else {
                const extra = exemptions.length > 0 ? `\n${renderExemptions(exemptions, declared)}` : "";
                // A stack importing ESC: what the environment can still add (stackConfig.ts escNote).
                const esc = escNote(readStackDoc(stack, root), root);
                process.stdout.write(`${[`${renderText(model)}${extra}`, ...esc].join("\n")}\n`);
            }
        }
        const must = mandatory(violations);
        if (must.length > 0) {
            process.stderr.write(
                `Stack "${stack}": ${must.length} mandatory policy violation(s); see the plan's policy section.\n`,
            );
            return 1;
        }
        return 0;
    } catch (err) {
        if (err instanceof PlanFileError || err instanceof StackFileError) {
            process.stderr.write(`${err.message}\n`);
            return 1;
        }
        if (err instanceof ConfigError || (err as Error)?.name === "ConfigError") {
            process.stderr.write(`Stack "${stack}": ${(err as Error).message}\n`);
            return 1;
        }
        throw err;
    }
}

if (require.main === module) {
    main().then(
        (code) => process.exit(code),
        (err: unknown) => {
            process.stderr.write(
                `offline plan failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
            );
            process.exit(2);
        },
    );
}
