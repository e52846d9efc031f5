/**
 * `npm run plan [-- --stack NAME] [-- --json | --access | --compare PLAN.json]` and `npm run plan -- --all`: the
 * offline plan. Evaluates the program for a stack under Pulumi's mock runtime, runs the policy pack (policy/) over
 * what it declares, and prints: the plan (default), the plan model as JSON (`--json`), the access matrix as a
 * Markdown table (`--access`), or what was granted and revoked since an earlier `--json` plan (`--compare`).
 * `--all` evaluates every committed Pulumi.<stack>.yaml, one at a time, and fails naming the first invalid stack file
 * and key. Exit 1 on invalid config (the config error is printed) or when a mandatory policy is violated.
 */
import * as fs from "fs";
import { parseArgs } from "node:util";
import { parseConfig } from "../config";
import { ConfigError } from "../config/errors";
import { evaluate } from "./offline/evaluate";
import { accessTable, type AccessGrant, diffAccess, renderAccessDiff } from "./offline/accessDiff";
import { mandatory, policyConfigFor, runPolicies } from "./offline/policies";
import { planModel, renderText } from "./offline/render";
import { planAll, renderPlanAll } from "./offline/planAll";
import { declarable, type Exemption, renderExemptions } from "../lib/exemptions";
import { stackExemptions } from "../config/hardening";
import { readStackConfig } from "./offline/stackConfig";

const USAGE =
    "usage: npm run plan -- [--stack NAME] [--json | --access | --compare PLAN.json | --policy-config] | --all\n";

/** The grants of an earlier `--json` plan (tolerates npm's banner lines before the JSON). */
export function grantsOfPlanFile(text: string): AccessGrant[] {
    const start = text.indexOf("{");
    if (start < 0) throw new Error("not an offline plan: no JSON object found");
    const model = JSON.parse(text.slice(start)) as { kind?: string; access?: { grants?: AccessGrant[] } };
    if (model.kind !== "aml-stamp offline plan" || !Array.isArray(model.access?.grants)) {
        throw new Error("not an offline plan written by `npm run plan -- --json`");
    }
    return model.access.grants;
}

async function main(): Promise<number> {
    const { values } = parseArgs({
        options: {
            stack: { type: "string", default: "dev" },
            json: { type: "boolean", default: false },
            all: { type: "boolean", default: false },
            access: { type: "boolean", default: false },
            compare: { type: "string" },
            "policy-config": { type: "boolean", default: false },
            help: { type: "boolean", short: "h", default: false },
        },
        strict: true,
    });
    if (values.help) {
        process.stdout.write(USAGE);
        return 0;
    }
    if (values.all) {
        const result = await planAll();
        (result.ok ? process.stdout : process.stderr).write(`${renderPlanAll(result)}\n`);
        return result.ok ? 0 : 1;
    }
    if (
        [values.json, values.access, values.compare !== undefined, values["policy-config"]].filter(Boolean).length > 1
    ) {
        process.stderr.write(`--json, --access, --compare and --policy-config are exclusive\n${USAGE}`);
        return 2;
    }
    try {
        if (values["policy-config"]) {
            const cfg = parseConfig(readStackConfig(values.stack).config);
            process.stdout.write(`${JSON.stringify(policyConfigFor(cfg), null, 2)}\n`);
            return 0;
        }
        const evaluation = await evaluate({ stack: values.stack });
        const stackConfig = parseConfig(readStackConfig(values.stack).config);
        const violations = await runPolicies(evaluation.resources, { config: policyConfigFor(stackConfig) });
        const model = planModel(evaluation, violations);
        if (values.access) {
            process.stdout.write(`${accessTable(model.access.grants)}\n`);
        } else if (values.compare !== undefined) {
            const before = grantsOfPlanFile(fs.readFileSync(values.compare, "utf8"));
            process.stdout.write(`${renderAccessDiff(diffAccess(before, model.access.grants))}\n`);
        } else {
            // Production stacks: the documented exemptions from built-in policies (lib/exemptions.ts).
            const exemptions = stackExemptions(stackConfig);
            const declared = (e: Exemption): boolean =>
                stackConfig.policyExemptions.assignmentId !== "" &&
                declarable(e, stackConfig.policyExemptions.referenceIds);
            if (values.json) {
                const withExemptions =
                    exemptions.length > 0
                        ? { ...model, exemptions: exemptions.map((e) => ({ ...e, declared: declared(e) })) }
                        : model;
                process.stdout.write(`${JSON.stringify(withExemptions, null, 2)}\n`);
            } else {
                const extra = exemptions.length > 0 ? `\n${renderExemptions(exemptions, declared)}` : "";
                process.stdout.write(`${renderText(model)}${extra}\n`);
            }
        }
        const must = mandatory(violations);
        if (must.length > 0) {
            process.stderr.write(
                `Stack "${values.stack}": ${must.length} mandatory policy violation(s); see the plan's policy section.\n`,
            );
            return 1;
        }
        return 0;
    } catch (err) {
        if (err instanceof ConfigError || (err as Error)?.name === "ConfigError") {
            process.stderr.write(`Stack "${values.stack}": ${(err as Error).message}\n`);
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
