// `npm test`: the type-check with lint, the format check and mocha (package.json `typecheck-and-lint`: tsc --noEmit
// and eslint . on one TypeScript program, scripts/typecheckLint.js; `format:check`; `test:unit`) run at once instead
// of one after another: each is mostly one busy process, so on a 2-core machine the whole takes about the CPU time of
// all of them halved (npm run bench: npm test against tsc). Each stage's output is held and printed whole when it
// ends, under a header with its result, so a failure reads as it would alone; then one line per stage, and exit 1
// when any failed. The package build and schema the tests compare are made by the type-check stage
// (scripts/testBuild.js).
// Usage: node scripts/test.js [STAGE...] (default: the three; `typecheck` and `lint` run alone).
"use strict";
const { spawn } = require("child_process");
const fs = require("fs");
const path = require("path");
const { BUILD_ENV, scratchParent, writeMissingResults } = require("./testBuild.js");

const ROOT = path.join(__dirname, "..");
const STAGES = ["typecheck-and-lint", "format:check", "test:unit"];
const ALSO = ["typecheck", "lint"];
const SCRIPTS = require(path.join(ROOT, "package.json")).scripts;

const wanted = process.argv.slice(2);
for (const s of wanted) {
    if (!STAGES.includes(s) && !ALSO.includes(s)) {
        process.stderr.write(`npm test: unknown stage '${s}': one of ${[...STAGES, ...ALSO].join(", ")}\n`);
        process.exit(2);
    }
}
const stages = wanted.length > 0 ? wanted : STAGES;
const npm = process.platform === "win32" ? "npm.cmd" : "npm";
const start = Date.now();
// The tests' build and schema come from the type-check's program when both stages run (scripts/testBuild.js).
// Every stage's scratch files (and the tests' own temp folder, tests/tmpdirHook.ts) go where scratchParent says.
const scratch = scratchParent();
const buildDir =
    stages.includes("typecheck-and-lint") && stages.includes("test:unit")
        ? fs.mkdtempSync(path.join(scratch, "aml-stamp-build-"))
        : undefined;
const stageEnv = {
    ...process.env,
    FORCE_COLOR: "0",
    TMPDIR: scratch,
    ...(buildDir !== undefined ? { [BUILD_ENV]: buildDir } : {}),
};

function run(stage) {
    return new Promise((resolve) => {
        const t0 = Date.now();
        const chunks = [];
        // stdout and stderr interleaved in one buffer, as a terminal shows them; colour off (not a TTY anyway).
        const child = spawn(npm, ["run", "--silent", stage], {
            cwd: ROOT,
            env: stageEnv,
            stdio: ["ignore", "pipe", "pipe"],
        });
        child.stdout.on("data", (d) => chunks.push(d));
        child.stderr.on("data", (d) => chunks.push(d));
        child.on("error", (err) => chunks.push(Buffer.from(`${err.message}\n`)));
        child.on("close", (code, signal) => {
            if (buildDir !== undefined && stage === "typecheck-and-lint")
                writeMissingResults(buildDir, `typecheck-and-lint ended (${signal ?? `exit ${code}`})`);
            const seconds = (Date.now() - t0) / 1000;
            const ok = code === 0;
            const result = ok ? "ok" : signal ? `killed (${signal})` : `FAILED (exit ${code})`;
            process.stdout.write(`\n── ${stage} (${SCRIPTS[stage]}): ${result}, ${seconds.toFixed(1)} s\n`);
            process.stdout.write(Buffer.concat(chunks));
            resolve({ stage, ok, result, seconds });
        });
    });
}

Promise.all(stages.map(run)).then((results) => {
    if (buildDir !== undefined) fs.rmSync(buildDir, { recursive: true, force: true });
    process.stdout.write(`\nnpm test: ${((Date.now() - start) / 1000).toFixed(1)} s\n`);
    for (const r of results)
        process.stdout.write(`  ${r.stage.padEnd(18)} ${r.result.padEnd(18)} ${r.seconds.toFixed(1)} s\n`);
    process.exit(results.every((r) => r.ok) ? 0 : 1);
});
