import assert from "node:assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse } from "yaml";
import { parseConfig } from "../config";
import { listStacks, readStackConfig, ROOT } from "../offline/stackConfig";
import {
    planAll,
    type PlanAllResult,
    renderPlanAll,
    ROLE_ASSIGNMENTS_PER_SUBSCRIPTION,
    stampsPerSubscription,
} from "../offline/planAll";

describe("plan --all", () => {
    describe("over the committed stacks (what `npm run plan -- --all` runs)", () => {
        let result: PlanAllResult;
        before(async () => {
            result = await planAll();
        });

        it("evaluates every Pulumi.<stack>.yaml, one after the other, and all are valid", () => {
            assert.ok(result.ok, renderPlanAll(result));
            assert.deepEqual(
                result.results.map((r) => r.stack),
                listStacks(),
            );
        });

        it("includes at least two teams (dev of ml-platform and a stack made with new-team)", () => {
            assert.ok(result.results.length >= 2);
            assert.ok(result.results.some((r) => r.stack === "vision-dev"));
        });

        it("reports resources and role assignments per stack, and how many stamps fit a subscription", () => {
            for (const r of result.results) assert.ok(r.resources > 0, `${r.file} declares resources`);
            assert.match(renderPlanAll(result), /such stamps fit one subscription's 4000/);
        });
    });

    it("reports every stack, each failure naming its file and key, then fails (it stopped at the first)", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "plan-all-"));
        try {
            fs.writeFileSync(
                path.join(dir, "Pulumi.aa-dev.yaml"),
                "config:\n  aml-stamp:team: aa\n  aml-stamp:environment: dev\n",
            );
            fs.writeFileSync(
                path.join(dir, "Pulumi.b-dev.yaml"),
                "config:\n  aml-stamp:team: b1\n  aml-stamp:environment: Dev-1\n",
            );
            fs.writeFileSync(path.join(dir, "Pulumi.c-dev.yaml"), "config:\n  aml-stamp:team: C\n");
            const r = await planAll({ root: dir });
            assert.equal(r.ok, false);
            assert.deepEqual(
                r.results.map((s) => [s.file, s.ok]),
                [
                    ["Pulumi.aa-dev.yaml", true],
                    ["Pulumi.b-dev.yaml", false],
                    ["Pulumi.c-dev.yaml", false],
                ],
            );
            assert.equal(r.results[1]!.key, "aml-stamp:environment");
            assert.ok(r.results[2]!.key?.startsWith("aml-stamp:"), r.results[2]!.error);
            const text = renderPlanAll(r);
            assert.match(text, /ok {4}Pulumi\.aa-dev\.yaml/);
            assert.match(text, /FAIL {2}Pulumi\.b-dev\.yaml \(aml-stamp:environment\)/);
            assert.match(text, /FAIL {2}Pulumi\.c-dev\.yaml \(aml-stamp:/);
            assert.match(text, /\n2 of 3 stacks failed\.$/m);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    it("says when a stack file's name is not its <team>-<environment> (it said nothing)", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "plan-all-"));
        try {
            fs.writeFileSync(
                path.join(dir, "Pulumi.a-dev.yaml"),
                "config:\n  aml-stamp:team: other\n  aml-stamp:environment: dev\n",
            );
            const r = await planAll({ root: dir });
            assert.equal(r.ok, true, renderPlanAll(r));
            assert.match(r.results[0]!.note ?? "", /Pulumi\.a-dev\.yaml holds aml-stamp:team "other"/);
            assert.match(renderPlanAll(r), /note {2}Pulumi\.a-dev\.yaml .*new-team names it Pulumi\.other-dev\.yaml/);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    it("names a stack file that is not YAML", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "plan-all-"));
        try {
            fs.writeFileSync(path.join(dir, "Pulumi.x-dev.yaml"), "config: [unclosed\n");
            const r = await planAll({ root: dir });
            assert.equal(r.ok, false);
            assert.equal(r.results[0]?.file, "Pulumi.x-dev.yaml");
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    it("stampsPerSubscription divides the 4,000 role-assignment limit", () => {
        assert.equal(ROLE_ASSIGNMENTS_PER_SUBSCRIPTION, 4000);
        assert.equal(stampsPerSubscription(1), 4000);
        assert.equal(stampsPerSubscription(12), 333);
        assert.equal(stampsPerSubscription(4001), 0);
        assert.throws(() => stampsPerSubscription(-1), RangeError);
    });
});

describe("esc/aml-stamp-shared.yaml (example shared ESC environment)", () => {
    it("sets only keys Pulumi.yaml declares, with values the program accepts", () => {
        const doc = parse(fs.readFileSync(path.join(ROOT, "esc", "aml-stamp-shared.yaml"), "utf8")) as {
            values: { pulumiConfig: Record<string, unknown> };
        };
        const shared = doc.values.pulumiConfig;
        assert.ok(Object.keys(shared).length > 0);
        // The environment fills what a stack file leaves out: a minimal team stack plus the shared values.
        const config = { "aml-stamp:team": "esc", "aml-stamp:environment": "dev", ...shared };
        const cfg = parseConfig(readStackConfig("esc-dev", {}, ROOT, { config }).config);
        assert.deepEqual(cfg.tags, shared["aml-stamp:tags"]);
    });
});
