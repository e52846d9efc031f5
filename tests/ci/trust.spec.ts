/**
 * CI's trust as a whole: the platform's defaults (platform/Pulumi.yaml) give each CI identity exactly the federated
 * subjects of the workflow jobs that log in as it, so a platform stack deployed with the defaults works with the
 * shipped workflows out of the box, and no job without the environment can obtain the identity's token.
 */
import assert from "node:assert/strict";
import * as fs from "fs";
import { federatedSubjects, type WorkflowTrust } from "../../lib/platform";
import { PLATFORM_ROOT, readProject } from "../../offline/stackConfig";
import { type Job, oidcSubject, readWorkflow, resolveConcurrency, WORKFLOWS } from "./harness";

const REPOSITORY = "contoso/aml-stamp";
const FILES = fs.readdirSync(WORKFLOWS).filter((f) => /\.ya?ml$/.test(f));
/** The identity behind each client-id variable (lib/platform.ts GITHUB_VARIABLES). */
const IDENTITY_OF_CLIENT: Record<string, "preview" | "deploy"> = {
    "vars.AZURE_PREVIEW_CLIENT_ID": "preview",
    "vars.AZURE_DEPLOY_CLIENT_ID": "deploy",
};

function platformDefaults(): WorkflowTrust {
    const declared = new Map(readProject(PLATFORM_ROOT).declared.map((d) => [d.key, d.default]));
    const text = (key: string): string => {
        const v = declared.get(key);
        assert.equal(typeof v, "string", `platform/Pulumi.yaml declares a string default for ${key}`);
        return v as string;
    };
    return {
        repository: REPOSITORY,
        defaultBranch: text("defaultBranch"),
        deployEnvironment: text("deployEnvironment"),
        previewEnvironment: text("previewEnvironment"),
    };
}

/** The identity an Azure login step of the job uses, from its `client-id` expression. */
function loginIdentity(job: Job): "preview" | "deploy" | undefined {
    const login = job.steps.find((s) => s.uses?.split("@")[0] === "azure/login");
    if (login === undefined) return undefined;
    const expr = /^\$\{\{\s*(.+?)\s*\}\}$/.exec(String(login.with?.["client-id"] ?? ""))?.[1] ?? "";
    const identity = IDENTITY_OF_CLIENT[expr];
    assert.ok(identity, `azure/login with client-id ${expr}: not one of the platform's identities`);
    return identity;
}

/** Event name → the ref GitHub runs it on (pushes and dispatches on the default branch, schedules on it too). */
function eventsOf(file: string, defaultBranch: string): { eventName: string; ref: string }[] {
    return Object.keys(readWorkflow(file).on).map((eventName) => ({
        eventName,
        ref: eventName === "pull_request" ? "refs/pull/42/merge" : `refs/heads/${defaultBranch}`,
    }));
}

describe("CI trust: the platform's defaults and the workflows agree", () => {
    const trust = platformDefaults();
    const used = { preview: new Set<string>(), deploy: new Set<string>() };
    for (const file of FILES) {
        for (const [name, job] of Object.entries(readWorkflow(file).jobs)) {
            const identity = loginIdentity(job);
            if (identity === undefined) continue;
            it(`${file} ${name}: every token it can get is one the ${identity} identity trusts by default`, () => {
                const trusted = federatedSubjects(identity, trust).map((s) => s.subject);
                for (const event of eventsOf(file, trust.defaultBranch)) {
                    const subject = oidcSubject(job, { repository: REPOSITORY, ...event });
                    assert.ok(trusted.includes(subject), `${event.eventName}: ${subject} not in ${trusted.join(", ")}`);
                    used[identity].add(subject);
                }
            });
        }
    }

    it("each identity trusts nothing beyond the subjects of the jobs that log in as it", () => {
        for (const identity of ["preview", "deploy"] as const) {
            const trusted = federatedSubjects(identity, trust).map((s) => s.subject);
            assert.deepEqual(trusted.sort(), [...used[identity]].sort(), identity);
        }
    });

    it("no default subject trusts a bare pull request or branch (every job names its environment)", () => {
        assert.notEqual(trust.previewEnvironment, "");
        assert.notEqual(trust.deployEnvironment, "");
    });
});

describe("CI trust: previews never wait in, hold or replace a stack's update slot", () => {
    // GitHub runs one job per concurrency group and keeps one pending job, cancelling the older pending one
    // (docs.github.com, "Control the concurrency of workflows and jobs").
    const group = (file: string, job: string, stack: string, pr = 42) => {
        const ctx = { github: { event: { pull_request: { number: pr } } }, matrix: { stack } };
        const c = resolveConcurrency(readWorkflow(file).jobs[job]!, ctx);
        assert.ok(c, `${file} ${job} has a concurrency group`);
        return c;
    };
    const ups = [group("deploy.yml", "up", "dev"), group("rotate.yml", "up", "dev")];

    it("up and rotate share the stack's group and are never cancelled in progress", () => {
        assert.deepEqual(ups[0], ups[1]);
        assert.equal(ups[0]!.cancelInProgress, false);
        assert.notEqual(group("deploy.yml", "up", "vision-dev").group, ups[0]!.group);
    });

    it("a pull request's preview has its own group per pull request and stack, never an up's", () => {
        const preview = group("pull-request.yml", "preview", "dev");
        for (const up of ups) assert.notEqual(preview.group, up.group);
        assert.notEqual(group("pull-request.yml", "preview", "vision-dev").group, preview.group);
        assert.notEqual(
            group("pull-request.yml", "preview", "dev", 43).group,
            preview.group,
            "one PR never cancels another's",
        );
        // A newer push of the same pull request supersedes it (the approval was for older code; it holds no lock).
        assert.equal(preview.cancelInProgress, true);
    });

    it("the drift check's group is never an up's either", () => {
        const drift = group("drift.yml", "check", "dev");
        for (const up of ups) assert.notEqual(drift.group, up.group);
    });
});
