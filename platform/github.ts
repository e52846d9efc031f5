/**
 * The repository variables the workflows read: the contract between the platform's outputs (platform/index.ts
 * `githubVariables`, typed by it) and .github/workflows, and the `gh variable set` lines that set them
 * (scripts/ghVariables.ts).
 */

export const GITHUB_VARIABLES = [
    "AZURE_TENANT_ID",
    "AZURE_SUBSCRIPTION_ID",
    "AZURE_PREVIEW_CLIENT_ID",
    "AZURE_DEPLOY_CLIENT_ID",
    "PULUMI_BACKEND_URL",
    "PULUMI_SECRETS_PROVIDER",
    "PULUMI_STATE_STORAGE_ACCOUNT",
] as const;

/** One repository variable the workflows read. */
export type GitHubVariable = (typeof GITHUB_VARIABLES)[number];

function shellQuote(value: string): string {
    return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** The exact `gh variable set` lines for a repository, in GITHUB_VARIABLES order; fails on a missing value. */
export function ghVariableSetLines(repository: string, values: Readonly<Record<string, unknown>>): string[] {
    return GITHUB_VARIABLES.map((name) => {
        const value = values[name];
        if (typeof value !== "string" || value === "") {
            throw new Error(`platform output githubVariables.${name} is missing: is the platform stack deployed?`);
        }
        return `gh variable set ${name} --repo ${shellQuote(repository)} --body ${shellQuote(value)}`;
    });
}
