/** The environment variable naming `npm test`'s shared package build folder (scripts/testBuild.js). */
export declare const BUILD_ENV: "AML_STAMP_TEST_BUILD";
