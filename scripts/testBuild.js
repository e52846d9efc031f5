// The package build `npm test`'s stages share: scripts/test.js makes a folder and names it in $AML_STAMP_TEST_BUILD
// for every stage; typecheck-and-lint (scripts/typecheckLint.js) builds into `<folder>/dist` from its type-check's
// program and writes `<folder>/result.json`; the tests that need a build (tests/sharedBuild.ts) wait for that file.
// Without the variable (mocha run alone) the tests build on their own, through the same file.
"use strict";
const fs = require("fs");
const path = require("path");

const BUILD_ENV = "AML_STAMP_TEST_BUILD";

/** Writes `<dir>/result.json` whole (renamed into place, so a waiting reader never sees half of it). */
function writeBuildResult(dir, result) {
    const tmp = path.join(dir, "result.json.tmp");
    fs.writeFileSync(tmp, JSON.stringify({ code: result.code, output: result.output }));
    fs.renameSync(tmp, path.join(dir, "result.json"));
}

module.exports = { BUILD_ENV, writeBuildResult };
