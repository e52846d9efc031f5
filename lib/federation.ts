/**
 * Federated identity credentials (workload identity federation), pure: subject builders and validators.
 *
 * Sources:
 * - GitHub OIDC: issuer `https://token.actions.githubusercontent.com`; subject claims
 *   `repo:OWNER/REPO:ref:refs/heads/BRANCH`, `repo:OWNER/REPO:ref:refs/tags/TAG`, `repo:OWNER/REPO:environment:NAME`,
 *   `repo:OWNER/REPO:pull_request` (docs.github.com/actions/reference/openid-connect-reference, "Example subject
 *   claims"). Entra matches the subject exactly: a wildcard is never expanded, it only fails to match (or, worse,
 *   reads as if it did), so wildcards are refused.
 * - Entra (Microsoft Graph federatedIdentityCredential, learn.microsoft.com/graph/api/resources/federatedidentitycredential):
 *   audience `api://AzureADTokenExchange`; name at most 120 characters and URL friendly; issuer and subject at most
 *   600 characters each; issuer+subject unique per application; at most 20 credentials per application
 *   (application-post-federatedidentitycredentials).
 */

export const GITHUB_ISSUER = "https://token.actions.githubusercontent.com";
export const ENTRA_AUDIENCE = "api://AzureADTokenExchange";
export const MAX_FEDERATED_CREDENTIALS = 20;
export const MAX_NAME = 120;
export const MAX_SUBJECT = 600;

/** A GitHub Actions trust: exactly one of branch, tag, environment or pullRequest. */
export interface GitHubTrust {
    /** `OWNER/REPO`, no wildcard. */
    readonly repo: string;
    readonly branch?: string;
    readonly tag?: string;
    readonly environment?: string;
    readonly pullRequest?: boolean;
}

/** GitHub owner (user or organization): 1-39 alphanumerics or single hyphens, not starting or ending with one. */
const OWNER = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/;
/** GitHub repository name: 1-100 of letters, digits, `.`, `_`, `-`; not `.` or `..`. */
const REPO = /^[A-Za-z0-9._-]{1,100}$/;

/** Problems with `OWNER/REPO` (empty when valid). */
export function repoProblems(repo: string): string[] {
    const parts = repo.split("/");
    if (parts.length !== 2) return [`repo "${repo}" must be OWNER/REPO`];
    const [owner, name] = parts as [string, string];
    const problems: string[] = [];
    if (owner.includes("*") || name.includes("*"))
        problems.push(`repo "${repo}": no wildcard owner or repository (Entra matches subjects exactly)`);
    else {
        if (!OWNER.test(owner))
            problems.push(
                `owner "${owner}" must be 1-39 letters, digits or single hyphens, not starting or ending with a hyphen`,
            );
        if (!REPO.test(name) || name === "." || name === "..")
            problems.push(`repository "${name}" must be 1-100 letters, digits, '.', '_' or '-'`);
    }
    return problems;
}

/** Problems with a branch or tag name, following git's ref-name rules (git check-ref-format), and no wildcard. */
export function refNameProblems(kind: "branch" | "tag", name: string): string[] {
    if (name.length === 0) return [`${kind} must not be empty`];
    if (/[*?[]/.test(name))
        return [`${kind} "${name}": no wildcards (Entra matches subjects exactly; declare one credential per ${kind})`];
    if (name.startsWith("refs/")) return [`${kind} "${name}": give the bare name, without refs/heads/ or refs/tags/`];
    const bad =
        /[\s~^:\\]/.test(name) ||
        name.includes("..") ||
        name.includes("@{") ||
        name.includes("//") ||
        name.startsWith("/") ||
        name.endsWith("/") ||
        name.endsWith(".") ||
        name.endsWith(".lock") ||
        name.split("/").some((c) => c.startsWith("."));
    return bad
        ? [
              `${kind} "${name}" is not a valid git ref name (no spaces, ~ ^ : \\, '..', '@{', leading/trailing '/' or trailing '.lock')`,
          ]
        : [];
}

/** Problems with a GitHub environment name (at most 255 characters; `:` would break the subject; no wildcard). */
export function environmentProblems(name: string): string[] {
    if (name.trim().length === 0 || name !== name.trim())
        return [`environment "${name}" must be non-empty without leading or trailing spaces`];
    if (name.length > 255) return [`environment "${name.slice(0, 20)}…" is longer than 255 characters`];
    if (/[*?:]/.test(name)) return [`environment "${name}": no wildcards and no ':'`];
    return [];
}

/** Problems with a GitHub trust: valid repo and exactly one of branch, tag, environment, pullRequest. */
export function gitHubTrustProblems(t: GitHubTrust): string[] {
    const problems = repoProblems(t.repo);
    const chosen = [
        t.branch !== undefined,
        t.tag !== undefined,
        t.environment !== undefined,
        t.pullRequest === true,
    ].filter(Boolean).length;
    if (chosen !== 1) problems.push("set exactly one of branch, tag, environment or pullRequest: true");
    if (t.branch !== undefined) problems.push(...refNameProblems("branch", t.branch));
    if (t.tag !== undefined) problems.push(...refNameProblems("tag", t.tag));
    if (t.environment !== undefined) problems.push(...environmentProblems(t.environment));
    return problems;
}

/** The GitHub OIDC subject for a (valid) trust. Throws on an invalid one. */
export function gitHubSubject(t: GitHubTrust): string {
    const problems = gitHubTrustProblems(t);
    if (problems.length > 0) throw new Error(problems.join("; "));
    const base = `repo:${t.repo}`;
    if (t.branch !== undefined) return `${base}:ref:refs/heads/${t.branch}`;
    if (t.tag !== undefined) return `${base}:ref:refs/tags/${t.tag}`;
    if (t.environment !== undefined) return `${base}:environment:${t.environment}`;
    return `${base}:pull_request`;
}

/** Parses a GitHub subject back into a trust, or undefined when it is not one of the four supported forms. */
export function parseGitHubSubject(subject: string): GitHubTrust | undefined {
    const m = /^repo:([^:]+):(.+)$/.exec(subject);
    if (m === null) return undefined;
    const repo = m[1]!;
    const rest = m[2]!;
    if (rest === "pull_request") return { repo, pullRequest: true };
    if (rest.startsWith("ref:refs/heads/")) return { repo, branch: rest.slice("ref:refs/heads/".length) };
    if (rest.startsWith("ref:refs/tags/")) return { repo, tag: rest.slice("ref:refs/tags/".length) };
    if (rest.startsWith("environment:")) return { repo, environment: rest.slice("environment:".length) };
    return undefined;
}

/** Problems with a GitHub subject string (used for generic issuer/subject pairs whose issuer is GitHub's). */
export function gitHubSubjectProblems(subject: string): string[] {
    const t = parseGitHubSubject(subject);
    if (t === undefined) {
        return [
            `subject "${subject}" must be repo:OWNER/REPO:ref:refs/heads/BRANCH, repo:OWNER/REPO:ref:refs/tags/TAG, repo:OWNER/REPO:environment:NAME or repo:OWNER/REPO:pull_request (GitHub subjects are exactly these four forms)`,
        ];
    }
    return gitHubTrustProblems(t);
}

/** Problems with a generic issuer/subject pair. GitHub's issuer gets the GitHub subject rules. */
export function issuerSubjectProblems(issuer: string, subject: string): string[] {
    const problems: string[] = [];
    let url: URL | undefined;
    try {
        url = new URL(issuer);
    } catch {
        url = undefined;
    }
    if (url?.protocol !== "https:") problems.push(`issuer "${issuer}" must be an https URL`);
    if (issuer.length > MAX_SUBJECT) problems.push(`issuer is longer than ${MAX_SUBJECT} characters`);
    if (subject.length === 0 || subject.length > MAX_SUBJECT)
        problems.push(`subject must be 1-${MAX_SUBJECT} characters`);
    if (subject.includes("*")) problems.push(`subject "${subject}": no wildcards (Entra matches subjects exactly)`);
    else if (issuer.replace(/\/$/, "") === GITHUB_ISSUER) problems.push(...gitHubSubjectProblems(subject));
    return problems;
}

/** Problems with a credential name: 1-120 URL-friendly characters (letters, digits, '-', '_', '.'). */
export function credentialNameProblems(name: string): string[] {
    return /^[A-Za-z0-9][A-Za-z0-9._-]{0,119}$/.test(name)
        ? []
        : [`name "${name}" must be 1-${MAX_NAME} letters, digits, '-', '_' or '.', starting with a letter or digit`];
}

/** A configured credential: a GitHub trust, or a generic issuer/subject pair. */
export interface CredentialSpec {
    readonly github?: GitHubTrust;
    readonly issuer?: string;
    readonly subject?: string;
}

/** The issuer and subject Entra stores for a (validated) credential spec. */
export function issuerAndSubject(spec: CredentialSpec): { issuer: string; subject: string } {
    if (spec.github !== undefined) return { issuer: GITHUB_ISSUER, subject: gitHubSubject(spec.github) };
    if (spec.issuer === undefined || spec.subject === undefined)
        throw new Error("a credential needs github or issuer and subject");
    return { issuer: spec.issuer, subject: spec.subject };
}
