/** The project's .ts sources, as tsconfig.json `include` names them (scripts/register.js). */
export declare function projectSources(): string[];
/** Transpiles into the cache each of `files` not there yet; returns how many. */
export declare function warmCache(files: readonly string[]): number;
