/**
 * Mocha global setup (main process, before the workers start; mochajs.org "Global Fixtures"): fills the transpile
 * cache (scripts/register.js) with the project's sources, so that on a first run after a clone the two workers and
 * the processes the tests start do not each transpile the same files.
 */
import { projectSources, warmCache } from "../scripts/register.js";

export function mochaGlobalSetup(): void {
    warmCache(projectSources());
}
