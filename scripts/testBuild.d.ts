/** The environment variable naming `npm test`'s shared package build folder (scripts/testBuild.js). */
export declare const BUILD_ENV: "AML_STAMP_TEST_BUILD";
/** The build's result: its exit code (null when it did not run to the end) and its output. */
export interface BuildResult {
    readonly code: number | null;
    readonly output: string;
}
export declare function writeBuildResult(dir: string, result: BuildResult): void;
