/**
 * `npm run --silent ci:preview-gate -- --environment NAME --status CODE --response FILE --summary FILE`: decides, in
 * the credential-free `stacks` job of pull-request.yml, whether the credentialed preview may run. It may only when
 * the GitHub environment it references requires a reviewer: the approval is what stops a pull request's code from
 * running with the preview identity and the state backend's credentials unread.
 *
 * Input: the GitHub REST API's "Get an environment" answer (GET /repos/{owner}/{repo}/environments/{name}; its
 * `protection_rules` list holds `{type: "required_reviewers", reviewers: [...]}` when reviewers are configured;
 * docs.github.com/rest/deployments/environments). Required reviewers exist for public repositories on every current
 * plan, and for private or internal repositories on GitHub Enterprise only ("If you are on a GitHub Free, GitHub Pro,
 * or GitHub Team plan, other deployment protection rules, such as a wait timer or required reviewers, are only
 * available for public repositories", same page). A job that names a missing environment creates it unprotected
 * (docs.github.com, "Managing environments for deployment"), so a missing one never passes.
 *
 * Prints `preview=true|false` and `reason=...` for GITHUB_OUTPUT; appends the reason to the step summary when the
 * preview is skipped.
 */
import * as fs from "fs";
import { type Command, Exit, type Io, type Options, parseOptions, runMain, usageError } from "./cli";

/** The decision and why, in one line (it goes to GITHUB_OUTPUT). */
export interface Gate {
    readonly preview: boolean;
    readonly reason: string;
}

const PLANS =
    "required reviewers exist for public repositories on every GitHub plan, and for private or internal " +
    "repositories on GitHub Enterprise only (docs.github.com/rest/deployments/environments)";

interface ProtectionRule {
    type?: unknown;
    reviewers?: unknown;
}

/** Decides from the HTTP status and body of "Get an environment". Anything unexpected skips the preview. */
export function previewGate(environment: string, status: number, body: string): Gate {
    const skip = (why: string): Gate => ({
        preview: false,
        reason: `credentialed preview skipped: ${why}; only the offline plan ran (docs/ci-security.md)`,
    });
    if (status === 404) {
        return skip(
            `the environment \`${environment}\` does not exist (a job naming it would create it with no protection ` +
                `rule); create it with required reviewers: ${PLANS}`,
        );
    }
    if (status !== 200) {
        return skip(
            `the GitHub API answered ${status === 0 ? "nothing" : `HTTP ${status}`} for the environment ` +
                `\`${environment}\` (the job needs \`actions: read\`), so its protection rules are unknown`,
        );
    }
    let rules: unknown;
    try {
        rules = (JSON.parse(body) as { protection_rules?: unknown }).protection_rules ?? [];
    } catch {
        return skip(`the GitHub API's answer for the environment \`${environment}\` is not JSON`);
    }
    if (!Array.isArray(rules)) return skip(`the environment \`${environment}\`'s protection_rules is not a list`);
    const reviewers = (rules as ProtectionRule[])
        .filter((r) => r.type === "required_reviewers")
        .flatMap((r) => (Array.isArray(r.reviewers) ? (r.reviewers as unknown[]) : []));
    if (reviewers.length === 0) {
        const types = (rules as ProtectionRule[]).map((r) => String(r.type));
        return skip(
            `the environment \`${environment}\` requires no reviewer (its protection rules: ` +
                `${types.length > 0 ? types.join(", ") : "none"}); ${PLANS}`,
        );
    }
    return {
        preview: true,
        reason: `the environment \`${environment}\` requires a reviewer (${reviewers.length} configured)`,
    };
}

/** The command line, declared once (scripts/cli.ts): parsing, `--help` and the sweep of tests/cli.spec.ts. */
export const PREVIEW_GATE_COMMAND = {
    name: "npm run --silent ci:preview-gate --",
    synopsis: ["--environment NAME --status CODE --response FILE --summary FILE"],
    summary:
        "Whether the credentialed preview may run: the environment's protection rules from the GitHub REST API must name a reviewer.",
    options: {
        environment: { type: "string", value: "NAME", description: "the environment the preview job references" },
        status: {
            type: "string",
            value: "CODE",
            description: "the HTTP status of the API call (000 or empty: no answer)",
        },
        response: {
            type: "string",
            value: "FILE",
            description: "the response body (may be missing when there was no answer)",
        },
        summary: { type: "string", value: "FILE", description: "the step summary (GITHUB_STEP_SUMMARY)" },
    },
} as const satisfies Command<Options>;

export function main(argv: readonly string[], io: Io): number {
    const values = parseOptions(PREVIEW_GATE_COMMAND, argv, io);
    if (values instanceof Exit) return values.code;
    const missing = (["environment", "status", "response", "summary"] as const).filter((k) => values[k] === undefined);
    if (missing.length > 0) {
        return usageError(PREVIEW_GATE_COMMAND, io, `missing ${missing.map((m) => `--${m}`).join(", ")}`).code;
    }
    const statusText = String(values["status"]).trim();
    if (!/^\d{0,3}$/.test(statusText)) {
        io.err(`ci:preview-gate: --status ${JSON.stringify(statusText)} is not an HTTP status code (3 digits)\n`);
        return 2;
    }
    const file = String(values["response"]);
    const body = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "";
    const gate = previewGate(String(values["environment"]), statusText === "" ? 0 : Number(statusText), body);
    if (!gate.preview) fs.appendFileSync(String(values["summary"]), `### Preview\n\n${gate.reason}.\n`);
    io.out(`preview=${gate.preview}\nreason=${gate.reason}\n`);
    return 0;
}

if (require.main === module) runMain("ci:preview-gate", main);
