/**
 * .github/workflows/drift.yml run under the workflow harness (tests/ci/harness.ts) with the stub CLI for a clean and a
 * drifted stack (fixtures shaped like `pulumi preview --refresh --expect-no-changes --json`, tests/fixtures/drift/);
 * scripts/drift.ts itself is tested in tests/drift.spec.ts.
 */
import assert from "node:assert/strict";
import * as fs from "fs";
import * as path from "path";
import { ISSUE_TITLE } from "../../scripts/drift";
import { ROOT } from "../../offline/stackConfig";
import { type JobResult, readWorkflow, TempRepo } from "./harness";
import { failureReport, SECRETS, VARS } from "./workflowRuns";

const FIXTURES = path.join(ROOT, "tests", "fixtures", "drift");
const CLEAN = fs.readFileSync(path.join(FIXTURES, "clean.json"), "utf8");
const DRIFTED = fs.readFileSync(path.join(FIXTURES, "drifted.json"), "utf8");

describe("drift.yml under the workflow harness", function () {
    this.timeout(600_000);
    const FILE = "drift.yml";
    let repo: TempRepo;
    const executed = new Set<string>();
    const track = (job: string, r: JobResult): JobResult => {
        const steps = readWorkflow(FILE).jobs[job]!.steps;
        r.steps.forEach((s, i) => {
            if (!s.skipped && steps[i]?.run !== undefined) executed.add(`${job}#${i}`);
        });
        return r;
    };
    const context = () => ({
        github: {
            repository: "contoso/aml-stamp",
            sha: repo.base,
            token: "fake-github-token",
            server_url: "https://github.com",
            run_id: "9001",
            event_name: "schedule",
            event: { repository: { default_branch: "main" } },
        },
        vars: VARS,
        secrets: SECRETS,
    });
    let stacks: JobResult;
    let dev: JobResult;
    let vision: JobResult;
    let report: JobResult;
    before(() => {
        repo = new TempRepo();
        stacks = track("stacks", repo.runJob({ workflow: FILE, job: "stacks", sha: repo.base, context: context() }));
        const check = (stack: string, previewExit: number, previewOutput: string) =>
            track(
                "check",
                repo.runJob({
                    workflow: FILE,
                    job: "check",
                    sha: repo.base,
                    context: context(),
                    matrix: { stack },
                    needs: { stacks: { outputs: stacks.outputs } },
                    stub: { stacks: [stack], previewExit, previewOutput },
                }),
            );
        dev = check("dev", 7, DRIFTED.trimEnd());
        vision = check("vision-dev", 0, CLEAN.trimEnd());
        report = track(
            "report",
            repo.runJob({
                workflow: FILE,
                job: "report",
                sha: repo.base,
                context: context(),
                needs: { stacks: { outputs: stacks.outputs }, check: { outputs: {} } },
            }),
        );
    });
    after(() => repo.cleanup());

    it("lists every stack of the default branch (ci:stacks)", () => {
        assert.ok(stacks.ok, failureReport(stacks));
        assert.deepEqual(JSON.parse(stacks.outputs["stacks"]!), ["dev", "vision-dev"]);
    });
    it("runs a read-only preview --refresh --expect-no-changes --json with the default branch's policy pack", () => {
        for (const r of [dev, vision]) {
            assert.ok(r.ok, failureReport(r));
            const previews = r.calls.filter((c) => c.tool === "pulumi" && c.args[0] === "preview");
            assert.equal(previews.length, 1);
            const [p] = previews;
            for (const flag of ["--refresh", "--expect-no-changes", "--json", "--non-interactive"]) {
                assert.ok(p!.args.includes(flag), flag);
            }
            assert.equal(p!.args[p!.args.indexOf("--policy-pack") + 1], "policy");
            assert.equal(p!.head, repo.base, "the default branch's commit");
            assert.equal(p!.env["ARM_CLIENT_ID"], "preview-client-id", "the preview identity");
            assert.equal(p!.env["PULUMI_BACKEND_URL"], "azblob://state");
            assert.ok(!r.calls.some((c) => c.tool === "pulumi" && ["up", "refresh"].includes(c.args[0]!)));
        }
        assert.match(dev.summary, /`dev`: drift \(the report job lists it\)\./);
        assert.match(vision.summary, /`vision-dev`: no drift\./);
    });
    it("holds no more than the pull-request preview: the preview environment, its identity, tokens in one step", () => {
        const pr = readWorkflow("pull-request.yml").jobs["preview"]!;
        const job = readWorkflow(FILE).jobs["check"]!;
        assert.equal(job.environment, pr.environment);
        assert.deepEqual(job.permissions, { contents: "read", "id-token": "write" });
        for (const s of dev.steps) {
            const withToken = s.env["PULUMI_ACCESS_TOKEN"] !== undefined;
            assert.equal(withToken, s.name.startsWith("pulumi preview"), s.name);
        }
        assert.deepEqual(dev.concurrency, { group: "drift-dev", cancelInProgress: false });
        const strategy = job.strategy as { "fail-fast"?: boolean; "max-parallel"?: number };
        assert.deepEqual([strategy["fail-fast"], strategy["max-parallel"]], [false, 10]);
    });
    it("the report job writes the table and opens the tracking issue, with no OIDC token and no Azure credential", () => {
        assert.ok(report.ok, failureReport(report));
        assert.match(report.summary, /1 clean, 1 drifted, 0 failed/);
        assert.match(report.summary, /\| `dev` \| \*\*access\*\* \| `azure-native:authorization:RoleAssignment`/);
        const gh = report.calls.filter((c) => c.tool === "gh");
        assert.deepEqual(
            gh.map((c) => c.args.slice(0, 2).join(" ")),
            ["issue list", "label create", "issue create"],
        );
        const create = gh[2]!;
        assert.equal(create.args[create.args.indexOf("--title") + 1], ISSUE_TITLE);
        assert.equal(create.args[create.args.indexOf("--label") + 1], "drift");
        const bodyFile = create.args[create.args.indexOf("--body-file") + 1]!;
        assert.match(
            fs.readFileSync(bodyFile, "utf8"),
            /found 4 drifted resources in 1 stack: `dev`\. Run: https:\/\/github\.com\/contoso\/aml-stamp\/actions\/runs\/9001/,
        );
        assert.equal(create.env["GH_TOKEN"], "fake-github-token");
        for (const c of report.calls) {
            for (const k of [
                "ACTIONS_ID_TOKEN_REQUEST_TOKEN",
                "PULUMI_ACCESS_TOKEN",
                "ARM_CLIENT_ID",
                "AZURE_STORAGE_ACCOUNT",
            ]) {
                assert.equal(c.env[k], undefined, `${c.tool} ${c.args.join(" ")} has ${k}`);
            }
        }
        assert.deepEqual(readWorkflow(FILE).jobs["report"]!.permissions, { contents: "read", issues: "write" });
    });
    it("a check that left no result: the report fails, names the stack as unknown and leaves the issue alone", () => {
        const r = repo.runJob({
            workflow: FILE,
            job: "report",
            sha: repo.base,
            context: context(),
            needs: {
                stacks: { outputs: { stacks: '["vision-dev","nlp-dev"]' } },
                check: { outputs: {}, result: "failure" },
            },
        });
        assert.equal(r.ok, false, "nlp-dev has no result");
        assert.match(r.summary, /- `nlp-dev`: no result: the drift job did not run to the end/);
        assert.deepEqual(
            r.calls.filter((c) => c.tool === "gh").map((c) => c.args.slice(0, 2).join(" ")),
            ["issue list"],
        );
    });
    it("every run step of drift.yml was executed by these tests", () => {
        const missing: string[] = [];
        for (const [name, job] of Object.entries(readWorkflow(FILE).jobs)) {
            job.steps.forEach((s, i) => {
                if (s.run !== undefined && !executed.has(`${name}#${i}`)) missing.push(`${name} #${i}`);
            });
        }
        assert.deepEqual(missing, []);
    });
});
