/**
 * The command line of every npm script: one declaration per command (each option's type, value name, description,
 * allowed values, whether it repeats; the pairs of options that exclude each other), parsed by `node:util` parseArgs
 * (strict), with the `-h, --help` every script takes. One rule for every command: an unknown option, an option
 * without its value, a repeated single-valued option or two conflicting options are refused, naming them, with the
 * usage on stderr and exit 2; `--help` prints one line per option, generated from the declaration (so the help
 * cannot drift from what is parsed), and exits 0.
 */
import { parseArgs } from "node:util";

/** Where a command writes: the process's streams, or a capture in tests (`main(argv, io)`). */
export interface Io {
    readonly out: (text: string) => void;
    readonly err: (text: string) => void;
}

/** The process's stdout and stderr. */
export const PROCESS_IO: Io = {
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
};

/** One option of a command, declared once: what parseArgs takes plus what the help says. */
export interface OptionSpec {
    readonly type: "string" | "boolean";
    /** One line for `--help`. */
    readonly description: string;
    /** The value's name in the help (`NAME`, `FILE`); string options only. Default `VALUE`. */
    readonly value?: string;
    readonly short?: string;
    /** Repeatable (collects every value); only where the command declares it. Others refused when repeated. */
    readonly multiple?: boolean;
    readonly default?: string | boolean | readonly string[];
    /** The values allowed; anything else is refused naming them. */
    readonly choices?: readonly string[];
    /** A check of the value: the problem (what is allowed), or undefined when fine. */
    readonly check?: (value: string) => string | undefined;
}

export type Options = Readonly<Record<string, OptionSpec>>;

/** A command's declaration: what `--help` prints and what parse() enforces. */
export interface Command<O extends Options> {
    /** How it is run, e.g. `npm run plan --`. */
    readonly name: string;
    /** The usage lines after the name, e.g. `[--stack NAME] [--json]`. */
    readonly synopsis: readonly string[];
    /** What the command does, one or two lines for `--help`. */
    readonly summary: string;
    readonly options: O;
    /** Groups of options of which at most one may be given. */
    readonly conflicts?: readonly (readonly (keyof O & string)[])[];
}

/** The values of a command's options, typed from its declaration. */
/** Any command, for what only reads the declaration (usage, help). */
export interface AnyCommand {
    readonly name: string;
    readonly synopsis: readonly string[];
    readonly summary: string;
    readonly options: Options;
    readonly conflicts?: readonly (readonly string[])[];
}

export type Values<O extends Options> = {
    -readonly [K in keyof O]: O[K]["type"] extends "boolean"
        ? O[K]["default"] extends boolean
            ? boolean
            : boolean | undefined
        : O[K]["multiple"] extends true
          ? string[]
          : O[K]["default"] extends string
            ? string
            : string | undefined;
} & { help: boolean };

/** What a script's main() returns instead of running: the exit code after `--help` (0) or a usage error (2). */
export class Exit {
    constructor(readonly code: number) {}
}

/** A usage problem: the message names the option(s); main() prints it with the usage and exits 2. */
export class UsageProblem extends Error {
    constructor(message: string) {
        super(message);
        this.name = "UsageProblem";
    }
}

const HELP: OptionSpec = { type: "boolean", short: "h", default: false, description: "this help" };

/** `--name VALUE` or `--name` as the help and the errors show it. */
export function flag(name: string, spec?: OptionSpec): string {
    if (spec === undefined || spec.type === "boolean") return `--${name}`;
    return `--${name} ${spec.choices !== undefined ? spec.choices.join("|") : (spec.value ?? "VALUE")}`;
}

/** The short usage: printed after a usage error. */
export function usage(cmd: AnyCommand): string {
    const lines = cmd.synopsis.map((s, i) => `${i === 0 ? "usage:" : "      "} ${cmd.name} ${s}`.trimEnd());
    return `${lines.join("\n")}\n(--help describes every option)\n`;
}

/** The full help: the usage, the summary, one line per option (from its declaration) and the conflicts. */
export function help(cmd: AnyCommand): string {
    const all: [string, OptionSpec][] = [...Object.entries(cmd.options), ["help", HELP]];
    const left = all.map(([n, s]) => `${s.short !== undefined ? `-${s.short}, ` : ""}${flag(n, s)}`);
    const width = Math.max(...left.map((l) => l.length)) + 2;
    const lines = all.map(([, s], i) => {
        const extra = [
            s.multiple === true ? "repeatable" : undefined,
            s.default !== undefined && s.type === "string" && !Array.isArray(s.default)
                ? `default: ${String(s.default)}`
                : undefined,
        ].filter((x) => x !== undefined);
        return `  ${left[i]!.padEnd(width)}${s.description}${extra.length > 0 ? ` (${extra.join("; ")})` : ""}`;
    });
    const conflicts = (cmd.conflicts ?? []).map((g) => `  at most one of ${g.map((n) => `--${n}`).join(", ")}`);
    return [
        usage(cmd).replace(/\(--help describes every option\)\n$/, ""),
        `${cmd.summary}\n`,
        "options:",
        ...lines,
        ...(conflicts.length > 0 ? ["", "conflicting options (refused together):", ...conflicts] : []),
        "",
    ].join("\n");
}

/**
 * The options as given, or a `UsageProblem` naming what is wrong: parseArgs' own errors (unknown option, missing
 * value, unexpected argument), then a repeated single-valued option, a value outside `choices` or failing `check`,
 * and two options of one conflict group.
 */
export function parseValues<O extends Options>(cmd: Command<O>, argv: readonly string[]): Values<O> {
    const options = { ...cmd.options, help: HELP } as Options;
    const config = Object.fromEntries(
        Object.entries(options).map(([n, s]) => [
            n,
            {
                type: s.type,
                ...(s.short !== undefined ? { short: s.short } : {}),
                ...(s.multiple === true ? { multiple: true } : {}),
                ...(s.default !== undefined
                    ? { default: Array.isArray(s.default) ? [...(s.default as string[])] : s.default }
                    : {}),
            },
        ]),
    );
    let parsed: ReturnType<typeof parseArgs>;
    try {
        parsed = parseArgs({ args: [...argv], options: config as never, strict: true, tokens: true });
    } catch (err) {
        // node:util parseArgs throws TypeErrors coded ERR_PARSE_ARGS_* for what the user typed.
        if (!String((err as { code?: unknown }).code).startsWith("ERR_PARSE_ARGS_")) throw err;
        throw new UsageProblem((err as Error).message);
    }
    const values = parsed.values as Record<string, unknown>;
    if (values["help"] === true) return values as Values<O>;
    const given = new Map<string, string[]>();
    for (const t of parsed.tokens ?? []) {
        if (t.kind !== "option") continue;
        given.set(t.name, [...(given.get(t.name) ?? []), t.value ?? ""]);
    }
    for (const [name, seen] of given) {
        const spec = options[name]!;
        if (spec.multiple !== true && seen.length > 1) {
            const shown = spec.type === "string" ? ` (${seen.map((v) => JSON.stringify(v)).join(", ")})` : "";
            throw new UsageProblem(`--${name} is given ${seen.length} times${shown}: give it once`);
        }
        if (spec.type !== "string") continue;
        for (const value of seen) {
            if (spec.choices !== undefined && !spec.choices.includes(value)) {
                throw new UsageProblem(`--${name} ${value}: must be one of ${spec.choices.join(", ")}`);
            }
            const problem = spec.check?.(value);
            if (problem !== undefined) throw new UsageProblem(`--${name} ${JSON.stringify(value)}: ${problem}`);
        }
    }
    for (const group of cmd.conflicts ?? []) {
        const present = group.filter((n) => given.has(n));
        if (present.length > 1) {
            throw new UsageProblem(
                `${present.map((n) => `--${n}`).join(" and ")} conflict: give at most one of ${group.map((n) => `--${n}`).join(", ")}`,
            );
        }
    }
    return values as Values<O>;
}

/**
 * The parsed options, or an `Exit`: after printing the help on `io.out` for `--help` (0), or, for a usage problem,
 * its message and the usage on `io.err` (2), never a stack trace.
 */
export function parseOptions<O extends Options>(cmd: Command<O>, argv: readonly string[], io: Io): Values<O> | Exit {
    let values: Values<O>;
    try {
        values = parseValues(cmd, argv);
    } catch (err) {
        if (!(err instanceof UsageProblem)) throw err;
        return usageError(cmd, io, err.message);
    }
    if (values.help) {
        io.out(help(cmd));
        return new Exit(0);
    }
    return values;
}

/** Prints `message` and the command's usage on `io.err`; the `Exit` of a usage error (2). */
export function usageError(cmd: AnyCommand, io: Io, message: string): Exit {
    io.err(`${message}\n${usage(cmd)}`);
    return new Exit(2);
}

/**
 * Pulumi's stack name rule: 1 to 100 characters, letters, digits, hyphens, underscores and periods (pulumi/pulumi
 * sdk/go/common/tokens/stack_name.go `ParseStackName`, `stackNameRegex = ^[A-Za-z0-9_.-]*`; the cloud backend
 * checks the name part of `org/project/stack` with it, pkg/backend/httpstate/backend.go `ValidateStackName`). The
 * stack file is `Pulumi.<name>.yaml` (sdk/go/common/workspace/paths.go `ProjectStackPath`), so a name holding a
 * path (`a/../../x`) never reaches the file system. The problem, or undefined for a valid name.
 */
export function stackNameProblem(name: string): string | undefined {
    if (name === "") return "a stack name may not be empty";
    if (name.length > 100) return `a stack name cannot exceed 100 characters (it has ${name.length})`;
    const bad = /[^A-Za-z0-9_.-]/.exec(name);
    if (bad !== null) {
        const qualified = name.includes("/")
            ? "; an org/project/ prefix is Pulumi Cloud's, the stack file is Pulumi.<name>.yaml: give only the name"
            : "";
        return (
            `a stack name may only contain letters, digits, hyphens, underscores or periods (Pulumi's rule): ` +
            `invalid character ${JSON.stringify(bad[0])} at position ${bad.index}${qualified}`
        );
    }
    return undefined;
}

/**
 * A Pulumi Cloud stack reference, `[org/[project/]]name`: each part by the stack name rule (the cloud backend also
 * checks the org and project names, pkg/backend/httpstate/backend.go; this checks only what makes a path).
 */
export function qualifiedStackNameProblem(ref: string): string | undefined {
    const parts = ref.split("/");
    if (parts.length > 3) return "a stack reference is [org/[project/]]name: at most two slashes";
    for (const part of parts) {
        const problem = stackNameProblem(part);
        if (problem !== undefined) return problem.replace(/; an org\/project\/ prefix .*$/, "");
    }
    return undefined;
}

/**
 * The message when the Pulumi CLI cannot be started (ENOENT: not on PATH), instead of `spawnSync pulumi ENOENT`:
 * `why` says what the command needs it for, `instead` what works without it.
 */
export function pulumiCliMissing(why: string, instead?: string): string {
    return (
        `the Pulumi CLI (\`pulumi\`) is not installed or not on PATH: ${why}. Install it ` +
        "(https://www.pulumi.com/docs/install/, 3.188 or later: `curl -fsSL https://get.pulumi.com | sh`), log in to " +
        `the stack's backend (\`pulumi login\`), then run again${instead !== undefined ? `, ${instead}` : ""}.`
    );
}

/** Runs an async main(argv, io) as the process: its exit code; an unexpected error is printed (`label: message`). */
export function runMain(label: string, main: (argv: readonly string[], io: Io) => Promise<number> | number): void {
    Promise.resolve()
        .then(() => main(process.argv.slice(2), PROCESS_IO))
        .then(
            // process.exit: the mock runtime of an evaluation may leave handles open; stdout/stderr are synchronous
            // for files and pipes on Linux (nodejs.org/api/process.html "A note on process I/O").
            (code) => process.exit(code),
            (err: unknown) => {
                process.stderr.write(`${label} failed: ${err instanceof Error ? err.message : String(err)}\n`);
                process.exit(1);
            },
        );
}
