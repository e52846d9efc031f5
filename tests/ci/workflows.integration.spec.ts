/**
 * The GitHub Actions workflows, tested by running them (tests/ci/harness.ts): every `run:` step of every workflow
 * executes with bash in a temporary repository with stub `pulumi`, `az`, `gh` and `npm ci` commands that record
 * their arguments and environment. Assertions are on what the steps do and print. Schema validation stays
 * (@action-validator/core). Here: every workflow's schema and shape, deploy.yml, rotate.yml and release.yml;
 * pull-request.yml and drift.yml have their own specs (run in parallel with this one).
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
import { type JobResult, readWorkflow, TempRepo, WORKFLOWS } from "./harness";
import { sharedBuild } from "../sharedBuild";
import {
    assertNoCredentials,
    callsOf,
    failureReport,
    pushContext,
    SECRETS,
    track,
    unexecuted,
    VARS,
} from "./workflowRuns";

const FILES = fs.readdirSync(WORKFLOWS).filter((f) => /\.ya?ml$/.test(f));

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
        it("every run step of deploy.yml, rotate.yml and release.yml was executed by these tests", () => {
            // pull-request.yml and drift.yml: their own specs run them and check their coverage.
            const files = FILES.filter((f) => f !== "drift.yml" && f !== "pull-request.yml");
            assert.deepEqual(files.sort(), ["deploy.yml", "release.yml", "rotate.yml"]);
            assert.deepEqual(unexecuted(files), []);
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
