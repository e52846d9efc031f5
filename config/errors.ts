/** One problem with the stack config: the key (with its path inside structured values), the value, and the rule. */
export interface ConfigProblem {
    /** Full config key, e.g. `aml-stamp:team` or `aml-stamp:computeClusters.gpu.maxNodes`. */
    readonly key: string;
    /** The offending value as it was read (undefined when missing). */
    readonly value: unknown;
    /** What is allowed. */
    readonly message: string;
}

/** YAML's spelling of the numbers JSON has none for (YAML 1.2 core schema: `.inf`, `-.inf`, `.nan`). */
function yamlNumber(n: number): string {
    return Number.isNaN(n) ? ".nan" : n > 0 ? ".inf" : "-.inf";
}

/** The value as the user wrote it in YAML: JSON, except `.inf`/`.nan` (which JSON.stringify turns into null). */
export function show(value: unknown): string {
    if (value === undefined) return "(not set)";
    const marks: string[] = [];
    const text = JSON.stringify(value, (_k, v: unknown) => {
        if (typeof v !== "number" || Number.isFinite(v)) return v;
        marks.push(yamlNumber(v));
        return `\u0000${marks.length - 1}\u0000`;
    }).replace(/"\\u0000(\d+)\\u0000"/g, (_m, i: string) => marks[Number(i)]!);
    return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/**
 * Thrown before any resource is declared when the stack config (or the platform's guardrails file, `title`) is
 * invalid; lists every problem found.
 */
export class ConfigError extends Error {
    constructor(
        readonly problems: readonly ConfigProblem[],
        title = "Invalid stack config",
    ) {
        super(
            `${title} (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n` +
                problems.map((p) => `  - ${p.key} = ${show(p.value)}: ${p.message}`).join("\n"),
        );
        this.name = "ConfigError";
    }
}
