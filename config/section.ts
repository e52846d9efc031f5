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
    /** Each key's description and top-level default: with `keys`, the one declaration of a setting (KeyDocs). */
    readonly docs: KeyDocs<K>;
    readonly check?: (cfg: z.infer<z.ZodObject<K>> & Record<string, unknown>) => SectionProblem[];
}

/**
 * What a key's schema cannot say: its description and its top-level default (none: the key is required). The
 * compiler requires an entry for every key. config/index.ts applies the default (zod `prefault`: parsed like a
 * value the stack wrote) and `npm run docs:config` writes both into Pulumi.yaml `config:` and docs/config.md.
 */
export type KeyDocs<K extends z.ZodRawShape> = {
    readonly [P in keyof K]: { readonly description: string; readonly default?: z.input<K[P]> };
};

/**
 * Prose written across source lines, as one line: whitespace runs fold to one space. Raw text, so a backslash stays
 * as written (`\ ?` in a tag rule); an escaped backtick or `${` reads as the character.
 */
export function prose(strings: TemplateStringsArray, ...values: unknown[]): string {
    const text = strings.raw.reduce((out, part, i) => out + part + (i < values.length ? String(values[i]) : ""), "");
    return text
        .replace(/\\([`$])/g, "$1")
        .replace(/\s+/g, " ")
        .trim();
}
