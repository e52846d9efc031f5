/**
 * Drift detection: scripts/drift.ts (the digest of `pulumi preview --refresh --expect-no-changes --json` → drift rows,
 * the summary table, the tracking issue) on fixtures shaped like the CLI's output (pkg/display/json.go
 * PreviewDigest: refresh steps, the root stack's `same` step, update/create steps with detailedDiff). drift.yml itself
 * runs under the workflow harness in tests/ci/drift.integration.spec.ts.
 */
import assert from "node:assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import fc from "fast-check";
import {
    classify,
    driftRows,
    driftTable,
    type DriftRow,
    issueAction,
    issueBody,
    ISSUE_TITLE,
    main,
    parseDigest,
    renderSummary,
    sortRows,
    stackResult,
    type StackResult,
} from "../scripts/drift";
import { ROOT } from "../offline/stackConfig";

const FIXTURES = path.join(ROOT, "tests", "fixtures", "drift");
const CLEAN = fs.readFileSync(path.join(FIXTURES, "clean.json"), "utf8");
const DRIFTED = fs.readFileSync(path.join(FIXTURES, "drifted.json"), "utf8");

describe("drift report (scripts/drift.ts)", () => {
    const drifted = stackResult("dev", 7, DRIFTED);
    const clean = stackResult("vision-dev", 0, CLEAN);

    describe("reading pulumi preview --json", () => {
        it("a clean stack (exit 0) has no rows; refresh steps and the root stack's step are not drift", () => {
            assert.deepEqual(clean, { stack: "vision-dev", status: "clean", rows: [] });
            assert.deepEqual(driftRows("vision-dev", parseDigest(CLEAN, "clean.json")), []);
        });
        it("a drifted stack (exit 7): one row per changed resource with its detailedDiff paths", () => {
            assert.equal(drifted.status, "drifted");
            assert.deepEqual(
                drifted.rows.map((r) => [r.type, r.name, r.op, r.properties, r.exposure]),
                [
                    [
                        "azure-native:storage:StorageAccount",
                        "ml-platform-dev-st",
                        "update",
                        ["allowSharedKeyAccess", "networkRuleSet.defaultAction", "publicNetworkAccess"],
                        ["access", "network"],
                    ],
                    [
                        "azure-native:keyvault:Vault",
                        "ml-platform-dev-kv",
                        "update",
                        ["properties.networkAcls.defaultAction", "properties.publicNetworkAccess"],
                        ["network"],
                    ],
                    [
                        "azure-native:machinelearningservices:Workspace",
                        "ml-platform-dev-mlw",
                        "update",
                        ['tags["team"]'],
                        [],
                    ],
                    [
                        "azure-native:authorization:RoleAssignment",
                        "ml-platform-dev-people-readers-33333333-3333-4333-8333-333333333333-reader",
                        "create",
                        [],
                        ["access"],
                    ],
                ],
            );
        });
        it("without detailedDiff, diffReasons and replaceReasons name the properties", () => {
            const rows = driftRows("s", {
                steps: [
                    {
                        op: "replace",
                        urn: "urn:pulumi:s::aml-stamp::aml-stamp:index:Stamp$azure-native:containerregistry:Registry::cr",
                        diffReasons: ["sku", "adminUserEnabled"],
                        replaceReasons: ["sku"],
                        detailedDiff: null,
                    },
                ],
            });
            assert.deepEqual(rows[0]!.properties, ["adminUserEnabled", "sku"]);
            assert.deepEqual(rows[0]!.exposure, ["access"]);
            assert.equal(rows[0]!.type, "azure-native:containerregistry:Registry", "type from the URN's last segment");
        });
        it("any other exit code, or unreadable JSON, is a failed check that names why", () => {
            assert.deepEqual(stackResult("a", 255, "", "error: failed to decrypt\n"), {
                stack: "a",
                status: "failed",
                rows: [],
                error: "exit 255: error: failed to decrypt",
            });
            const bad = stackResult("b", 7, "Previewing update (b)\n{");
            assert.equal(bad.status, "failed");
            assert.match(bad.error!, /^exit 7: b\.json: not the JSON document `pulumi preview --json` prints/);
            const policy = stackResult(
                "c",
                5,
                JSON.stringify({ diagnostics: [{ message: "mandatory", severity: "error" }] }),
            );
            assert.equal(policy.error, "exit 5: mandatory");
            assert.equal(stackResult("d", undefined, undefined).status, "failed");
        });
        it("classifies access and network drift by type and by property, whatever the nesting", () => {
            assert.deepEqual(classify("azuread:index/servicePrincipal:ServicePrincipal", ["tags"]), ["access"]);
            assert.deepEqual(classify("azure-native:network:PrivateEndpoint", []), ["network"]);
            assert.deepEqual(classify("azure-native:keyvault:Vault", ['properties["accessPolicies"][0]']), ["access"]);
            assert.deepEqual(classify("azure-native:storage:StorageAccount", ["tags.publicNetworkAccessNote"]), []);
            assert.deepEqual(classify("azure-native:storage:StorageAccount", ["sku.name"]), []);
        });
    });

    describe("the table", () => {
        it("puts access drift first, then network, then the rest, and marks each", () => {
            const summary = renderSummary([drifted, clean], "https://github.com/contoso/aml-stamp/actions/runs/9");
            assert.match(summary, /2 stacks checked .*: 1 clean, 1 drifted, 0 failed\. Run: https:\/\/github\.com\//);
            assert.match(summary, /\*\*Access drift\*\* in 2 resources, \*\*network exposure drift\*\* in 2 resources/);
            const lines = summary.split("\n").filter((l) => l.startsWith("| `dev`"));
            assert.deepEqual(
                lines.map((l) => l.split(" | ").slice(1, 3)),
                [
                    [
                        "**access**",
                        "`azure-native:authorization:RoleAssignment` `ml-platform-dev-people-readers-33333333-3333-4333-8333-333333333333-reader`",
                    ],
                    ["**access** **network**", "`azure-native:storage:StorageAccount` `ml-platform-dev-st`"],
                    ["**network**", "`azure-native:keyvault:Vault` `ml-platform-dev-kv`"],
                    ["", "`azure-native:machinelearningservices:Workspace` `ml-platform-dev-mlw`"],
                ],
            );
            assert.match(lines[0]!, /deleted outside Pulumi \(up re-creates it\) \| — \|$/);
            assert.match(
                lines[1]!,
                /\| changed \| `allowSharedKeyAccess`, `networkRuleSet\.defaultAction`, `publicNetworkAccess` \|$/,
            );
        });
        it("shows property names, never values (no secret or state value reaches the summary)", () => {
            const summary = renderSummary([drifted]);
            for (const v of ["[secret]", "Enabled", "someone-else", "/subscriptions/"])
                assert.ok(!summary.includes(v), v);
        });
        it("says so when every stack is clean, and lists failed checks as unknown", () => {
            assert.match(renderSummary([clean]), /No drift: every stack matches its state in Azure\./);
            const failed = stackResult("x", 3, "", "error: unauthorized");
            const s = renderSummary([clean, failed]);
            assert.match(s, /\*\*Checks that failed\*\* \(drift unknown\):\n\n- `x`: exit 3: error: unauthorized/);
            assert.doesNotMatch(s, /No drift/);
        });
        it("stays within its budget, whole rows only, and counts what it left out", () => {
            const many: DriftRow[] = Array.from({ length: 400 }, (_, i) => ({ ...drifted.rows[2]!, name: `r${i}` }));
            const table = driftTable(many, 5000);
            assert.ok(table.length < 5200, String(table.length));
            const shown = table.split("\n").filter((l) => l.startsWith("| `dev`")).length;
            assert.match(table, new RegExp(`… and ${400 - shown} more drifted resources: see the drift-\\* artifacts`));
        });
        it("escapes pipes and line breaks in cells (property paths with map keys)", () => {
            const r: DriftRow = { ...drifted.rows[2]!, properties: ['tags["a|b\nc"]'] };
            assert.match(driftTable([r], 10_000), /`tags\["a\\\|b c"\]`/);
        });
        it("orders any set of rows access < network < other (property)", () => {
            const exposure = fc.subarray(["access", "network"] as const);
            const arb = fc.array(
                fc
                    .record({ stack: fc.constantFrom("a", "b"), name: fc.string(), exposure })
                    .map((x): DriftRow => ({ ...x, urn: x.name, type: "t", op: "update", properties: [] })),
            );
            fc.assert(
                fc.property(arb, (rows) => {
                    const rank = (r: DriftRow) =>
                        r.exposure.includes("access") ? 0 : r.exposure.includes("network") ? 1 : 2;
                    const ranks = sortRows(rows).map(rank);
                    return ranks.every((x, i) => i === 0 || ranks[i - 1]! <= x) && ranks.length === rows.length;
                }),
            );
        });
    });

    describe("the tracking issue", () => {
        it("opens one on drift, updates the open one, closes it when all are clean, else leaves it", () => {
            const failed: StackResult = { stack: "x", status: "failed", rows: [], error: "exit 3" };
            assert.equal(issueAction([drifted, clean], undefined), "open");
            assert.equal(issueAction([drifted, failed], 12), "update");
            assert.equal(issueAction([clean], 12), "close");
            assert.equal(issueAction([clean], undefined), "none");
            assert.equal(issueAction([clean, failed], 12), "none", "a failed check does not prove the drift is gone");
        });
        it("its body has the same table, what to do, and the failed checks", () => {
            const failed: StackResult = { stack: "x", status: "failed", rows: [], error: "exit 3: unauthorized" };
            const body = issueBody([drifted, clean, failed], "https://example.invalid/run");
            assert.match(body, /^<!-- aml-stamp drift report/);
            assert.match(body, /found 4 drifted resources in 1 stack: `dev`\. Run: https:\/\/example\.invalid\/run/);
            assert.ok(body.includes(driftTable(drifted.rows, 60_000)));
            assert.match(
                body,
                /the next `pulumi up` of the stack from the default branch sets every listed property back/,
            );
            assert.match(body, /Checks that failed \(drift unknown\):\n- `x`: exit 3: unauthorized/);
            assert.ok(body.length < 65_536);
            assert.match(ISSUE_TITLE, /^Drift: /);
        });
    });

    describe("main (npm run drift:report)", () => {
        let dir: string;
        before(() => {
            dir = fs.mkdtempSync(path.join(os.tmpdir(), "drift-report-"));
            fs.mkdirSync(path.join(dir, "r"));
            fs.writeFileSync(path.join(dir, "r", "dev.json"), DRIFTED);
            fs.writeFileSync(path.join(dir, "r", "dev.exit"), "7\n");
            fs.writeFileSync(path.join(dir, "r", "vision-dev.json"), CLEAN);
            fs.writeFileSync(path.join(dir, "r", "vision-dev.exit"), "0\n");
        });
        after(() => fs.rmSync(dir, { recursive: true, force: true }));
        const run = (...argv: string[]) => {
            const out: string[] = [];
            const err: string[] = [];
            const code = main(argv, { out: (t) => out.push(t), err: (t) => err.push(t) });
            return { code, out: out.join(""), err: err.join("") };
        };
        const args = (stacks: string[], existing = "") => [
            "--results",
            path.join(dir, "r"),
            "--stacks",
            JSON.stringify(stacks),
            "--summary",
            path.join(dir, "summary.md"),
            "--issue-body",
            path.join(dir, "issue.md"),
            "--existing-issue",
            existing,
        ];
        it("appends the summary, writes the issue body and prints the decision for GITHUB_OUTPUT", () => {
            fs.writeFileSync(path.join(dir, "summary.md"), "earlier step\n");
            const r = run(...args(["dev", "vision-dev"], "12"));
            assert.deepEqual([r.code, r.err], [0, ""]);
            assert.match(r.out, /^action=update\nissue=12\ntitle=Drift: .*\nlabel=drift\nclose-comment=.*\n$/);
            const summary = fs.readFileSync(path.join(dir, "summary.md"), "utf8");
            assert.match(summary, /^earlier step\n## Drift detection/);
            assert.match(fs.readFileSync(path.join(dir, "issue.md"), "utf8"), /in 1 stack: `dev`/);
        });
        it("a stack of the matrix without a result is a failed check: exit 1", () => {
            const r = run(...args(["vision-dev", "nlp-dev"], "12"));
            assert.equal(r.code, 1);
            assert.match(r.out, /^action=none\n/);
        });
        it("refuses bad input naming the option and the value (exit 2)", () => {
            assert.match(run(...args(["dev"], "#3")).err, /--existing-issue "#3" is not an issue number/);
            assert.match(run("--results", dir).err, /missing --stacks, --summary, --issue-body/);
            const bad = run(...args(["dev"]).map((a) => (a === '["dev"]' ? "dev" : a)));
            assert.deepEqual(
                [bad.code, bad.err],
                [2, 'drift:report: --stacks "dev" is not a JSON array of stack names\n'],
            );
            assert.equal(run("--nope").code, 2);
            assert.match(run("--help").out, /^usage: npm run --silent drift:report/);
        });
    });
});
