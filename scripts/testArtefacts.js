// The artefacts the tests compare, made from one program of tsconfig.json (scripts/programReuse.js): the package
// build (scripts/buildPackage.js, what `npm run build` makes) and the package schema (scripts/schema.ts, what
// `npm run schema` writes, through the SDK's own analyzer). Each result goes to its file in the folder
// (scripts/testBuild.js), where the tests wait for it (tests/sharedBuild.ts). `npm test`'s type-check stage makes
// them from its type-check's program (scripts/typecheckLint.js); mocha run alone runs this file in its global setup.
// Usage: node scripts/testArtefacts.js DIR
"use strict";
const path = require("path");
const { buildPackage } = require("./buildPackage.js");
const { analyzerReusing, rootProgram } = require("./programReuse.js");
const { writeResult } = require("./testBuild.js");

/** Makes each artefact in `dir` from `program`; `{ build, schema }`, their results, as written. */
async function makeTestArtefacts(dir, program) {
    let build;
    try {
        const { ok, output } = buildPackage(path.join(dir, "dist"), program);
        build = { code: ok ? 0 : 1, output };
    } catch (err) {
        build = { code: null, output: err && err.stack ? err.stack : String(err) };
    }
    writeResult(dir, "build", build);

    let schema;
    try {
        analyzerReusing(program);
        require("./register.js");
        const { generateSchema } = require("./schema.ts");
        schema = { code: 0, output: await generateSchema() };
    } catch (err) {
        schema = { code: 1, output: err instanceof Error ? err.message : String(err) };
    }
    writeResult(dir, "schema", schema);
    return { build, schema };
}

module.exports = { makeTestArtefacts };

if (require.main === module) {
    const dir = process.argv[2];
    if (process.argv.length !== 3) {
        process.stderr.write("usage: node scripts/testArtefacts.js DIR\n");
        process.exit(2);
    }
    const { flattenDiagnosticMessageText: flatten } = require("typescript");
    const { program, diagnostics } = rootProgram();
    const made =
        program !== undefined
            ? makeTestArtefacts(path.resolve(dir), program)
            : Promise.reject(new Error(diagnostics.map((d) => flatten(d.messageText, "\n")).join("\n")));
    made.then(
        ({ build, schema }) => process.exit(build.code === 0 && schema.code === 0 ? 0 : 1),
        (err) => {
            process.stderr.write(`testArtefacts: ${err && err.stack ? err.stack : String(err)}\n`);
            process.exit(1);
        },
    );
}
