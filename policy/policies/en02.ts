import { resourcePolicy, show, T } from "./kit";

export const TOKEN_EXCHANGE_AUDIENCE = "api://AzureADTokenExchange";
export const GITHUB_ISSUER = "https://token.actions.githubusercontent.com";

/** GitHub owner/repository names: letters, digits, hyphen, underscore and period; no wildcard. */
const NAME = "[A-Za-z0-9_.-]+";
/** Git ref and environment names: no whitespace, no wildcard, no colon. */
const REF = "[^\\s*:]+";
const GITHUB_SUBJECT = new RegExp(
    `^repo:${NAME}/${NAME}:(ref:refs/heads/${REF}|ref:refs/tags/${REF}|environment:${REF}|pull_request)$`,
);

/** Problems with a federated credential's subject for its issuer (empty when well-formed). */
export function subjectProblems(issuer: string, subject: string): string[] {
    if (subject.trim() === "" || /\s/.test(subject)) return ["subject must be non-empty without whitespace"];
    if (subject.includes("*")) return ["subject must not contain a wildcard: Entra matches subjects exactly"];
    if (issuer === GITHUB_ISSUER && !GITHUB_SUBJECT.test(subject)) {
        return [
            "GitHub subjects are repo:OWNER/REPO:ref:refs/heads/BRANCH, repo:OWNER/REPO:ref:refs/tags/TAG, repo:OWNER/REPO:environment:NAME or repo:OWNER/REPO:pull_request",
        ];
    }
    return [];
}

export default resourcePolicy({
    id: "EN-02",
    name: "federated-credential-well-formed",
    level: "baseline",
    description:
        "Federated identity credentials have an https issuer, a well-formed subject without wildcards and exactly the api://AzureADTokenExchange audience.",
    source: "Checkov CKV_AZURE_249; GitHub OIDC docs; Entra workload identity federation docs",
    types: [T.federated],
    check: (props, report) => {
        const issuer = props["issuer"];
        if (typeof issuer !== "string" || !/^https:\/\/[^\s*]+$/.test(issuer)) {
            report(`issuer must be an https URL; found ${show(issuer)}`);
        }
        const subject = props["subject"];
        if (typeof subject !== "string") {
            report(`subject must be set; found ${show(subject)}`);
        } else {
            for (const p of subjectProblems(typeof issuer === "string" ? issuer : "", subject))
                report(`${p}; found "${subject}"`);
        }
        const audiences = props["audiences"];
        if (!Array.isArray(audiences) || audiences.length !== 1 || audiences[0] !== TOKEN_EXCHANGE_AUDIENCE) {
            report(`audiences must be exactly ["${TOKEN_EXCHANGE_AUDIENCE}"]; found ${show(audiences)}`);
        }
    },
});
