/**
 * The GitHub Actions workflows, tested by running them (tests/ci/harness.ts): every `run:` step of every workflow
 * executes with bash in a temporary repository with stub `pulumi`, `az`, `gh` and `npm ci` commands that record
 * their arguments and environment. Assertions are on what the steps do and print. Schema validation stays
 * (@action-validator/core).
 */
import assert from "node:assert/strict";
import * as fs from "fs";
import * as path from "path";
import { validateWorkflow } from "@action-validator/core";
import { stacksForChanges } from "../../scripts/ciStacks";
import { stackNameProblem } from "../../scripts/cli";
import { releaseNotes } from "../../scripts/releaseNotes";
import { ROOT } from "../../offline/stackConfig";
import { evaluateExpression, substitute } from "./expressions";
import { type Call, type JobResult, readWorkflow, TempRepo, WORKFLOWS } from "./harness";
import { sharedBuild } from "../sharedBuild";

const FILES = fs.readdirSync(WORKFLOWS).filter((f) => /\.ya?ml$/.test(f));

const SECRET_ENV = [
    "PULUMI_ACCESS_TOKEN",
    "ARM_CLIENT_ID",
    "ARM_USE_OIDC",
    "AZURE_STORAGE_ACCOUNT",
    "PULUMI_BACKEND_URL",
    "GH_TOKEN",
];

const VARS = {
    AZURE_TENANT_ID: "00000000-0000-4000-8000-00000000000a",
    AZURE_SUBSCRIPTION_ID: "00000000-0000-4000-8000-00000000000b",
    AZURE_PREVIEW_CLIENT_ID: "preview-client-id",
    AZURE_DEPLOY_CLIENT_ID: "deploy-client-id",
    PULUMI_BACKEND_URL: "azblob://state",
    PULUMI_STATE_STORAGE_ACCOUNT: "stateaccount",
};
const SECRETS = { PULUMI_ACCESS_TOKEN: "pul-fake-access-token" };

/** Which run steps the suite executed: file → job → step indexes. */
const executed = new Set<string>();
function track(file: string, job: string, r: JobResult): JobResult {
    const steps = readWorkflow(file).jobs[job]!.steps;
    r.steps.forEach((s, i) => {
        if (!s.skipped && steps[i]?.run !== undefined) executed.add(`${file}#${job}#${i}`);
    });
    return r;
}

function prContext(repo: TempRepo, head: string, fork = false): Record<string, unknown> {
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

function pushContext(sha: string, before: string): Record<string, unknown> {
    return {
        github: { repository: "contoso/aml-stamp", sha, token: "fake-github-token", event: { before } },
        vars: VARS,
        secrets: SECRETS,
    };
}

function failureReport(r: JobResult): string {
    return r.steps
        .filter((s) => s.exitCode !== 0)
        .map((s) => `step "${s.name}" exit ${s.exitCode}\n${s.stdout.slice(-3000)}\n${s.stderr.slice(-3000)}`)
        .join("\n");
}

function callsOf(r: JobResult, tool: string, first?: string): Call[] {
    return r.calls.filter((c) => c.tool === tool && (first === undefined || c.args[0] === first));
}

function assertNoCredentials(c: Call, what: string): void {
    for (const k of [...SECRET_ENV, "ARM_TENANT_ID", "ARM_SUBSCRIPTION_ID"]) {
        assert.equal(c.env[k], undefined, `${what} (${c.tool} ${c.args.join(" ")}) ran with ${k}`);
    }
    assert.ok(!Object.values(c.env).includes(SECRETS.PULUMI_ACCESS_TOKEN), `${what} sees the Pulumi token`);
}

// A stack file with the dev stack's readers group replaced: one grant revoked, one granted.
const DEV_READERS_BEFORE = "33333333-3333-4333-8333-333333333333";
const DEV_READERS_AFTER = "55555555-5555-4555-8555-555555555555";

describe("GitHub Actions workflows", function () {
    this.timeout(600_000);
    let repo: TempRepo;
    before(() => {
        repo = new TempRepo();
    });
    after(() => repo.cleanup());

    it("are the PR, deploy, weekly rotation, release and drift workflows", () => {
        assert.deepEqual(FILES.sort(), ["deploy.yml", "drift.yml", "pull-request.yml", "release.yml", "rotate.yml"]);
    });

    for (const file of FILES) {
        describe(file, () => {
            const src = fs.readFileSync(path.join(WORKFLOWS, file), "utf8");
            it("validates against the workflow schema (@action-validator/core)", () => {
                const { errors } = validateWorkflow(src);
                assert.deepEqual(errors, [], JSON.stringify(errors, null, 2));
            });
            it("pins every action to a major version or a commit", () => {
                for (const job of Object.values(readWorkflow(file).jobs)) {
                    for (const step of job.steps) {
                        if (step.uses === undefined) continue;
                        assert.match(
                            step.uses,
                            /^[\w.-]+\/[\w.-]+(\/[\w./-]+)?@(v\d+(\.\d+){0,2}|[0-9a-f]{40})$/,
                            step.uses,
                        );
                    }
                }
            });
            it("grants only read access to the repository by default, and no workflow-wide cancellation", () => {
                const wf = readWorkflow(file);
                assert.deepEqual(wf.permissions, { contents: "read" });
                assert.equal(wf.concurrency, undefined, "a workflow-level group would cancel jobs holding a lock");
            });
            it("never puts an expression into a shell script (values reach scripts through env)", () => {
                for (const job of Object.values(readWorkflow(file).jobs)) {
                    for (const step of job.steps) assert.ok(!(step.run ?? "").includes("${{"), step.run);
                }
            });
        });
    }

    it("the validator rejects a malformed workflow (it is not a no-op)", () => {
        assert.notEqual(validateWorkflow("on: push\njobs:\n  a:\n    runs-on: x\n    stepz: []\n").errors.length, 0);
    });

    describe("the harness", () => {
        it("fails on an expression the context does not hold", () => {
            assert.throws(() => substitute("${{ vars.NOPE }}", { vars: {} }), /unknown expression context 'vars.NOPE'/);
            assert.throws(() => evaluateExpression("hashFiles('x')", {}), /unknown function hashFiles/);
        });
        it("evaluates conditions as GitHub does (case-insensitive strings, status functions)", () => {
            const ctx = { a: { b: "True" }, s: "[]" };
            assert.equal(evaluateExpression("a.b == 'true'", ctx), true);
            assert.equal(evaluateExpression("s != '[]' && a.b", ctx), false);
            assert.equal(evaluateExpression("failure()", {}, { failed: true }), true);
            assert.deepEqual(evaluateExpression("fromJSON(s)", ctx), []);
        });
    });

    describe("pull-request.yml", () => {
        const file = "pull-request.yml";
        let pr: string;
        before(() => {
            const dev = repo.read("Pulumi.dev.yaml");
            assert.ok(dev.includes(DEV_READERS_BEFORE));
            const nlp = repo
                .read("Pulumi.vision-dev.yaml")
                .replace("aml-stamp:team: vision", "aml-stamp:team: nlp")
                .replace('cost-center: "5120"', 'cost-center: "5130"');
            pr = repo.commit("pr", {
                // access config of dev changes; vision-dev does not change; nlp-dev is new
                "Pulumi.dev.yaml": dev.replace(DEV_READERS_BEFORE, DEV_READERS_AFTER),
                "Pulumi.nlp-dev.yaml": nlp,
                // the PR also tries to loosen the policy pack it is checked against
                "policy/index.ts": `${repo.read("policy/index.ts")}\n// PR edit: loosen the rules\n`,
            });
        });

        describe("offline job (no credentials)", () => {
            let r: JobResult;
            before(() => {
                r = track(
                    file,
                    "offline",
                    repo.runJob({ workflow: file, job: "offline", sha: pr, context: prContext(repo, pr) }),
                );
            });
            it("runs to the end", () => assert.ok(r.ok, failureReport(r)));
            it("prints, per stack, what is granted and revoked", () => {
                const dev = r.summary.split("### Stack `dev`")[1]!.split("### Stack `")[0]!;
                assert.match(dev, /Granted \(1\)/);
                assert.match(dev, /Revoked \(1\)/);
                assert.ok(dev.split("Revoked")[0]!.includes(DEV_READERS_AFTER), dev);
                assert.ok(dev.split("Revoked")[1]!.includes(DEV_READERS_BEFORE), dev);
            });
            it("puts each stack's plan, as Markdown with its access table and diagram, in the step summary", () => {
                for (const stack of ["dev", "vision-dev", "nlp-dev"]) {
                    const plan = r.summary.split(`## Offline plan: stack \`${stack}\``)[1];
                    assert.ok(plan !== undefined, `no Markdown plan of ${stack} in the summary`);
                    assert.match(plan, /\*\*Counts\*\*: \d+ Azure and Entra resources/);
                }
                const dev = r.summary.split("## Offline plan: stack `dev`")[1]!.split("## Offline plan: stack")[0]!;
                assert.match(dev, /\| principal \| kind \| role \| scope \| why \|/);
                assert.match(dev, /```mermaid\nflowchart LR/);
            });
            it('prints "no access changes" for a stack the PR does not change', () => {
                const vision = r.summary.split("### Stack `vision-dev`")[1]!.split("### Stack `")[0]!;
                assert.match(vision, /^\s*No access changes\.\s*$/);
            });
            it("prints the full access of a new stack", () => {
                const nlp = r.summary.split("### Stack `nlp-dev`")[1]!.split("### Stack `")[0]!;
                assert.match(nlp, /New stack: its full access\./);
                assert.match(nlp, /\| Principal \| Kind \| Role \| Scope \| Reason \|/);
                assert.match(nlp, /AzureML Data Scientist|Reader/);
            });
            it("compares against plans of the base branch, made by the base branch's code", () => {
                const base = r.calls.filter((c) => c.tool === "npm" && c.args.includes("--json"));
                assert.equal(base.length, 2, "dev and vision-dev exist on the base branch");
                for (const c of base) assert.equal(c.head, repo.base);
            });
            it("runs install, tests and plans with no credential at all", () => {
                assert.ok(callsOf(r, "npm", "ci").length >= 2);
                assert.equal(callsOf(r, "npm", "test").length, 1);
                for (const c of r.calls) assertNoCredentials(c, "offline job");
                for (const c of r.calls) assert.equal(c.env["ACTIONS_ID_TOKEN_REQUEST_TOKEN"], undefined);
                assert.equal(callsOf(r, "pulumi").length + callsOf(r, "az").length, 0);
            });
            it("may be cancelled by a newer push (it holds no lock)", () => {
                assert.deepEqual(r.concurrency, { group: "pr-42-offline", cancelInProgress: true });
            });
        });

        it('a pull request that changes no stack: "No access changes." for every stack, exit 0', () => {
            const none = repo.commit("pr-docs", { "docs/typo.md": "a docs-only change\n" });
            // The plan steps' output is asserted on the run above; this case is about the access diff.
            const r = track(
                file,
                "offline",
                repo.runJob({
                    workflow: file,
                    job: "offline",
                    sha: none,
                    context: prContext(repo, none),
                    skip: ["offline plan of every stack", "plan summaries for reviewers"],
                }),
            );
            assert.ok(r.ok, failureReport(r));
            const sections = r.summary.split("### Stack `").slice(1);
            assert.deepEqual(
                sections.map((x) => x.split("`")[0]),
                ["dev", "vision-dev"],
            );
            for (const x of sections) assert.match(x, /^[\w-]+`\s*No access changes\.\s*$/);
        });

        // The GitHub REST API's "Get an environment" answers (docs.github.com/rest/deployments/environments).
        const ENVIRONMENT_API = "/repos/contoso/aml-stamp/environments/preview";
        const reviewersRequired = JSON.stringify({
            name: "preview",
            protection_rules: [
                { id: 1, type: "required_reviewers", prevent_self_review: true, reviewers: [{ type: "Team" }] },
                { id: 2, type: "branch_policy" },
            ],
        });
        const noReviewer = JSON.stringify({ name: "preview", protection_rules: [{ id: 3, type: "wait_timer" }] });
        const stacksJob = (sha: string, answer: { status: number; body?: string }) =>
            track(
                file,
                "stacks",
                repo.runJob({
                    workflow: file,
                    job: "stacks",
                    sha,
                    context: prContext(repo, sha),
                    stub: { http: { [ENVIRONMENT_API]: answer } },
                }),
            );

        // Before every test of this suite: mocha runs a suite's own tests before its child suites.
        let stacks: string;
        let gate: JobResult;
        before(() => {
            gate = stacksJob(pr, { status: 200, body: reviewersRequired });
            stacks = gate.outputs["stacks"]!;
        });
        describe("stacks job (the preview's gate: no credentials, the base branch's code)", () => {
            let r: JobResult;
            before(() => {
                r = gate;
            });
            it("lists every stack of the pull request, with the base branch's ci:stacks", () => {
                assert.ok(r.ok, failureReport(r));
                assert.deepEqual(JSON.parse(stacks), ["dev", "nlp-dev", "vision-dev"]);
                const [list] = r.calls.filter((c) => c.tool === "npm" && c.args.includes("ci:stacks"));
                assert.equal(list?.head, repo.base, "ci:stacks ran from the base commit");
            });
            it("lets the preview run when the environment requires a reviewer", () => {
                assert.equal(r.outputs["preview"], "true");
                assert.doesNotMatch(r.summary, /preview skipped/);
            });
            it("asks for the environment the preview job references, with the job's token in that call only", () => {
                const [call] = callsOf(r, "curl");
                assert.ok(call, "the GitHub API was called");
                const env = readWorkflow(file).jobs["preview"]!.environment;
                assert.ok(call.args.at(-1)!.endsWith(`/repos/contoso/aml-stamp/environments/${String(env)}`));
                assert.equal(call.env["GH_TOKEN"], "fake-github-token");
                for (const c of r.calls.filter((c) => c !== call)) assertNoCredentials(c, "the stacks job");
                for (const c of r.calls) assert.equal(c.env["ACTIONS_ID_TOKEN_REQUEST_TOKEN"], undefined);
                assert.deepEqual(readWorkflow(file).jobs["stacks"]!.permissions, { contents: "read", actions: "read" });
            });
        });

        it("an environment without a required reviewer: no credentialed preview, and the summary says why", () => {
            const r = stacksJob(pr, { status: 200, body: noReviewer });
            assert.ok(r.ok, failureReport(r));
            assert.equal(r.outputs["preview"], "false");
            assert.match(r.summary, /credentialed preview skipped: the environment `preview` requires no reviewer/);
            assert.match(r.summary, /private or internal repositories on GitHub Enterprise only/);
            const skipped = preview({ gate: r.outputs["preview"] });
            assert.ok(skipped.skipped);
            assert.equal(skipped.calls.length, 0);
        });

        it("a pull request's own ci:stacks never chooses the credentialed preview's stacks", () => {
            const evil = repo.commit("pr-evil-stacks", {
                "scripts/ciStacks.ts": "process.stdout.write('[\"someone-elses-prod\"]\\n');\n",
            });
            const r = stacksJob(evil, { status: 200, body: reviewersRequired });
            assert.ok(r.ok, failureReport(r));
            assert.deepEqual(JSON.parse(r.outputs["stacks"]!), ["dev", "vision-dev"]);
        });

        const preview = (opts: {
            previewExit?: number;
            previewOutput?: string;
            stacks?: string[];
            fork?: boolean;
            gate?: string;
            skip?: string[];
        }) =>
            track(
                file,
                "preview",
                repo.runJob({
                    workflow: file,
                    job: "preview",
                    sha: pr,
                    context: prContext(repo, pr, opts.fork),
                    matrix: { stack: "dev" },
                    needs: { stacks: { outputs: { stacks, preview: opts.gate ?? "true" } } },
                    ...(opts.skip !== undefined ? { skip: opts.skip } : {}),
                    stub: {
                        stacks: opts.stacks ?? ["dev"],
                        previewExit: opts.previewExit,
                        previewOutput: opts.previewOutput,
                    },
                }),
            );

        // The base branch's policy pack and config: asserted on the preview job's full run; the cases that vary the
        // preview's result do not run that step again.
        const BASE_POLICY = ["policy pack and its config from the base branch"];
        describe("preview job", () => {
            let r: JobResult;
            before(() => {
                r = preview({ previewOutput: "+ 3 to create" });
            });
            it("previews the stack and posts the result in the summary and on the pull request", () => {
                assert.ok(r.ok, failureReport(r));
                const [call] = callsOf(r, "pulumi", "preview");
                assert.ok(call);
                assert.match(r.summary, /## Preview of `dev`: succeeded/);
                assert.match(r.summary, /\+ 3 to create/);
                const [comment] = callsOf(r, "gh", "api");
                assert.equal(comment?.args[1], "repos/contoso/aml-stamp/issues/42/comments");
                const body = Object.values(comment!.files)[0]!;
                assert.match(body, /Preview of `dev`: succeeded/);
                assert.equal(comment!.env["GH_TOKEN"], "fake-github-token");
            });
            it("checks against the base branch's policy pack and config, even when the PR edits policy/", () => {
                const [call] = callsOf(r, "pulumi", "preview");
                const args = call!.args;
                const pack = args[args.indexOf("--policy-pack") + 1]!;
                const temp = r.steps[0]!.env["RUNNER_TEMP"]!;
                assert.equal(pack, path.join(temp, "base", "policy"));
                assert.equal(
                    fs.readFileSync(path.join(pack, "index.ts"), "utf8"),
                    repo.read("policy/index.ts"),
                    "the pack is main's, not the PR's edit",
                );
                const cfg = args[args.indexOf("--policy-pack-config") + 1]!;
                assert.equal(cfg, path.join(temp, "policy-config.json"));
                assert.ok(Object.keys(JSON.parse(fs.readFileSync(cfg, "utf8")) as object).length > 0);
                const policyConfig = r.calls.find((c) => c.tool === "npm" && c.args.includes("--policy-config"));
                assert.equal(policyConfig?.head, repo.base, "the policy config is computed by main's code");
            });
            it("gives the tokens only to the steps that need them", () => {
                const [call] = callsOf(r, "pulumi", "preview");
                assert.equal(call!.env["PULUMI_ACCESS_TOKEN"], SECRETS.PULUMI_ACCESS_TOKEN);
                assert.equal(call!.env["ARM_CLIENT_ID"], VARS.AZURE_PREVIEW_CLIENT_ID);
                assert.equal(call!.env["ARM_USE_OIDC"], "true");
                assert.equal(call!.env["AZURE_STORAGE_ACCOUNT"], VARS.PULUMI_STATE_STORAGE_ACCOUNT);
                for (const c of callsOf(r, "npm")) assertNoCredentials(c, "npm in the preview job");
                const login = r.steps.find((s) => s.uses?.startsWith("azure/login"));
                assert.equal(login?.with?.["client-id"], VARS.AZURE_PREVIEW_CLIENT_ID);
                assert.equal(login?.with?.["creds"], undefined, "OIDC, no client secret");
            });
            it("runs only after approval in the `preview` environment, in its own group per pull request and stack", () => {
                assert.equal(r.environment, "preview");
                assert.deepEqual(r.concurrency, { group: "preview-42-dev", cancelInProgress: true });
            });
            it("installs the pinned Pulumi CLI, the version Pulumi.yaml requires at least", () => {
                const install = r.steps.find((s) => s.uses?.startsWith("pulumi/actions"));
                const pinned = install?.with?.["pulumi-version"];
                assert.match(pinned ?? "", /^3\.\d+\.\d+$/);
                const required = /^requiredPulumiVersion: ">=(3\.\d+\.\d+)"$/m.exec(repo.read("Pulumi.yaml"))?.[1];
                assert.ok(required, "Pulumi.yaml declares requiredPulumiVersion");
                const num = (v: string) => v.split(".").map(Number);
                const [a, b] = [num(pinned!), num(required)];
                assert.ok(a[1]! > b[1]! || (a[1] === b[1] && a[2]! >= b[2]!), `${pinned} < ${required}`);
            });
        });

        it("a failed preview (mandatory policy violation) still leaves its result in the summary and on the PR", () => {
            const violation = "mandatory: [WS-06] diagnostic setting missing";
            const r = preview({ previewExit: 255, previewOutput: violation, skip: BASE_POLICY });
            assert.equal(r.ok, false);
            const step = r.steps.find((s) => s.name.startsWith("pulumi preview"));
            assert.equal(step?.exitCode, 255);
            assert.match(r.summary, /## Preview of `dev`: failed \(exit 255\)/);
            assert.ok(r.summary.includes(violation));
            const [comment] = callsOf(r, "gh", "api");
            const body = Object.values(comment!.files)[0]!;
            assert.ok(body.includes(violation) && body.includes("failed (exit 255)"), body);
        });

        it("says so when the stack is not initialised on the backend (and previews nothing)", () => {
            const r = preview({ stacks: [], skip: BASE_POLICY });
            assert.ok(r.ok, failureReport(r));
            assert.equal(callsOf(r, "pulumi", "preview").length, 0);
            assert.match(r.summary, /not initialised on the state backend/);
        });

        it("forks get no preview job (no OIDC token, no secrets)", () => {
            const r = preview({ fork: true });
            assert.ok(r.skipped);
            assert.equal(r.calls.length, 0);
        });
    });

    for (const [file, changesJob, label] of [
        ["deploy.yml", "changes", "deploy"],
        ["rotate.yml", "stacks", "rotate"],
    ] as const) {
        describe(`${file} (${label})`, () => {
            // One run per workflow: deploy's up succeeds, rotate's fails (both paths of the summary, half the time).
            const failing = file === "rotate.yml";
            let queued: string;
            let head: string;
            let r: JobResult;
            before(() => {
                queued = repo.commit("main", {
                    "Pulumi.vision-dev.yaml": `${repo.read("Pulumi.vision-dev.yaml")}# ${label} 1\n`,
                });
                head = repo.commit("main", { "docs/later.md": `a later push (${label})\n` });
                r = track(
                    file,
                    "up",
                    repo.runJob({
                        workflow: file,
                        job: "up",
                        sha: queued,
                        context: pushContext(queued, repo.base),
                        matrix: { stack: "vision-dev" },
                        needs: { [changesJob]: { outputs: { stacks: '["vision-dev"]' } } },
                        stub: { stacks: ["vision-dev"], upExit: failing ? 255 : 0 },
                    }),
                );
            });
            it(`${changesJob} job selects the stacks to update`, () => {
                const c = track(
                    file,
                    changesJob,
                    repo.runJob({
                        workflow: file,
                        job: changesJob,
                        sha: queued,
                        context: pushContext(queued, repo.base),
                    }),
                );
                assert.ok(c.ok, failureReport(c));
                const expected = file === "deploy.yml" ? ["vision-dev"] : ["dev", "vision-dev"];
                assert.deepEqual(JSON.parse(c.outputs["stacks"]!), expected);
            });
            it("runs pulumi up with the policy pack, on the head of main rather than the commit that queued it", () => {
                const [up] = callsOf(r, "pulumi", "up");
                assert.ok(up);
                assert.equal(up.head, head);
                assert.notEqual(up.head, queued);
                assert.deepEqual(up.args.slice(0, 3), ["up", "--stack", "vision-dev"]);
                assert.ok(up.args.includes("--yes"));
                assert.equal(up.args[up.args.indexOf("--policy-pack") + 1], "policy");
                assert.match(r.summary, new RegExp(`Deploying \`vision-dev\` at main ${head.slice(0, 7)}`));
            });
            it("gives the deploy identity's tokens to the pulumi steps only", () => {
                const [up] = callsOf(r, "pulumi", "up");
                assert.equal(up!.env["ARM_CLIENT_ID"], VARS.AZURE_DEPLOY_CLIENT_ID);
                assert.equal(up!.env["PULUMI_ACCESS_TOKEN"], SECRETS.PULUMI_ACCESS_TOKEN);
                for (const c of callsOf(r, "npm")) assertNoCredentials(c, `npm in ${file}`);
            });
            it("runs in the `deploy` environment, in the stack's concurrency group, never cancelled in progress", () => {
                assert.equal(r.environment, "deploy");
                assert.deepEqual(r.concurrency, { group: "stack-vision-dev", cancelInProgress: false });
            });
            it(failing ? "a failed up is still in the step summary" : "the up result is in the step summary", () => {
                if (failing) {
                    assert.equal(r.ok, false);
                    assert.match(r.summary, /pulumi up `vision-dev`: failed \(exit 255\)/);
                } else {
                    assert.ok(r.ok, failureReport(r));
                    assert.match(r.summary, /pulumi up `vision-dev`: succeeded/);
                }
            });
        });
    }

    describe("release.yml (tag → npm with provenance → GitHub release)", () => {
        const file = "release.yml";
        const version = (JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { version: string })
            .version;
        const tag = `v${version}`;
        const NPM_TOKEN = "npm-fake-publish-token";
        const tagContext = (t: string): Record<string, unknown> => ({
            github: {
                repository: "contoso/aml-stamp",
                sha: repo.base,
                ref: `refs/tags/${t}`,
                ref_name: t,
                token: "fake-github-token",
            },
            vars: VARS,
            secrets: { ...SECRETS, NPM_TOKEN },
        });
        const run = (job: string, t: string, built?: string): JobResult =>
            track(
                file,
                job,
                repo.runJob({
                    workflow: file,
                    job,
                    sha: repo.base,
                    context: tagContext(t),
                    ...(built !== undefined ? { stub: { built } } : {}),
                }),
            );

        let checked: JobResult;
        describe("check job", () => {
            let r: JobResult;
            before(async () => {
                // `npm run build` runs once per test run (tests/sharedBuild.ts, of the same sources as this commit):
                // the job's build step copies it; its `npm pack --dry-run` listing is real.
                r = checked = run("check", tag, await sharedBuild());
            });
            it("runs to the end: tag matches package.json, tests, build, the pack listing in the summary", () => {
                assert.ok(r.ok, failureReport(r));
                assert.equal(callsOf(r, "npm", "test").length, 1);
                assert.match(r.summary, /dist\/package\.js/);
                assert.match(r.summary, /dist\/package\.d\.ts/);
                assert.doesNotMatch(r.summary, /tests\/|Pulumi\.dev\.yaml|\.cache\//);
            });
            it("has no secret, no OIDC token and no write permission", () => {
                for (const c of r.calls) {
                    assertNoCredentials(c, "the release check job");
                    assert.equal(c.env["NODE_AUTH_TOKEN"], undefined);
                    assert.equal(c.env["ACTIONS_ID_TOKEN_REQUEST_URL"], undefined);
                }
                assert.equal(readWorkflow(file).jobs["check"]!.permissions, undefined, "workflow default: read");
            });
        });

        it("a tag that is not package.json's version stops the release before tests and publishing", () => {
            const r = run("check", "v9.9.9");
            assert.equal(r.ok, false);
            const failed = r.steps.find((s) => s.exitCode !== 0);
            assert.match(failed?.name ?? "", /the tag is package\.json's version/);
            assert.match(failed!.stderr, /tag "v9\.9\.9": must be "v" \+ package\.json version/);
            assert.equal(callsOf(r, "npm", "test").length, 0);
        });

        describe("publish job", () => {
            let r: JobResult;
            before(() => {
                // The same commit as the check job: its dist/ (its pack listing is asserted there).
                assert.ok(checked?.ok, "the check job ran first and passed");
                r = run("publish", tag, path.join(checked.workspace, "dist"));
            });
            it("publishes with provenance, the npm token and the OIDC token in that step only", () => {
                assert.ok(r.ok, failureReport(r));
                const [pub] = callsOf(r, "npm", "publish");
                assert.ok(pub, "npm publish was called");
                assert.ok(pub.args.includes("--provenance"), pub.args.join(" "));
                assert.equal(pub.env["NODE_AUTH_TOKEN"], NPM_TOKEN);
                assert.ok(pub.env["ACTIONS_ID_TOKEN_REQUEST_URL"], "provenance needs the job's OIDC token");
                for (const c of r.calls.filter((c) => c !== pub)) {
                    assert.equal(c.env["NODE_AUTH_TOKEN"], undefined, `${c.tool} ${c.args.join(" ")}`);
                }
                const built = r.calls.findIndex((c) => c.tool === "npm" && c.args.join(" ") === "run build");
                assert.ok(built >= 0 && built < r.calls.indexOf(pub), "built before publishing");
                assert.ok(fs.existsSync(path.join(r.workspace, "dist", "package.d.ts")), "dist/ is there to publish");
            });
            it("creates the GitHub release with the version's CHANGELOG.md section as notes", () => {
                const [rel] = callsOf(r, "gh", "release");
                assert.ok(rel);
                assert.deepEqual(rel.args.slice(0, 3), ["release", "create", tag]);
                assert.ok(rel.args.includes("--verify-tag"));
                const notesFile = rel.args[rel.args.indexOf("--notes-file") + 1]!;
                const expected = releaseNotes(tag, version, repo.read("CHANGELOG.md"));
                assert.ok("notes" in expected, JSON.stringify(expected));
                assert.equal(fs.readFileSync(notesFile, "utf8"), `${expected.notes}\n`);
                assert.equal(rel.env["GH_TOKEN"], "fake-github-token");
                const [pub] = callsOf(r, "npm", "publish");
                assert.equal(pub!.env["GH_TOKEN"], undefined);
            });
            it("runs in the `release` environment, one per tag, never cancelled in progress", () => {
                assert.equal(r.environment, "release");
                assert.deepEqual(r.concurrency, { group: `release-refs/tags/${tag}`, cancelInProgress: false });
                assert.deepEqual(readWorkflow(file).jobs["publish"]!.needs, "check");
            });
        });
    });

    // Last child suite: mocha runs a suite's own tests before its child suites, so this must be a suite too.
    describe("coverage", () => {
        it("every run step of every workflow was executed by these tests", () => {
            const missing: string[] = [];
            // drift.yml: tests/ci/drift.integration.spec.ts runs it and checks its own coverage.
            for (const file of FILES.filter((f) => f !== "drift.yml")) {
                for (const [name, job] of Object.entries(readWorkflow(file).jobs)) {
                    job.steps.forEach((s, i) => {
                        if (s.run !== undefined && !executed.has(`${file}#${name}#${i}`))
                            missing.push(`${file} ${name} #${i}`);
                    });
                }
            }
            assert.deepEqual(missing, []);
        });
    });
});

describe("ci:stacks (which stacks a push deploys)", () => {
    const all = ["dev", "vision-dev", "vision-prod"];
    it("a changed stack file selects its stack", () => {
        assert.deepEqual(stacksForChanges(["Pulumi.vision-dev.yaml", "docs/onboarding.md"], all), ["vision-dev"]);
    });
    it("program, schema, defaults or dependency changes select every stack", () => {
        for (const f of [
            "index.ts",
            "components/workspace.ts",
            "config/stamp.ts",
            "Pulumi.yaml",
            "package-lock.json",
            "policy/index.ts",
            "lib/names.ts",
            "newdir/x.ts",
        ]) {
            assert.deepEqual(stacksForChanges([f], all), all, f);
        }
    });
    it("docs, tests, scripts, workflows, examples and packaging files select none", () => {
        assert.deepEqual(
            stacksForChanges(
                [
                    "docs/scaling.md",
                    "tests/x.spec.ts",
                    "scripts/plan.ts",
                    ".github/workflows/deploy.yml",
                    "README.md",
                    "examples/yaml/Pulumi.yaml",
                    "LICENSE",
                    "PulumiPlugin.yaml",
                    "schema.json",
                ],
                all,
            ),
            [],
        );
    });
    it("a deleted stack file selects nothing (destroying is a deliberate, manual step)", () => {
        assert.deepEqual(stacksForChanges(["Pulumi.old-dev.yaml"], all), []);
    });
    it("Pulumi's stack name rule: letters, digits, _ . - only, 1-100 characters", () => {
        for (const ok of ["dev", "vision-dev", "a_b.c", "x".repeat(100)])
            assert.equal(stackNameProblem(ok), undefined, ok);
        assert.match(stackNameProblem('dev"; curl x') ?? "", /invalid character "\\""/);
        assert.match(stackNameProblem("a b") ?? "", /invalid character " "/);
        assert.match(stackNameProblem("x".repeat(101)) ?? "", /cannot exceed 100 characters/);
    });
});
