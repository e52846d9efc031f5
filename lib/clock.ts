/**
 * The only source of time in the program. Everything time-dependent (secret rotation windows) asks `now()`, so
 * tests and the offline plan can pin the instant with `setClock` and previews inside one window are identical.
 */
let override: (() => Date) | undefined;

/** The current instant (or the one a test pinned). */
export function now(): Date {
    return override !== undefined ? override() : new Date();
}

/** Pins the clock to a fixed instant, or to a function; `undefined` restores the real clock. */
export function setClock(at: Date | (() => Date) | undefined): void {
    if (at === undefined) override = undefined;
    else if (at instanceof Date) override = () => new Date(at.getTime());
    else override = at;
}
