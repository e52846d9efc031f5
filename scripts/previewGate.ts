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
import { parseArgs } from "node:util";

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

interface Io {
    out(text: string): void;
    err(text: string): void;
}

const USAGE = `Usage: npm run --silent ci:preview-gate -- --environment NAME --status CODE --response FILE --summary FILE

Decides whether the credentialed preview runs: only when the GitHub environment NAME requires a reviewer. Reads the
HTTP status CODE and the body FILE of GET /repos/{owner}/{repo}/environments/NAME; prints preview=true|false and
reason=... for GITHUB_OUTPUT; appends the reason to the step summary FILE when the preview is skipped. Exit 0 either
way (skipping is an answer, not a failure); 2 on a usage error.

Options:
  --environment NAME   the environment the preview job references
  --status CODE        the HTTP status of the API call (000 or empty: no answer)
  --response FILE      the response body (may be missing when there was no answer)
  --summary FILE       the step summary (GITHUB_STEP_SUMMARY)
  -h, --help           this text
`;

export function main(argv: readonly string[], io: Io): number {
    let values: Record<string, string | boolean | undefined>;
    try {
        ({ values } = parseArgs({
            args: [...argv],
            strict: true,
            options: {
                environment: { type: "string" },
                status: { type: "string" },
                response: { type: "string" },
                summary: { type: "string" },
                help: { type: "boolean", short: "h" },
            },
        }));
    } catch (err) {
        io.err(`ci:preview-gate: ${(err as Error).message}\n\n${USAGE}`);
        return 2;
    }
    if (values["help"] === true) {
        io.out(USAGE);
        return 0;
    }
    const missing = ["environment", "status", "response", "summary"].filter((k) => values[k] === undefined);
    if (missing.length > 0) {
        io.err(`ci:preview-gate: missing ${missing.map((m) => `--${m}`).join(", ")}\n\n${USAGE}`);
        return 2;
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

if (require.main === module) {
    process.exitCode = main(process.argv.slice(2), {
        out: (t) => process.stdout.write(t),
        err: (t) => process.stderr.write(t),
    });
}
