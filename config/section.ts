import type { z } from "zod";
import type { ConfigProblem } from "./errors";

/** A problem found by a section's cross-key check; `key` is relative to the project namespace. */
export type SectionProblem = Omit<ConfigProblem, "key"> & { readonly key: string };

/**
 * One group of config keys, owned by the feature that reads them. `keys` maps each top-level key (without the
 * `aml-stamp:` namespace) to its schema; `check` runs after every key parsed, for rules that span keys.
 */
export interface ConfigSection<K extends z.ZodRawShape> {
    readonly keys: K;
    readonly check?: (cfg: z.infer<z.ZodObject<K>> & Record<string, unknown>) => SectionProblem[];
}
