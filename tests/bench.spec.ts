import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseOptions } from "../bench/run";
import { buildNaiveVariant, rootImports } from "../bench/naive";
import { render, type Report } from "../bench/report";
import { type Figure, stat } from "../bench/stats";
import type { TeamsResult } from "../bench/teams";

/** A figure of `ms` milliseconds and `kb` KiB, as measured `n` times alike. */
function fig(label: string, ms: number, kb = 200_000, n = 3): Figure {
    const samples = Array.from({ length: n }, () => ({ wallMs: ms, maxRssKB: kb, stdout: "" }));
    return { label, command: label, time: stat(samples.map((s) => s.wallMs)), memory: stat([kb]), samples };
}

function teams(n: number, resources: number): { figure: Figure; results: TeamsResult[] } {
    const result: TeamsResult = {
        teams: n,
        evalMs: resources * 5,
        resources,
        customResources: resources - 8 * n,
        roleAssignments: 20 * n,
        grants: 20 * n,
        byType: { "azure-native:storage:StorageAccount": n },
        maxRssKB: 150_000 + n * 1000,
    };
    return { figure: fig(`${n} team(s)`, resources * 6), results: [result] };
}

describe("bench: small modules, no work at import", () => {
    it("importing the bench modules starts nothing (no scratch directory, no measurement)", () => {
        // The imports above already ran: the bench would have made its scratch dir in os.tmpdir() at import.
        assert.deepEqual(
            fs.readdirSync(os.tmpdir()).filter((f) => f.startsWith("aml-stamp-bench-")),
            [],
        );
    });

    it("parses its flags and names a bad --runs value", () => {
        assert.deepEqual(parseOptions([]), { runs: 5, heavy: 3, out: undefined });
        assert.deepEqual(parseOptions(["--quick", "--out", "x.md"]), { runs: 2, heavy: 1, out: "x.md" });
        assert.deepEqual(parseOptions(["--runs", "1"]), { runs: 1, heavy: 1, out: undefined });
        assert.throws(() => parseOptions(["--runs", "lots"]), /--runs "lots": must be a positive integer/);
        assert.throws(() => parseOptions(["--runs", "0"]), /--runs "0": must be a positive integer/);
        assert.throws(() => parseOptions(["--fast"]), /fast/);
    });

    it("rewrites azure-native submodule imports to the package root for the naive variant", () => {
        const counter = { n: 0 };
        const out = rootImports(
            'import * as storage from "@pulumi/azure-native/storage";\nimport { Vault, type VaultArgs as A } from "@pulumi/azure-native/keyvault";\n',
            counter,
        );
        assert.equal(counter.n, 2);
        assert.doesNotMatch(out, /azure-native\//);
        assert.match(out, /import storage = __azureNative0;/);
        assert.match(out, /import A = __azureNative1\.VaultArgs;/);
    });

    it("builds the naive variant of this project: a doc comment quoting the import form is not an import left", () => {
        const { dir, rewritten } = buildNaiveVariant(path.join(__dirname, ".."));
        try {
            assert.ok(rewritten > 10, String(rewritten));
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    it("a naive variant that cannot be built leaves no scratch copy behind", () => {
        const root = fs.mkdtempSync(path.join(os.tmpdir(), "fake-root-"));
        fs.mkdirSync(path.join(root, "node_modules"));
        fs.writeFileSync(path.join(root, "x.ts"), 'export * from "@pulumi/azure-native/storage";\n');
        assert.throws(() => buildNaiveVariant(root), /x\.ts: a submodule import was not rewritten/);
        assert.deepEqual(
            fs.readdirSync(os.tmpdir()).filter((f) => f.startsWith("aml-stamp-naive-")),
            [],
        );
        fs.rmSync(root, { recursive: true, force: true });
    });

    it("renders the report from the figures alone", () => {
        const report: Report = {
            startedAt: new Date("2026-01-01T00:00:00Z"),
            machineLines: ["- CPU: test"],
            runs: 3,
            heavy: 1,
            floor: fig("floor", 1000),
            plan: fig("plan", 1500),
            planCold: fig("cold", 3000),
            planTsNode: fig("ts-node", 2500),
            naive: fig("naive", 9000, 900_000),
            naiveRewritten: 12,
            sameOutput: true,
            tsc: fig("tsc", 20_000),
            mocha: fig("mocha", 25_000),
            npmTest: fig("npm test", 60_000),
            loads: {
                typescript: fig("typescript", 200),
                tsNode: fig("ts-node", 50),
                pulumi: fig("pulumi", 700),
                subs: fig("subs", 300),
                root: fig("root", 2000),
                zod: fig("zod", 40),
                yaml: fig("yaml", 30),
            },
            loadAtEnd: [0.5, 0.5, 0.5],
            teams: [teams(1, 40), teams(10, 400), teams(50, 2000)],
        };
        const doc = render(report);
        assert.match(doc, /^# Performance: what evaluating a stack costs/);
        assert.match(doc, /Offline plan \/ floor: \*\*1\.50×\*\* \(target ≤ 2×\): \*\*met\*\*/);
        assert.match(doc, /printed exactly the same plan/);
        assert.match(doc, /\| 50 \| 2000 \(1600\) \| 1000 \|/);
    });
});
