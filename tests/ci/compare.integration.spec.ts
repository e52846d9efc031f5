/**
 * The pull request's offline job, run by the workflow harness (tests/ci/harness.ts), on a PR that takes a production
 * stack's managed network back to AllowInternetOutbound: the check fails, and the step summary and log say that Azure
 * refuses it (plan --compare, offline/planDiff.ts).
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { stringify } from "yaml";
import { type JobResult, TempRepo } from "./harness";
import { prContext } from "./workflowRuns";
import { newTeamProductionStack } from "../helpers";

const WORKFLOW = "pull-request.yml";

describe("pull-request.yml: a change Azure refuses fails the PR's check, with the reason", function () {
    this.timeout(600_000);
    let repo: TempRepo;
    let r: JobResult;
    const { stack, config } = newTeamProductionStack();
    const file = `Pulumi.${stack}.yaml`;
    before(() => {
        repo = new TempRepo();
        // The base branch: the production stack as new-team --production writes it (the dev example stack left out
        // to keep the job short; it is not in teams.yaml).
        const base = repo.commit("main-with-prod", {
            [file]: stringify({ config }),
            "Pulumi.dev.yaml": null,
        });
        const pr = repo.commit(
            "pr-isolation-back",
            {
                [file]: stringify({
                    config: { ...config, "aml-stamp:managedNetworkIsolation": "AllowInternetOutbound" },
                }),
            },
            base,
        );
        // The reviewers' Markdown plans are asserted on the full run of this job (pullRequest.integration.spec.ts); this
        // case is about the plan and diff steps.
        r = repo.runJob({
            workflow: WORKFLOW,
            job: "offline",
            sha: pr,
            context: prContext({ base }, pr),
            skip: ["plan summaries for reviewers"],
        });
    });
    after(() => repo.cleanup());

    it("fails the job at the diff step (the plan step fails on the config too, and the diff still runs)", () => {
        assert.equal(r.ok, false);
        const diff = r.steps.find((s) => s.name.startsWith("access and setting diff against the base branch"));
        assert.ok(diff !== undefined && !diff.skipped, "the diff step ran after the failed plan step");
        assert.equal(diff.exitCode, 1, diff.stderr.slice(-3000));
        const all = r.steps.find((s) => s.name === "offline plan of every stack");
        assert.notEqual(all?.exitCode, 0, "the PR's config is refused by the hardened profile");
    });
    it("says in the step summary, under the stack, that Azure refuses it and why", () => {
        const section = r.summary.split(`### Stack \`${stack}\``)[1];
        assert.ok(section !== undefined, r.summary.slice(-3000));
        assert.match(section, /### Refused: 1 change\(s\) cannot be deployed/);
        assert.match(
            section,
            /Azure refuses managedNetworkIsolation AllowOnlyApprovedOutbound → AllowInternetOutbound/,
        );
        assert.match(section, /how-to-managed-network\.md/);
    });
    it("logs the config error and the refusal", () => {
        const diff = r.steps.find((s) => s.name.startsWith("access and setting diff"))!;
        assert.match(diff.stderr, /aml-stamp:managedNetworkIsolation/);
        assert.match(diff.stderr, /Azure refuses managedNetworkIsolation/);
    });
    it("compares against the base branch's plan, made by the base branch's code", () => {
        const json = r.calls.filter((c) => c.tool === "npm" && c.args.includes("--json"));
        assert.deepEqual(
            json.map((c) => c.args.slice(c.args.indexOf("--") + 1)),
            [["--all", "--json"]],
        );
        for (const c of json) assert.notEqual(c.head, repo.base);
        const plans = fs.readFileSync(path.join(r.workspace, "..", "temp", "base-plans.json"), "utf8");
        const stacks = (JSON.parse(plans) as { results: { stack: string; plan?: unknown }[] }).results;
        assert.deepEqual(
            stacks.map((s) => [s.stack, s.plan !== undefined]),
            [
                [stack, true],
                ["vision-dev", true],
            ],
            "vision-dev and the production stack exist on the base branch, each with its plan",
        );
    });
});
