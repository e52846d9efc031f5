// What `npm test`'s stages share: scripts/test.js makes a folder and names it in $AML_STAMP_TEST_BUILD for every
// stage; typecheck-and-lint makes the tests' artefacts there from its type-check's program (scripts/testArtefacts.js):
// the package build in `<folder>/dist`, then `<folder>/build.json`, and the package schema, `<folder>/schema.json`.
// The tests that need one (tests/sharedBuild.ts) wait for its result file. mocha run alone: its global setup makes
// the folder and runs scripts/testArtefacts.js itself.
"use strict";
const fs = require("fs");
const path = require("path");

const BUILD_ENV = "AML_STAMP_TEST_BUILD";
/** The artefacts, each with its result file `<folder>/<name>.json`. */
const ARTEFACTS = ["build", "schema"];

/** Writes `<dir>/<artefact>.json` whole (renamed into place, so a waiting reader never sees half of it). */
function writeResult(dir, artefact, result) {
    const file = path.join(dir, `${artefact}.json`);
    fs.writeFileSync(`${file}.tmp`, JSON.stringify({ code: result.code, output: result.output }));
    fs.renameSync(`${file}.tmp`, file);
}

/** The maker of `dir`'s artefacts ended (`why`) before writing some results: those fail, so no test waits forever. */
function writeMissingResults(dir, why) {
    for (const artefact of ARTEFACTS) {
        if (!fs.existsSync(path.join(dir, `${artefact}.json`)))
            writeResult(dir, artefact, { code: null, output: `${why} before making the ${artefact}\n` });
    }
}

module.exports = { BUILD_ENV, ARTEFACTS, writeResult, writeMissingResults };
