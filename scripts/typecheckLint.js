// `npm run typecheck-and-lint` (an `npm test` stage): `tsc --noEmit` and `eslint .` in one process, on one TypeScript
// program. Both built the same program of tsconfig.json (the type-check, and ESLint's type information for the
// @pulumi rules): here it is built once and handed to ESLint (typescript-eslint `parserOptions.programs`). Same
// diagnostics as `tsc --noEmit` (options, syntactic, global and semantic: ts.getPreEmitDiagnostics, which tsc reports
// for --noEmit), same ESLint config, files and rules as `eslint .`. Prints the type-check's diagnostics, then ESLint's
// (stylish, as the CLI), and exits 1 when either found an error. `npm run typecheck` and `npm run lint` still run each
// alone. Under `npm test` it also makes the tests' package build and schema from the same program
// ($AML_STAMP_TEST_BUILD, scripts/testArtefacts.js): a failure of either is the tests' to report, not this stage's.
"use strict";
const path = require("path");
const ts = require("typescript");
const { ESLint } = require("eslint");
const { rootProgram } = require("./programReuse.js");
const { makeTestArtefacts } = require("./testArtefacts.js");
const { BUILD_ENV } = require("./testBuild.js");

const ROOT = path.join(__dirname, "..");

function typecheck() {
    const host = {
        getCanonicalFileName: (f) => f,
        getCurrentDirectory: () => ROOT,
        getNewLine: () => "\n",
    };
    const { program, diagnostics: configDiagnostics } = rootProgram();
    if (program === undefined) return { program, diagnostics: configDiagnostics, host };
    const diagnostics = [
        ...configDiagnostics,
        ...program.getConfigFileParsingDiagnostics(),
        ...ts.getPreEmitDiagnostics(program),
    ];
    return { program, diagnostics, host };
}

async function main() {
    const t0 = Date.now();
    const { program, diagnostics, host } = typecheck();
    const typeErrors = diagnostics.filter((d) => d.category === ts.DiagnosticCategory.Error).length;
    process.stdout.write(`tsc --noEmit: ${typeErrors === 0 ? "ok" : `${typeErrors} error(s)`}, ${elapsed(t0)}\n`);
    if (diagnostics.length > 0) process.stdout.write(ts.formatDiagnostics(diagnostics, host));
    if (program === undefined) return 1;

    // `npm test` (scripts/test.js) asks for the tests' artefacts here, made on this program's source files.
    const artefactsDir = process.env[BUILD_ENV];
    if (artefactsDir !== undefined) {
        const ta = Date.now();
        const { build, schema } = await makeTestArtefacts(artefactsDir, program);
        const said = (r) => (r.code === 0 ? "ok" : "FAILED");
        process.stdout.write(`the tests' build and schema: ${said(build)}, ${said(schema)}, ${elapsed(ta)}\n`);
        if (build.code !== 0) process.stdout.write(build.output);
        if (schema.code !== 0) process.stdout.write(`${schema.output}\n`);
    }

    const t1 = Date.now();
    const eslint = new ESLint({
        cwd: ROOT,
        overrideConfig: { languageOptions: { parserOptions: { programs: [program] } } },
    });
    const results = await eslint.lintFiles(["."]);
    const lintErrors = results.reduce((n, r) => n + r.errorCount + r.fatalErrorCount, 0);
    process.stdout.write(`eslint .: ${lintErrors === 0 ? "ok" : `${lintErrors} error(s)`}, ${elapsed(t1)}\n`);
    const text = (await eslint.loadFormatter("stylish")).format(results);
    if (text !== "") process.stdout.write(`${text}\n`);
    return typeErrors === 0 && lintErrors === 0 ? 0 : 1;
}

function elapsed(t) {
    return `${((Date.now() - t) / 1000).toFixed(1)} s`;
}

main().then(
    (code) => process.exit(code),
    (err) => {
        process.stderr.write(`typecheck-and-lint failed: ${err && err.stack ? err.stack : String(err)}\n`);
        process.exit(1);
    },
);
