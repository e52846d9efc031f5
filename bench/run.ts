/**
 * `npm run bench [-- --runs N] [-- --quick]`: what evaluating a stack costs and how it grows. Every figure is measured
 * in its own cold process (a fresh `node`), several times; the median and the spread (min–max) are reported. Prints
 * the report (Markdown) on stdout, or writes it to `--out FILE` (to refresh the committed figures:
 * `npm run bench -- --out docs/performance.md`); it never writes a tracked file unless asked. Its scratch files
 * (os.tmpdir()) are removed even when a measurement fails. Not part of `npm test`: speed is never asserted in tests.
 *
 * Peak memory is the maximum resident set size of the measured process tree, from GNU `/usr/bin/time` when present,
 * else from `process.resourceUsage().maxRSS` reported at exit by every node process (bench/maxrss.js).
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { buildNaiveVariant } from "./naive";
import { azureNativeSubmodules, requireTime } from "./loads";
import { machine } from "./machine";
import { createMeasurer, type Measurer, NODE, REGISTER, ROOT, type Sample } from "./measure";
import { render } from "./report";
import { figure, type Figure } from "./stats";
import { TEAM_COUNTS, teamsFigure } from "./teams";
import {
    type Command,
    help,
    type Io,
    type Options,
    parseValues,
    runMain,
    UsageProblem,
    usageError,
} from "../scripts/cli";

/** The bench's command line: `--runs N` (default 5), `--quick` (2 runs, 1 for the heavy figures), `--out FILE`. */
export interface BenchOptions {
    readonly runs: number;
    /** Runs of the heavy figures (naive variant, tsc, test suites, 50 teams). */
    readonly heavy: number;
    readonly out: string | undefined;
}

/** The command line, declared once (scripts/cli.ts): parsing, `--help` and the sweep of tests/cli.spec.ts. */
export const BENCH_COMMAND = {
    name: "npm run bench --",
    synopsis: ["[--runs N | --quick] [--out FILE]"],
    summary:
        "Measures what evaluating a stack costs and how it grows, each figure in cold processes; a Markdown report.",
    options: {
        runs: {
            type: "string",
            value: "N",
            default: "5",
            check: (v) => (/^\d+$/.test(v) && Number(v) >= 1 ? undefined : "must be a positive integer"),
            description: "samples per figure (the heavy figures take at most 3)",
        },
        quick: { type: "boolean", default: false, description: "2 runs, 1 for the heavy figures" },
        out: {
            type: "string",
            value: "FILE",
            description: "write the report there (relative to the caller's directory) instead of stdout",
        },
    },
    conflicts: [["runs", "quick"]],
} as const satisfies Command<Options>;

/** Parses the bench's arguments; a `UsageProblem` names the flag, the value and what is allowed. */
export function parseOptions(args: readonly string[]): BenchOptions {
    const values = parseValues(BENCH_COMMAND, args);
    const given = Number(values.runs);
    const runs = values.quick ? 2 : given;
    return { runs, heavy: values.quick ? 1 : Math.min(3, runs), out: values.out };
}

/** Measures every figure and prints (or writes, --out) the report. */
function bench(m: Measurer, options: BenchOptions): void {
    const { measure } = m;
    const { runs, heavy } = options;
    const values = { out: options.out };
    const startedAt = new Date();
    const machineLines = machine(ROOT, m.useGnuTime);
    process.stderr.write(`bench: ${runs} runs (${heavy} for the heavy figures), report to ${values.out ?? "stdout"}\n`);

    // Fill the transpile cache once (not measured): the warm figure is what every run after the first costs.
    measure(NODE, ["-r", REGISTER, "scripts/plan.ts"]);

    // The floor and the plan side by side: both with `node` directly, samples interleaved (floor, plan, floor, …) so
    // that a change in machine load hits both figures alike.
    const floorSamples: Sample[] = [];
    const planSamples: Sample[] = [];
    for (let i = 0; i < runs; i++) {
        floorSamples.push(measure(NODE, ["-e", "require('@pulumi/pulumi')"]));
        planSamples.push(measure(NODE, ["-r", REGISTER, "scripts/plan.ts"]));
    }
    const floor = figure(
        "floor: load @pulumi/pulumi",
        `node -e "require('@pulumi/pulumi')"`,
        runs,
        (i) => floorSamples[i]!,
    );
    const plan = figure("offline plan, dev stack", `node -r ${REGISTER} scripts/plan.ts`, runs, (i) => planSamples[i]!);
    const planCold = figure(
        "offline plan, empty transpile cache",
        `AML_STAMP_TS_CACHE=<empty dir> node -r ${REGISTER} scripts/plan.ts`,
        heavy,
        () =>
            measure(NODE, ["-r", REGISTER, "scripts/plan.ts"], {
                env: { AML_STAMP_TS_CACHE: fs.mkdtempSync(m.scratchFile("tscache-")) },
            }),
    );
    const planTsNode = figure(
        "offline plan, former loader (ts-node transpile-only)",
        "node -r ts-node/register/transpile-only scripts/plan.ts",
        heavy,
        () =>
            measure(NODE, ["-r", "ts-node/register/transpile-only", "scripts/plan.ts"], {
                env: { TS_NODE_TRANSPILE_ONLY: "true" },
            }),
    );

    const naiveBuild = buildNaiveVariant(ROOT);
    let naive: Figure;
    try {
        naive = figure(
            "naive: root import, ts-node type-checked",
            "node -r ts-node/register scripts/plan.ts (generated copy in os.tmpdir())",
            heavy,
            () =>
                measure(NODE, ["-r", "ts-node/register", "scripts/plan.ts"], {
                    cwd: naiveBuild.dir,
                    env: {
                        TS_NODE_TRANSPILE_ONLY: undefined,
                        TS_NODE_PROJECT: path.join(naiveBuild.dir, "tsconfig.json"),
                    },
                }),
        );
    } finally {
        fs.rmSync(naiveBuild.dir, { recursive: true, force: true });
    }
    const sameOutput = naive.samples[0]!.stdout === plan.samples[0]!.stdout;

    const tsc = figure("tsc --noEmit", "npx tsc --noEmit", heavy, () => measure("npx", ["tsc", "--noEmit"]));
    const mocha = figure("test suite (mocha)", "npx mocha", heavy, () => measure("npx", ["mocha"]));
    const npmTest = figure("npm test (tsc, eslint, prettier, mocha at once)", "npm test", heavy, () =>
        measure("npm", ["test"]),
    );

    const subs = azureNativeSubmodules(ROOT);
    const loads = {
        typescript: requireTime(m, "typescript", [], ["typescript"], runs),
        tsNode: requireTime(m, "ts-node (register, transpile-only)", [], ["ts-node"], runs),
        pulumi: requireTime(
            m,

            "@pulumi/pulumi (loads typescript and @npmcli/arborist itself)",
            [],
            ["@pulumi/pulumi"],
            runs,
        ),
        subs: requireTime(
            m,

            `azure-native submodules used (${subs.length}), after @pulumi/pulumi`,
            ["@pulumi/pulumi"],
            subs,
            runs,
        ),
        root: requireTime(
            m,

            "@pulumi/azure-native root, after @pulumi/pulumi",
            ["@pulumi/pulumi"],
            ["@pulumi/azure-native"],
            runs,
        ),
        zod: requireTime(m, "zod", [], ["zod"], runs),
        yaml: requireTime(m, "yaml", [], ["yaml"], runs),
    };

    const teams = TEAM_COUNTS.map((n) => teamsFigure(m, n, n >= 50 ? heavy : runs));

    const doc = render({
        loadAtEnd: os.loadavg(),
        startedAt,
        machineLines,
        runs,
        heavy,
        floor,
        plan,
        planCold,
        planTsNode,
        naive,
        naiveRewritten: naiveBuild.rewritten,
        sameOutput,
        tsc,
        mocha,
        npmTest,
        loads,
        teams,
    });
    if (values.out === undefined) {
        process.stdout.write(doc);
        return;
    }
    // --out is resolved against the caller's directory (npm run starts scripts in the package root; INIT_CWD).
    const out = path.resolve(process.env["INIT_CWD"] ?? process.cwd(), values.out);
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, doc);
    process.stderr.write(`bench: wrote ${out}\n`);
}

/** The entry point: a scratch directory for the measurements, removed even when one fails. Exit 2 on usage. */
export function main(argv: readonly string[], io: Io): number {
    let options: BenchOptions;
    try {
        const values = parseValues(BENCH_COMMAND, argv);
        if (values.help) {
            io.out(help(BENCH_COMMAND));
            return 0;
        }
        options = parseOptions(argv);
    } catch (err) {
        if (err instanceof UsageProblem) return usageError(BENCH_COMMAND, io, err.message).code;
        throw err;
    }
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "aml-stamp-bench-"));
    try {
        bench(createMeasurer(scratch), options);
    } finally {
        fs.rmSync(scratch, { recursive: true, force: true });
    }
    return 0;
}

if (require.main === module) runMain("bench", main);
