/**
 * CI's trust as a whole: the platform's defaults (platform/Pulumi.yaml) give each CI identity exactly the federated
 * subjects of the workflow jobs that log in as it, so a platform stack deployed with the defaults works with the
 * shipped workflows out of the box, and no job without the environment can obtain the identity's token.
 */
import assert from "node:assert/strict";
import * as fs from "fs";
import * as path from "path";
import { isMap, isScalar, isSeq, parseDocument, type YAMLMap } from "yaml";
import { federatedSubjects, type WorkflowTrust } from "../../lib/platform";
import { PLATFORM_ROOT, readProject } from "../../offline/stackConfig";
import { type Job, oidcSubject, readWorkflow, resolveConcurrency, WORKFLOWS } from "./harness";

const REPOSITORY = "contoso/aml-stamp";
const FILES = fs.readdirSync(WORKFLOWS).filter((f) => /\.ya?ml$/.test(f));
/** The identity behind each client-id variable (platform/github.ts GITHUB_VARIABLES). */
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

describe("CI trust: every action in a job that can get an OIDC token is pinned to a commit", () => {
    // GitHub: "Pinning an action to a full length commit SHA is currently the only way to use an action as an
    // immutable release" (docs.github.com, "Security hardening for GitHub Actions", "Using third-party actions").
    // The SHAs are the tags' commits in the actions' own repositories (docs/ci-security.md, "Pinned actions").
    const PINNED = /^[\w.-]+\/[\w.-]+(\/[\w./-]+)?@[0-9a-f]{40}$/;
    const TAG = /^ ?v\d+\.\d+\.\d+$/;
    /** Every `uses:` of jobs with id-token: write, with the comment on its line. */
    const pins: { where: string; uses: string; comment: string | undefined }[] = [];
    for (const file of FILES) {
        const doc = parseDocument(fs.readFileSync(path.join(WORKFLOWS, file), "utf8"));
        const wf = readWorkflow(file);
        const jobs = doc.get("jobs") as YAMLMap;
        for (const [name, job] of Object.entries(wf.jobs)) {
            if ((job.permissions ?? wf.permissions ?? {})["id-token"] !== "write") continue;
            const steps = (jobs.get(name) as YAMLMap).get("steps");
            assert.ok(isSeq(steps));
            for (const [i, step] of steps.items.entries()) {
                assert.ok(isMap(step));
                const uses = step.get("uses", true);
                if (uses === undefined) continue;
                assert.ok(isScalar(uses));
                pins.push({
                    where: `${file} ${name} step ${i}`,
                    uses: String(uses.value),
                    comment: uses.comment ?? undefined,
                });
            }
        }
    }

    it("finds the jobs: preview, up, rotate, drift check, release publish", () => {
        const jobs = [...new Set(pins.map((p) => p.where.replace(/ step \d+$/, "")))].sort();
        assert.deepEqual(jobs, [
            "deploy.yml up",
            "drift.yml check",
            "pull-request.yml preview",
            "release.yml publish",
            "rotate.yml up",
        ]);
    });

    it("each is owner/repo@<full commit SHA> with its release tag in the line's comment", () => {
        for (const p of pins) {
            assert.match(p.uses, PINNED, p.where);
            assert.match(p.comment ?? "", TAG, `${p.where}: ${p.uses} needs "# vX.Y.Z"`);
        }
    });

    it("one action, one commit and one tag in every workflow", () => {
        const byAction = new Map<string, Set<string>>();
        for (const p of pins) {
            const [action] = p.uses.split("@");
            const set = byAction.get(action!) ?? new Set<string>();
            set.add(`${p.uses}${p.comment ?? ""}`);
            byAction.set(action!, set);
        }
        for (const [action, versions] of byAction)
            assert.equal(versions.size, 1, `${action}: ${[...versions].join(", ")}`);
    });
});
