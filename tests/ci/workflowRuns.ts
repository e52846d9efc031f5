/**
 * What the workflow specs (the pullRequest, workflows, drift and compare integration specs) share: the repository
 * variables and secrets of the runs, the events' contexts, and the record of which run steps they executed.
 */
import assert from "node:assert/strict";
import { type Call, type JobResult, readWorkflow } from "./harness";

export const SECRET_ENV = [
    "PULUMI_ACCESS_TOKEN",
    "ARM_CLIENT_ID",
    "ARM_USE_OIDC",
    "AZURE_STORAGE_ACCOUNT",
    "PULUMI_BACKEND_URL",
    "GH_TOKEN",
];

export const VARS = {
    AZURE_TENANT_ID: "00000000-0000-4000-8000-00000000000a",
    AZURE_SUBSCRIPTION_ID: "00000000-0000-4000-8000-00000000000b",
    AZURE_PREVIEW_CLIENT_ID: "preview-client-id",
    AZURE_DEPLOY_CLIENT_ID: "deploy-client-id",
    PULUMI_BACKEND_URL: "azblob://state",
    PULUMI_STATE_STORAGE_ACCOUNT: "stateaccount",
};
export const SECRETS = { PULUMI_ACCESS_TOKEN: "pul-fake-access-token" };

/** Which run steps this process's workflow specs executed: file → job → step indexes. */
export const executed = new Set<string>();
export function track(file: string, job: string, r: JobResult): JobResult {
    const steps = readWorkflow(file).jobs[job]!.steps;
    r.steps.forEach((s, i) => {
        if (!s.skipped && steps[i]?.run !== undefined) executed.add(`${file}#${job}#${i}`);
    });
    return r;
}

/** A pull request from `head` onto `repo.base` (a TempRepo, or any base commit). */
export function prContext(repo: { readonly base: string }, head: string, fork = false): Record<string, unknown> {
    return {
        github: {
            repository: "contoso/aml-stamp",
            sha: head,
            token: "fake-github-token",
            event_name: "pull_request",
            event: {
                pull_request: {
                    number: 42,
                    base: { sha: repo.base },
                    head: { sha: head, repo: { full_name: fork ? "someone/aml-stamp" : "contoso/aml-stamp" } },
                },
            },
        },
        vars: VARS,
        secrets: SECRETS,
    };
}

export function pushContext(sha: string, before: string): Record<string, unknown> {
    return {
        github: { repository: "contoso/aml-stamp", sha, token: "fake-github-token", event: { before } },
        vars: VARS,
        secrets: SECRETS,
    };
}

export function failureReport(r: JobResult): string {
    return r.steps
        .filter((s) => s.exitCode !== 0)
        .map((s) => `step "${s.name}" exit ${s.exitCode}\n${s.stdout.slice(-3000)}\n${s.stderr.slice(-3000)}`)
        .join("\n");
}

export function callsOf(r: JobResult, tool: string, first?: string): Call[] {
    return r.calls.filter((c) => c.tool === tool && (first === undefined || c.args[0] === first));
}

export function assertNoCredentials(c: Call, what: string): void {
    for (const k of [...SECRET_ENV, "ARM_TENANT_ID", "ARM_SUBSCRIPTION_ID"]) {
        assert.equal(c.env[k], undefined, `${what} (${c.tool} ${c.args.join(" ")}) ran with ${k}`);
    }
    assert.ok(!Object.values(c.env).includes(SECRETS.PULUMI_ACCESS_TOKEN), `${what} sees the Pulumi token`);
}

// A stack file with the dev stack's readers group replaced: one grant revoked, one granted.
export const DEV_READERS_BEFORE = "33333333-3333-4333-8333-333333333333";
export const DEV_READERS_AFTER = "55555555-5555-4555-8555-555555555555";

/** The run steps of `files` that the specs of this process never executed ("file job #index"). */
export function unexecuted(files: readonly string[]): string[] {
    const missing: string[] = [];
    for (const file of files) {
        for (const [name, job] of Object.entries(readWorkflow(file).jobs)) {
            job.steps.forEach((s, i) => {
                if (s.run !== undefined && !executed.has(`${file}#${name}#${i}`)) missing.push(`${file} ${name} #${i}`);
            });
        }
    }
    return missing;
}
