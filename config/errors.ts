/** One problem with the stack config: the key (with its path inside structured values), the value, and the rule. */
export interface ConfigProblem {
    /** Full config key, e.g. `aml-stamp:team` or `aml-stamp:computeClusters.gpu.maxNodes`. */
    readonly key: string;
    /** The offending value as it was read (undefined when missing). */
    readonly value: unknown;
    /** What is allowed. */
    readonly message: string;
}

function show(value: unknown): string {
    if (value === undefined) return "(not set)";
    const text = JSON.stringify(value);
    return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** Thrown before any resource is declared when the stack config is invalid; lists every problem found. */
export class ConfigError extends Error {
    constructor(readonly problems: readonly ConfigProblem[]) {
        super(
            `Invalid stack config (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n` +
                problems.map((p) => `  - ${p.key} = ${show(p.value)}: ${p.message}`).join("\n"),
        );
        this.name = "ConfigError";
    }
}
