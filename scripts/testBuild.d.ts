/** The environment variable naming `npm test`'s shared artefacts folder (scripts/testBuild.js). */
export declare const BUILD_ENV: "AML_STAMP_TEST_BUILD";
/** The artefacts the tests share, each with its result file `<folder>/<name>.json`. */
export declare const ARTEFACTS: readonly ["build", "schema"];
export type Artefact = (typeof ARTEFACTS)[number];
/**
 * An artefact's result: its exit code (null when it did not run to the end) and its output (the schema's text when
 * the schema was made).
 */
export interface BuildResult {
    readonly code: number | null;
    readonly output: string;
}
export declare function writeResult(dir: string, artefact: Artefact, result: BuildResult): void;
export declare function writeMissingResults(dir: string, why: string): void;
