import assert from "node:assert/strict";
import * as fs from "fs";
import * as path from "path";
import { validateWorkflow } from "@action-validator/core";
import { parse } from "yaml";
import { stacksForChanges } from "../scripts/ciStacks";
import { ROOT } from "../scripts/offline/stackConfig";

const DIR = path.join(ROOT, ".github", "workflows");

interface Step {
    uses?: string;
    run?: string;
    if?: string;
    with?: Record<string, unknown>;
}
interface Job {
    if?: string;
    permissions?: Record<string, string>;
    concurrency?: { group: string; "cancel-in-progress": boolean };
    strategy?: { matrix?: Record<string, unknown> };
    env?: Record<string, string>;
    steps: Step[];
}
interface Workflow {
    on: Record<string, unknown>;
    permissions?: Record<string, string>;
    jobs: Record<string, Job>;
}

function read(name: string): { src: string; wf: Workflow } {
    const src = fs.readFileSync(path.join(DIR, name), "utf8");
    return { src, wf: parse(src) as Workflow };
}

function usesOf(job: Job, action: string): Step[] {
    return job.steps.filter((s) => s.uses?.split("@")[0] === action);
}

describe("GitHub Actions workflows", () => {
    const files = fs.readdirSync(DIR).filter((f) => /\.ya?ml$/.test(f));

    it("are the PR, deploy and weekly rotation workflows", () => {
        assert.deepEqual(files.sort(), ["deploy.yml", "pull-request.yml", "rotate.yml"]);
    });

    for (const file of files) {
        describe(file, () => {
            it("validates against the workflow schema (@action-validator/core)", () => {
                const { errors } = validateWorkflow(read(file).src);
                assert.deepEqual(errors, [], JSON.stringify(errors, null, 2));
            });

            it("pins every action to a major version or a commit", () => {
                for (const job of Object.values(read(file).wf.jobs)) {
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

            it("grants only read access to the repository by default", () => {
                assert.deepEqual(read(file).wf.permissions, { contents: "read" });
            });

            it("never puts the matrix stack name into a shell script (it comes from a file name in the PR)", () => {
                for (const job of Object.values(read(file).wf.jobs)) {
                    for (const step of job.steps)
                        assert.ok(!(step.run ?? "").includes("${{"), `expression in run: ${step.run}`);
                }
            });
        });
    }

    it("the validator rejects a malformed workflow (it is not a no-op)", () => {
        assert.notEqual(validateWorkflow("on: push\njobs:\n  a:\n    runs-on: x\n    stepz: []\n").errors.length, 0);
    });

    describe("pull-request.yml", () => {
        const { wf } = read("pull-request.yml");

        it("runs the offline plan of every stack and the access diff with no credentials (forks get a review)", () => {
            const offline = wf.jobs["offline"]!;
            assert.equal(offline.permissions, undefined, "inherits contents: read only");
            const runs = offline.steps.map((s) => s.run ?? "").join("\n");
            assert.match(runs, /npm ci/);
            assert.match(runs, /npm run plan -- --all/);
            assert.match(runs, /--json/);
            assert.match(runs, /--access --compare/);
            assert.ok(!JSON.stringify(offline).includes("secrets."), "no secrets in the offline job");
            assert.equal(usesOf(offline, "azure/login").length, 0);
        });

        it("previews every stack (matrix from the stack files) with the policy pack, commenting on the PR", () => {
            const preview = wf.jobs["preview"]!;
            assert.match(String(preview.strategy?.matrix?.["stack"]), /fromJSON\(needs\.stacks\.outputs\.stacks\)/);
            assert.ok(wf.jobs["stacks"]!.steps.some((s) => (s.run ?? "").includes("ci:stacks")));
            const [step] = usesOf(preview, "pulumi/actions").filter((s) => s.with?.["command"] === "preview");
            assert.ok(step);
            assert.equal(step.with?.["policyPacks"], "policy");
            assert.equal(step.with?.["comment-on-pr"], true);
            assert.equal(step.with?.["stack-name"], "${{ matrix.stack }}");
        });

        it("logs in to Azure with OIDC (id-token: write, a federated credential, no client secret)", () => {
            const preview = wf.jobs["preview"]!;
            assert.equal(preview.permissions?.["id-token"], "write");
            const [login] = usesOf(preview, "azure/login");
            assert.ok(login?.with?.["client-id"]);
            assert.equal(login?.with?.["creds"], undefined);
            assert.equal(preview.env?.["ARM_USE_OIDC"], "true");
            assert.ok(!JSON.stringify(wf).match(/CLIENT_SECRET/));
        });

        it("skips the credentialed preview for forks", () => {
            assert.match(wf.jobs["preview"]!.if ?? "", /head\.repo\.full_name == github\.repository/);
        });
    });

    for (const [file, trigger] of [
        ["deploy.yml", "push"],
        ["rotate.yml", "schedule"],
    ] as const) {
        describe(file, () => {
            const { wf } = read(file);
            it(`runs pulumi up per stack on ${trigger}, one run at a time per stack`, () => {
                assert.ok(trigger in wf.on);
                const up = wf.jobs["up"]!;
                assert.deepEqual(up.concurrency, { group: "pulumi-${{ matrix.stack }}", "cancel-in-progress": false });
                assert.equal(up.permissions?.["id-token"], "write");
                assert.ok(usesOf(up, "azure/login").length === 1);
                const [step] = usesOf(up, "pulumi/actions");
                assert.equal(step?.with?.["command"], "up");
                assert.equal(step?.with?.["policyPacks"], "policy");
            });
        });
    }

    it("rotate.yml runs weekly", () => {
        const cron = (read("rotate.yml").wf.on["schedule"] as { cron: string }[])[0]!.cron;
        assert.match(cron, /^\d+ \d+ \* \* [0-6]$/);
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
    it("docs, tests, scripts and workflows select none", () => {
        assert.deepEqual(
            stacksForChanges(
                ["docs/scaling.md", "tests/x.spec.ts", "scripts/plan.ts", ".github/workflows/deploy.yml", "README.md"],
                all,
            ),
            [],
        );
    });
    it("a deleted stack file selects nothing (destroying is a deliberate, manual step)", () => {
        assert.deepEqual(stacksForChanges(["Pulumi.old-dev.yaml"], all), []);
    });
});
