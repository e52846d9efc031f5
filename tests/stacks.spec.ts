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

    it("fails naming the first invalid stack file and key, and skips the rest", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "plan-all-"));
        try {
            fs.writeFileSync(
                path.join(dir, "Pulumi.a-dev.yaml"),
                "config:\n  aml-stamp:team: a1\n  aml-stamp:environment: dev\n",
            );
            fs.writeFileSync(
                path.join(dir, "Pulumi.b-dev.yaml"),
                "config:\n  aml-stamp:team: b1\n  aml-stamp:environment: Dev-1\n",
            );
            fs.writeFileSync(path.join(dir, "Pulumi.c-dev.yaml"), "config:\n  aml-stamp:team: C\n");
            const r = await planAll({ root: dir });
            assert.equal(r.ok, false);
            const failed = r.results.at(-1)!;
            assert.equal(failed.file, "Pulumi.b-dev.yaml");
            assert.equal(failed.key, "aml-stamp:environment");
            assert.deepEqual(r.skipped, ["c-dev"]);
            const text = renderPlanAll(r);
            assert.match(text, /FAIL {2}Pulumi\.b-dev\.yaml \(aml-stamp:environment\)/);
            assert.match(text, /ok {4}Pulumi\.a-dev\.yaml/);
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
