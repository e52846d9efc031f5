// The package build `npm test`'s stages share: scripts/test.js makes a folder and names it in $AML_STAMP_TEST_BUILD
// for every stage; typecheck-and-lint (scripts/typecheckLint.js) builds into `<folder>/dist` from its type-check's
// program and writes `<folder>/result.json`; the tests that need a build (tests/sharedBuild.ts) wait for that file.
// Without the variable (mocha run alone) the tests build on their own.
"use strict";

const BUILD_ENV = "AML_STAMP_TEST_BUILD";

module.exports = { BUILD_ENV };
