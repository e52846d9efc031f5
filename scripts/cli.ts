/**
 * The command line of the npm scripts (plan, platform:gh-variables): `node:util` parseArgs, strict, with the `-h,
 * --help` every script takes. One place for the shape each script's main() would otherwise repeat.
 */
import { parseArgs, type ParseArgsConfig } from "node:util";

type Options = NonNullable<ParseArgsConfig["options"]>;
const HELP = { help: { type: "boolean", short: "h", default: false } } as const;
type Values<O extends Options> = ReturnType<typeof parseArgs<{ options: O & typeof HELP; strict: true }>>["values"];

/** What a script's main() returns instead of running: the exit code after `--help` (0) or a usage error (2). */
export class Exit {
    constructor(readonly code: number) {}
}

/**
 * The parsed options, or an `Exit`: after printing `usage` for `--help` (0), or, for an unknown option or an option
 * without its value, after printing parseArgs' message (it names the option) and `usage` on stderr (2), never a
 * stack trace.
 */
export function parseOptions<O extends Options>(options: O, usage: string, args?: string[]): Values<O> | Exit {
    let values: Record<string, unknown>;
    try {
        ({ values } = parseArgs({ args, options: { ...options, ...HELP }, strict: true }));
    } catch (err) {
        // node:util parseArgs throws TypeErrors coded ERR_PARSE_ARGS_* for what the user typed.
        if (!String((err as { code?: unknown }).code).startsWith("ERR_PARSE_ARGS_")) throw err;
        process.stderr.write(`${(err as Error).message}\n${usage}`);
        return new Exit(2);
    }
    if (values["help"] === true) {
        process.stdout.write(usage);
        return new Exit(0);
    }
    return values as Values<O>;
}
