import assert from "node:assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import fc from "fast-check";
import { accessTable, type AccessGrant, diffAccess, readPlanGrants, renderAccessDiff } from "../offline/accessDiff";
import { grantsOfPlanFile, main as planMain } from "../scripts/plan";

const g = (principal: string, role: string, scope = "workspace", reason = "why"): AccessGrant => ({
    principal,
    kind: "Group",
    role,
    scope,
    reason,
});

describe("access diff (offline/accessDiff.ts)", () => {
    it("reports granted, revoked and changed reasons", () => {
        const before = [
            g("ds", "AzureML Data Scientist"),
            g("readers", "Reader"),
            g("ops", "AzureML Compute Operator", "workspace", "old"),
        ];
        const after = [
            g("ds", "AzureML Data Scientist"),
            g("ops", "AzureML Compute Operator", "workspace", "new"),
            g("ds", "Storage Blob Data Contributor", "storage account"),
        ];
        const d = diffAccess(before, after);
        assert.deepEqual(d.granted, [g("ds", "Storage Blob Data Contributor", "storage account")]);
        assert.deepEqual(d.revoked, [g("readers", "Reader")]);
        assert.equal(d.changed.length, 1);
        const text = renderAccessDiff(d);
        assert.match(text, /### Granted \(1\)/);
        assert.match(text, /### Revoked \(1\)/);
        assert.match(text, /\| ops \| AzureML Compute Operator \| workspace \| old \| new \|/);
    });
    it("a scope change is a revoke plus a grant", () => {
        const d = diffAccess([g("ds", "Reader", "workspace")], [g("ds", "Reader", "resource group")]);
        assert.equal(d.granted.length, 1);
        assert.equal(d.revoked.length, 1);
    });
    it("no changes between identical plans, whatever the order", () => {
        const grant = fc.record({
            principal: fc.constantFrom("a", "b", "c"),
            kind: fc.constantFrom("Group", "ServicePrincipal"),
            role: fc.constantFrom("Reader", "AcrPull"),
            scope: fc.constantFrom("workspace", "storage account"),
            reason: fc.constant("r"),
        });
        fc.assert(
            fc.property(
                fc.uniqueArray(grant, { selector: (x) => `${x.principal}${x.kind}${x.role}${x.scope}` }),
                (grants) => {
                    const d = diffAccess(grants, [...grants].reverse());
                    return d.granted.length === 0 && d.revoked.length === 0 && d.changed.length === 0;
                },
            ),
        );
        assert.equal(renderAccessDiff(diffAccess([], [])), "No access changes.");
    });
    it("granted and revoked swap when the plans swap", () => {
        const grant = fc.record({
            principal: fc.constantFrom("a", "b", "c", "d"),
            kind: fc.constant("Group"),
            role: fc.constantFrom("Reader", "AcrPull"),
            scope: fc.constant("workspace"),
            reason: fc.constant("r"),
        });
        const list = fc.uniqueArray(grant, { selector: (x) => `${x.principal}${x.role}` });
        fc.assert(
            fc.property(list, list, (a, b) => {
                const ab = diffAccess(a, b);
                const ba = diffAccess(b, a);
                return ab.granted.length === ba.revoked.length && ab.revoked.length === ba.granted.length;
            }),
        );
    });
    it("renders the matrix as a Markdown table and escapes pipes", () => {
        const table = accessTable([g("group a|b", "Reader", "workspace", "line\nbreak")]);
        assert.equal(table.split("\n")[0], "| Principal | Kind | Role | Scope | Reason |");
        assert.match(table, /\| group a\\\|b \| Group \| Reader \| workspace \| line break \|/);
    });
    it("reads an earlier --json plan, even with npm's banner before it", () => {
        const plan = JSON.stringify({ kind: "aml-stamp offline plan", access: { grants: [g("ds", "Reader")] } });
        assert.deepEqual(grantsOfPlanFile(`\n> aml-stamp@0.1.0 plan\n> node plan.ts --json\n\n${plan}`), [
            g("ds", "Reader"),
        ]);
        assert.throws(() => grantsOfPlanFile('{"kind": "other"}'), /not an offline plan/);
    });

    describe("--compare FILE is checked before anything is evaluated", () => {
        const plan = (stack: string, grants: unknown = [g("ds", "Reader")]) =>
            JSON.stringify({ kind: "aml-stamp offline plan", stack, access: { grants } });
        it("refuses a corrupt file, naming it and what is expected", () => {
            assert.throws(
                () => readPlanGrants('{"kind": "aml-stamp offline plan", "acc', "before.json", "dev"),
                /^PlanFileError: --compare before\.json: not valid JSON .*npm run -s plan -- --stack dev --json/,
            );
            assert.throws(() => readPlanGrants("garbage", "before.json", "dev"), /before\.json: no JSON object/);
            assert.throws(
                () => readPlanGrants('{"kind": "other"}', "x.json", "dev"),
                /x\.json: not an offline plan \(kind "other"\)/,
            );
        });
        it("refuses the plan of another stack", () => {
            assert.throws(
                () => readPlanGrants(plan("vision-dev"), "base.json", "dev"),
                /base\.json: the offline plan of stack "vision-dev", not of "dev"/,
            );
            assert.deepEqual(readPlanGrants(plan("dev"), "base.json", "dev"), [g("ds", "Reader")]);
        });
        it("refuses malformed grants, naming the entry", () => {
            assert.throws(
                () => readPlanGrants(plan("dev", [g("a", "Reader"), { principal: "b" }]), "p.json", "dev"),
                /p\.json: access\.grants\[1\] lacks string field\(s\) kind, role, scope, reason/,
            );
        });
    });

    describe("npm run plan -- --compare (the CLI, as CI calls it, in-process)", function () {
        this.timeout(120_000);
        let dir: string;
        const plan = async (...args: string[]) => {
            let stdout = "";
            let stderr = "";
            const status = await planMain(args, { out: (t) => (stdout += t), err: (t) => (stderr += t) });
            return { status, stdout, stderr };
        };
        before(async () => {
            dir = fs.mkdtempSync(path.join(os.tmpdir(), "aml-stamp-compare-"));
            const r = await plan("--stack", "dev", "--json");
            assert.equal(r.status, 0, r.stderr);
            fs.writeFileSync(path.join(dir, "dev.json"), r.stdout);
        });
        after(() => fs.rmSync(dir, { recursive: true, force: true }));

        it("--compare prints the diff", async () => {
            const r = await plan("--stack", "dev", "--compare", path.join(dir, "dev.json"));
            assert.equal(r.status, 0, r.stderr);
            assert.equal(r.stdout.trim(), "No access changes.");
        });
        it("--access with --compare is refused naming both (the help says they exclude each other; it was accepted)", async () => {
            const r = await plan("--stack", "dev", "--access", "--compare", path.join(dir, "dev.json"));
            assert.equal(r.status, 2);
            assert.equal(r.stdout, "");
            assert.match(r.stderr, /^--access and --compare conflict: give at most one of /);
        });
        it("against another stack's plan: exit 1 naming the file and both stacks, nothing evaluated", async () => {
            const file = path.join(dir, "dev.json");
            const r = await plan("--stack", "vision-dev", "--compare", file);
            assert.equal(r.status, 1);
            assert.equal(r.stdout, "");
            assert.ok(r.stderr.includes(`--compare ${file}: the offline plan of stack "dev", not of "vision-dev"`));
        });
        it("against a missing or corrupt file: exit 1 naming the file", async () => {
            const missing = path.join(dir, "missing.json");
            const r = await plan("--stack", "dev", "--compare", missing);
            assert.equal(r.status, 1);
            assert.match(
                r.stderr,
                new RegExp(`--compare ${missing.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: cannot read`),
            );
            const corrupt = path.join(dir, "corrupt.json");
            fs.writeFileSync(corrupt, '{"kind": "aml-stamp offline plan",');
            const c = await plan("--stack", "dev", "--compare", corrupt);
            assert.equal(c.status, 1);
            assert.match(c.stderr, /corrupt\.json: not valid JSON/);
        });
    });
});
