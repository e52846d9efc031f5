/**
 * Test entry program: pins lib/clock.ts to `globalThis.__amlStampNow` (ISO instant) and then runs index.ts.
 * evaluate() reloads every project module per evaluation, so a test's own `setClock` would pin a stale copy of the
 * clock module; this wrapper is reloaded with the program and pins the fresh one.
 */
import { setClock } from "../lib/clock";

const at = (globalThis as { __amlStampNow?: string }).__amlStampNow;
setClock(at === undefined ? undefined : new Date(at));

export * from "../index";
