/**
 * scripts/previewGate.ts: the credentialed preview runs only when the GitHub environment requires a reviewer. The
 * answers are the shapes of the REST API's "Get an environment" (docs.github.com/rest/deployments/environments);
 * tests/ci/pullRequest.integration.spec.ts runs the step that calls it.
 */
import assert from "node:assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { main, previewGate } from "../scripts/previewGate";

const env = (rules: unknown[]): string => JSON.stringify({ id: 1, name: "preview", protection_rules: rules });
const REVIEWERS = { id: 7, type: "required_reviewers", prevent_self_review: true, reviewers: [{ type: "User" }] };

describe("ci:preview-gate (the preview environment requires a reviewer)", () => {
    it("runs the preview when a required_reviewers rule names at least one reviewer", () => {
        const g = previewGate("preview", 200, env([{ id: 1, type: "wait_timer", wait_timer: 5 }, REVIEWERS]));
        assert.deepEqual(g, { preview: true, reason: "the environment `preview` requires a reviewer (1 configured)" });
    });

    for (const [what, status, body, why] of [
        ["no protection rule", 200, env([]), /requires no reviewer \(its protection rules: none\)/],
        [
            "a wait timer and a branch policy only",
            200,
            env([{ type: "wait_timer" }, { type: "branch_policy" }]),
            /protection rules: wait_timer, branch_policy\)/,
        ],
        [
            "a required_reviewers rule with no reviewer",
            200,
            env([{ ...REVIEWERS, reviewers: [] }]),
            /requires no reviewer/,
        ],
        ["no protection_rules key", 200, JSON.stringify({ name: "preview" }), /requires no reviewer/],
        [
            "a missing environment (404)",
            404,
            '{"message":"Not Found"}',
            /does not exist \(a job naming it would create it/,
        ],
        ["a token without actions: read (403)", 403, "{}", /answered HTTP 403 .*actions: read/],
        ["no answer at all", 0, "", /answered nothing/],
        ["an answer that is not JSON", 200, "<html>", /is not JSON/],
        ["protection_rules that is not a list", 200, JSON.stringify({ protection_rules: {} }), /is not a list/],
    ] as const) {
        it(`skips the preview for ${what}, saying why`, () => {
            const g = previewGate("preview", status, body);
            assert.equal(g.preview, false);
            assert.match(g.reason, /^credentialed preview skipped: /);
            assert.match(g.reason, why);
            assert.doesNotMatch(g.reason, /\n/, "one line: it goes to GITHUB_OUTPUT");
        });
    }

    it("names the plans that have required reviewers when it skips for their absence", () => {
        assert.match(
            previewGate("preview", 200, env([])).reason,
            /public repositories on every GitHub plan, and for private or internal repositories on GitHub Enterprise only/,
        );
    });

    describe("main(argv, io)", () => {
        let dir: string;
        before(() => {
            dir = fs.mkdtempSync(path.join(os.tmpdir(), "preview-gate-"));
        });
        after(() => fs.rmSync(dir, { recursive: true, force: true }));
        const run = (argv: string[]) => {
            const io = { out: "", err: "" };
            const code = main(argv, { out: (t) => (io.out += t), err: (t) => (io.err += t) });
            return { code, ...io };
        };

        it("prints the outputs; writes the summary only when it skips", () => {
            const answer = path.join(dir, "a.json");
            const summary = path.join(dir, "summary.md");
            fs.writeFileSync(answer, env([REVIEWERS]));
            fs.writeFileSync(summary, "");
            const args = ["--environment", "preview", "--response", answer, "--summary", summary];
            const ok = run([...args, "--status", "200"]);
            assert.equal(ok.code, 0);
            assert.equal(ok.out, "preview=true\nreason=the environment `preview` requires a reviewer (1 configured)\n");
            assert.equal(fs.readFileSync(summary, "utf8"), "");
            fs.writeFileSync(answer, env([]));
            const skip = run([...args, "--status", "200"]);
            assert.match(skip.out, /^preview=false\nreason=credentialed preview skipped: /);
            assert.match(fs.readFileSync(summary, "utf8"), /^### Preview\n\ncredentialed preview skipped: .*\.\n$/);
        });

        it("a missing response file (curl had no answer) skips", () => {
            const summary = path.join(dir, "s2.md");
            const r = run(
                ["--environment", "preview", "--status", "000", "--response", path.join(dir, "none")].concat([
                    "--summary",
                    summary,
                ]),
            );
            assert.equal(r.code, 0);
            assert.match(r.out, /^preview=false\nreason=.*answered nothing/);
        });

        it("usage errors exit 2 naming the option; --help exits 0", () => {
            const missing = run(["--environment", "preview"]);
            assert.equal(missing.code, 2);
            assert.match(missing.err, /missing --status, --response, --summary/);
            const bad = run(["--environment", "p", "--status", "abc", "--response", "x", "--summary", "y"]);
            assert.equal(bad.code, 2);
            assert.match(bad.err, /--status "abc" is not an HTTP status code/);
            assert.equal(run(["--nope"]).code, 2);
            const help = run(["--help"]);
            assert.equal(help.code, 0);
            assert.match(help.out, /^usage: npm run --silent ci:preview-gate/);
        });
    });
});
