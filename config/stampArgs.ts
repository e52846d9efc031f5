/**
 * The Stamp's args (config/stampArgs.generated.ts, generated from the sections) and the stack config are one
 * thing: the same keys, validated by the same code (config/index.ts validateConfig), the same declared defaults. This
 * module turns args into the validated config, reads the running stack's config as args (index.ts), and gives package
 * consumers the declared defaults.
 */
import * as pulumi from "@pulumi/pulumi";
import { CONFIG_DECLARATIONS, ConfigError, decodeConfig, PROJECT, type StackConfig, validateConfig } from "./index";
import { refuseSecretValues, secretConfigKeys } from "./secrets";
import type { StampArgs } from "./stampArgs.generated";

export type * from "./stampArgs.generated";

/** Every setting but the two a stamp must name, each with its declared default. */
export type StampDefaults = Required<Omit<StampArgs, "team" | "environment">>;

/** Where in `value` an output sits (`.a.b[0]`), or undefined when it holds none. */
function outputAt(value: unknown, at = ""): string | undefined {
    if (pulumi.Output.isInstance(value)) return at;
    if (value === null || typeof value !== "object") return undefined;
    for (const [k, v] of Object.entries(value)) {
        const found = outputAt(v, Array.isArray(value) ? `${at}[${k}]` : `${at}.${k}`);
        if (found !== undefined) return found;
    }
    return undefined;
}

/**
 * The Stamp's args validated as a stack file's config: each unset (undefined) arg takes its declared default; a bad
 * value (null included: a stack file's empty key) is a ConfigError naming `aml-stamp:<key>`, the
 * value and what is allowed, exactly as `pulumi up` reports it. Args decide which resources exist, so they must be
 * plain values: an output is refused.
 */
export function stampConfigOf(args: StampArgs): StackConfig {
    const values: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(args as unknown as Record<string, unknown>)) {
        if (value === undefined) continue;
        const at = outputAt(value);
        if (at !== undefined) {
            throw new ConfigError([
                {
                    key: `${PROJECT}:${key}${at}`,
                    value: "<output>",
                    message:
                        "is an output; the Stamp's settings must be plain values (they decide which resources exist)",
                },
            ]);
        }
        values[key] = value;
    }
    return validateConfig(values);
}

/**
 * The running stack's config as the Stamp's args (index.ts): every `aml-stamp:` key decoded as the program reads it,
 * unknown and empty keys included, so the Stamp reports them with every other problem. Not validated here: the
 * Stamp validates its args, whoever passes them. Secret values are refused first (config/secrets.ts).
 */
export function loadStampArgs(): { readonly name: string; readonly args: StampArgs } {
    const raw = pulumi.runtime.allConfig();
    refuseSecretValues(secretConfigKeys(raw), PROJECT);
    const values = decodeConfig(raw);
    // The stamp's instance name is `<team>-<environment>` (config/spec.ts resolveStamp names its children the same).
    return { name: `${String(values["team"])}-${String(values["environment"])}`, args: values as unknown as StampArgs };
}

/**
 * The default of every setting, as declared once in config/ (the values Pulumi.yaml `config:` and docs/config.md
 * show): what `new Stamp(name, { team, environment })` applies. A fresh copy on each call.
 */
export function stampDefaults(): StampDefaults {
    const defaults = CONFIG_DECLARATIONS.filter((d) => "default" in d).map((d) => [d.key, structuredClone(d.default)]);
    return Object.fromEntries(defaults) as StampDefaults;
}
