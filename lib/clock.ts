/**
 * The only source of time in the program. Everything time-dependent (secret rotation windows) asks `now()`, so
 * tests and the offline plan can pin the instant with `setClock` and previews inside one window are identical.
 *
 * The override lives on `globalThis` under a registered symbol, not in a module variable, so a pin reaches every
 * copy of this module (the package's dist/ build and the sources a test loads are two).
 */
const KEY = Symbol.for("aml-stamp.clock");
const holder = globalThis as { [KEY]?: () => Date };

/** The current instant (or the one a test pinned). */
export function now(): Date {
    const override = holder[KEY];
    return override !== undefined ? override() : new Date();
}

/** Pins the clock to a fixed instant, or to a function; `undefined` restores the real clock. */
export function setClock(at: Date | (() => Date) | undefined): void {
    if (at === undefined) delete holder[KEY];
    else if (at instanceof Date) holder[KEY] = () => new Date(at.getTime());
    else holder[KEY] = at;
}
