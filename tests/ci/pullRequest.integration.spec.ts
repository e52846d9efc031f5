/**
 * .github/workflows/pull-request.yml, tested by running its jobs (tests/ci/harness.ts) on a pull request that changes
 * a stack's access, adds a stack and edits the policy pack: the offline job, the preview gate and the credentialed
 * preview. The other workflows: workflows.integration.spec.ts (drift.yml: drift.integration.spec.ts).
 */
import assert from "node:assert/strict";
import * as fs from "fs";
import * as path from "path";
import { type JobResult, readWorkflow, TempRepo } from "./harness";
import {
    assertNoCredentials,
    callsOf,
    DEV_READERS_AFTER,
    DEV_READERS_BEFORE,
    failureReport,
    prContext,
    SECRETS,
    track,
    unexecuted,
    VARS,
} from "./workflowRuns";

describe("GitHub Actions workflows: pull-request.yml", function () {
    this.timeout(600_000);
    let repo: TempRepo;
    before(() => {
        repo = new TempRepo();
    });
    after(() => repo.cleanup());

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
            it("compares against plans of the base branch, made by the base branch's code, one plan run per step", () => {
                const base = r.calls.filter((c) => c.tool === "npm" && c.args.includes("--json"));
                assert.deepEqual(
                    base.map((c) => [c.head, c.args.slice(c.args.indexOf("--") + 1)]),
                    [[repo.base, ["--all", "--json"]]],
                );
                const plans = r.calls.filter((c) => c.tool === "npm" && c.args.includes("plan"));
                assert.equal(plans.length, 4, "plan --all, its Markdown, the base's plans and the diff");
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

    // Last child suite: mocha runs a suite's own tests before its child suites, so this must be a suite too.
    describe("coverage", () => {
        it("every run step of pull-request.yml was executed by these tests", () => {
            assert.deepEqual(unexecuted(["pull-request.yml"]), []);
        });
    });
});
