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
/** Free space (bytes) a memory filesystem must have for scratchParent to choose it. */
export declare const SCRATCH_MIN_FREE: number;
/**
 * Where a test run's scratch files go: $TMPDIR when set; else /dev/shm when it is a writable tmpfs with
 * SCRATCH_MIN_FREE bytes free (Linux); else os.tmpdir(). The parameters default to this process's.
 */
export declare function scratchParent(
    env?: NodeJS.ProcessEnv,
    platform?: NodeJS.Platform,
    statfs?: (path: string) => { readonly type: number; readonly bavail: number; readonly bsize: number },
    access?: (path: string, mode: number) => void,
): string;
