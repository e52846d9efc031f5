/**
 * The command line of the npm scripts (plan, platform:gh-variables): `node:util` parseArgs, strict, with the `-h,
 * --help` every script takes. One place for the shape each script's main() would otherwise repeat.
 */
import { parseArgs, type ParseArgsConfig } from "node:util";

type Options = NonNullable<ParseArgsConfig["options"]>;
const HELP = { help: { type: "boolean", short: "h", default: false } } as const;
type Values<O extends Options> = ReturnType<typeof parseArgs<{ options: O & typeof HELP; strict: true }>>["values"];

/**
 * The parsed options (throws on an unknown or malformed one, as parseArgs does), or undefined after printing `usage`
 * for `--help`.
 */
export function parseOptions<O extends Options>(options: O, usage: string, args?: string[]): Values<O> | undefined {
    const { values } = parseArgs({ args, options: { ...options, ...HELP }, strict: true });
    if ((values as { help?: boolean }).help === true) {
        process.stdout.write(usage);
        return undefined;
    }
    return values as Values<O>;
}
