/**
 * The plan's `--all` modes a pull request's offline job runs once each instead of once per stack
 * (.github/workflows/pull-request.yml): `--all --format markdown` (every stack's Markdown plan), `--all --json` (with
 * each evaluated stack's plan, as the single-stack `--json` prints it) and `--all --compare ALL.json` (per stack: the
 * diff against the base branch's `--all --json`, a new stack's or a stack invalid there's full access). In-process
 * through `main(argv, io, stacksDir)`; the workflow's effect: tests/ci/pullRequest.integration.spec.ts.
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { main as plan } from "../scripts/plan";
import { ROOT } from "../offline/stackConfig";
import { captureIo } from "./helpers";
import { DEV_READERS_AFTER, DEV_READERS_BEFORE } from "./ci/workflowRuns";

const DEV = fs.readFileSync(path.join(ROOT, "Pulumi.dev.yaml"), "utf8");
const VISION_DEV = fs.readFileSync(path.join(ROOT, "Pulumi.vision-dev.yaml"), "utf8");

async function run(dir: string, ...argv: string[]): Promise<{ code: number; out: string; err: string }> {
    const c = captureIo();
    const code = await plan(argv, c.io, dir);
    return { code, out: c.out.join(""), err: c.err.join("") };
}

/** Per `### Stack` heading of a `--all --compare` output: the text under it. */
function sections(out: string): Record<string, string> {
    const parts = out.split(/^### Stack `([^`]+)`$/m);
    const found: Record<string, string> = {};
    for (let i = 1; i < parts.length; i += 2) found[parts[i]!] = parts[i + 1]!;
    return found;
}

describe("plan --all: one run for every stack's Markdown, JSON plans and diffs", function () {
    this.timeout(180_000);
    let base: string;
    let head: string;
    let basePlans: string;
    before(async () => {
        base = fs.mkdtempSync(path.join(os.tmpdir(), "aml-stamp-planall-base-"));
        head = fs.mkdtempSync(path.join(os.tmpdir(), "aml-stamp-planall-head-"));
        // The base branch: dev, vision-dev, and a stack its config refuses (it is fixed on the head).
        fs.writeFileSync(path.join(base, "Pulumi.dev.yaml"), DEV);
        fs.writeFileSync(path.join(base, "Pulumi.vision-dev.yaml"), VISION_DEV);
        fs.writeFileSync(path.join(base, "Pulumi.risk-dev.yaml"), risk("Dev-1"));
        const r = await run(base, "--all", "--json");
        assert.equal(r.code, 1, "the refused stack fails the base's --all");
        basePlans = path.join(base, "plans.json");
        fs.writeFileSync(basePlans, r.out);
        // The pull request: dev's access changes, vision-dev does not, nlp-dev is new, risk-dev is fixed.
        assert.ok(DEV.includes(DEV_READERS_BEFORE));
        fs.writeFileSync(path.join(head, "Pulumi.dev.yaml"), DEV.replace(DEV_READERS_BEFORE, DEV_READERS_AFTER));
        fs.writeFileSync(path.join(head, "Pulumi.vision-dev.yaml"), VISION_DEV);
        fs.writeFileSync(path.join(head, "Pulumi.risk-dev.yaml"), risk("dev"));
        fs.writeFileSync(
            path.join(head, "Pulumi.nlp-dev.yaml"),
            VISION_DEV.replace("aml-stamp:team: vision", "aml-stamp:team: nlp").replace(
                'cost-center: "5120"',
                'cost-center: "5130"',
            ),
        );
    });
    after(() => {
        fs.rmSync(base, { recursive: true, force: true });
        fs.rmSync(head, { recursive: true, force: true });
    });

    it("--all --json carries each evaluated stack's plan, as --stack NAME --json prints it", async () => {
        const doc = JSON.parse(fs.readFileSync(basePlans, "utf8")) as {
            kind: string;
            results: { stack: string; ok: boolean; plan?: unknown }[];
        };
        assert.equal(doc.kind, "aml-stamp offline plan --all");
        const byStack = Object.fromEntries(doc.results.map((r) => [r.stack, r]));
        assert.equal(byStack["risk-dev"]?.ok, false);
        assert.equal(byStack["risk-dev"]?.plan, undefined, "a refused config has no plan");
        const single = await run(base, "--stack", "vision-dev", "--json");
        assert.equal(single.code, 0, single.err);
        assert.deepEqual(byStack["vision-dev"]?.plan, JSON.parse(single.out));
        assert.equal((byStack["dev"]?.plan as { stack?: string } | undefined)?.stack, "dev");
    });

    it("--all --format markdown prints every stack's Markdown plan, as --stack NAME --format markdown does", async () => {
        const r = await run(head, "--all", "--format", "markdown");
        assert.equal(r.code, 0, r.err);
        for (const stack of ["dev", "nlp-dev", "risk-dev", "vision-dev"]) {
            const one = await run(head, "--stack", stack, "--format", "markdown");
            assert.ok(r.out.includes(one.out), `${stack}'s Markdown plan is in the --all output`);
        }
    });

    it("--all --format markdown: a failing stack's error on stderr, the others still printed, exit 1", async () => {
        const r = await run(base, "--all", "--format", "markdown");
        assert.equal(r.code, 1);
        assert.match(r.err, /^Stack "risk-dev": Invalid stack config.*\n  - aml-stamp:environment = "Dev-1"/m);
        assert.match(r.out, /## Offline plan: stack `dev`/);
        assert.match(r.out, /## Offline plan: stack `vision-dev`/);
    });

    it("--all --compare: per stack, what was granted and revoked, no change, a new stack's or a fixed stack's access", async () => {
        const r = await run(head, "--all", "--compare", basePlans);
        assert.equal(r.code, 0, r.err);
        const s = sections(r.out);
        assert.deepEqual(Object.keys(s), ["dev", "nlp-dev", "risk-dev", "vision-dev"]);
        assert.match(s["dev"]!, /Granted \(1\)/);
        assert.match(s["dev"]!, /Revoked \(1\)/);
        assert.match(s["vision-dev"]!, /^\s*No access changes\.\s*$/);
        assert.match(
            s["nlp-dev"]!,
            /^\s*New stack: its full access\.\n\n\| Principal \| Kind \| Role \| Scope \| Reason \|/,
        );
        assert.match(s["risk-dev"]!, /^\s*Not valid on the base branch: its full access\.\n\n\| Principal \|/);
    });

    it("--all --compare: a stack the PR breaks fails with its error, the other stacks are still compared", async () => {
        fs.writeFileSync(
            path.join(head, "Pulumi.vision-dev.yaml"),
            VISION_DEV.replace("aml-stamp:team: vision", "aml-stamp:team: Vision"),
        );
        try {
            const r = await run(head, "--all", "--compare", basePlans);
            assert.equal(r.code, 1);
            assert.match(r.err, /^Stack "vision-dev": Invalid stack config.*\n  - aml-stamp:team = "Vision"/m);
            assert.match(sections(r.out)["dev"]!, /Granted \(1\)/);
        } finally {
            fs.writeFileSync(path.join(head, "Pulumi.vision-dev.yaml"), VISION_DEV);
        }
    });

    it("--all --compare against an --all --json of an older plan (no plans in it): each stack's full access, said so", async () => {
        const doc = JSON.parse(fs.readFileSync(basePlans, "utf8")) as { results: { plan?: unknown }[] };
        const older = path.join(base, "older.json");
        fs.writeFileSync(older, JSON.stringify({ ...doc, results: doc.results.map(({ plan: _, ...r }) => r) }));
        const r = await run(head, "--all", "--compare", older);
        assert.equal(r.code, 0, r.err);
        const s = sections(r.out);
        assert.ok(
            s["dev"]!.includes(`No plan of this stack in ${older} (an older plan --all --json): its full access.`),
        );
        assert.match(s["risk-dev"]!, /Not valid on the base branch: its full access\./);
    });

    it("--all --compare FILE is checked before anything is evaluated: a single-stack plan, a missing file", async () => {
        const single = path.join(base, "dev.json");
        fs.writeFileSync(single, (await run(base, "--stack", "dev", "--json")).out);
        const r = await run(head, "--all", "--compare", single);
        assert.equal(r.code, 1);
        assert.equal(r.out, "");
        assert.ok(r.err.includes(`--compare ${single}: the plan of one stack (kind "aml-stamp offline plan")`), r.err);
        assert.match(r.err, /expected the output of `npm run -s plan -- --all --json`/);
        const missing = await run(head, "--all", "--compare", path.join(base, "missing.json"));
        assert.equal(missing.code, 1);
        assert.match(missing.err, /missing\.json: cannot read the file/);
        // The other way round: --stack NAME --compare with an --all document names what to give it.
        const other = await run(head, "--stack", "dev", "--compare", basePlans);
        assert.equal(other.code, 1);
        assert.match(
            other.err,
            /the plans of every stack \(kind "aml-stamp offline plan --all"\): use --all --compare/,
        );
    });
});

/** A risk-team dev stack file; `environment` "Dev-1" is refused by the environment rule. */
function risk(environment: string): string {
    return VISION_DEV.replace("aml-stamp:team: vision", "aml-stamp:team: risk")
        .replace("aml-stamp:environment: dev", `aml-stamp:environment: ${environment}`)
        .replace('cost-center: "5120"', 'cost-center: "5140"');
}
