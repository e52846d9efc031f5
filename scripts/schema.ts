/**
 * `npm run schema`: writes schema.json, the Pulumi package schema that `pulumi package add` consumers get (their SDK
 * is generated from it). It is generated exactly as the plugin host generates it at run time: the ComponentResource
 * classes plugin.ts exports (getPulumiComponents, as pulumi/pulumi sdk/nodejs/cmd/run-plugin/run.ts does), the
 * package name derived from package.json `name` the same way, and ComponentProvider.getSchema() — the installed
 * SDK's analyzer over this repository's tsconfig.json (sdk/nodejs/provider/experimental/provider.ts, analyzer.ts).
 * tests/schema.integration.spec.ts fails when the committed file is not what this produces.
 */
import * as fs from "fs";
import * as path from "path";
import { ComponentProvider, getPulumiComponents } from "@pulumi/pulumi/provider/experimental";
import { type Command, Exit, type Io, type Options, parseOptions, runMain } from "./cli";
import { renderStampArgs, STAMP_ARGS_FILE } from "./stampArgs";

const ROOT = path.join(__dirname, "..");
export const SCHEMA_FILE = path.join(ROOT, "schema.json");

/** Provider name and namespace from a package.json name, as run-plugin/run.ts derives them. */
export function providerName(packageName: string): { name: string; namespace?: string } {
    const m = /(@.*?\/)?(.+)/.exec(packageName);
    if (m === null) throw new Error(`package.json name ${JSON.stringify(packageName)} is empty`);
    const name = m[2]!.replace(/[^-a-zA-Z0-9_]/g, "-");
    return m[1] === undefined ? { name } : { name, namespace: m[1].slice(1, -1) };
}

/** The component classes the plugin serves. */
export function pluginComponents(): ReturnType<typeof getPulumiComponents> {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return getPulumiComponents(require(path.join(ROOT, "plugin.ts")));
}

/** The schema as the plugin host infers it, as stable JSON text (2-space indent, trailing newline). */
export async function generateSchema(): Promise<string> {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { name: string };
    const components = pluginComponents();
    if (components.length === 0) throw new Error("plugin.ts exports no ComponentResource: nothing to serve");
    const provider = new ComponentProvider({ components, dirname: ROOT, ...providerName(pkg.name) });
    return `${JSON.stringify(JSON.parse(await provider.getSchema()), null, 2)}\n`;
}

/** The command line, declared once (scripts/cli.ts): it takes no option but `--help`. */
export const SCHEMA_COMMAND = {
    name: "npm run schema --",
    synopsis: [""],
    summary:
        "Writes config/stampArgs.generated.ts (the Stamp's typed args, from config/), then schema.json, the Pulumi " +
        "package schema of plugin.ts, as the plugin host infers it.",
    options: {},
} as const satisfies Command<Options>;

/**
 * The CLI: exit 0 (both written), 1 (one cannot be generated) or 2 (usage). The args file comes first: the schema is
 * inferred from it.
 */
export async function main(
    argv: readonly string[],
    io: Io,
    file: string = SCHEMA_FILE,
    argsFile: string = STAMP_ARGS_FILE,
): Promise<number> {
    const values = parseOptions(SCHEMA_COMMAND, argv, io);
    if (values instanceof Exit) return values.code;
    try {
        const args = renderStampArgs();
        if (!fs.existsSync(argsFile) || fs.readFileSync(argsFile, "utf8") !== args) {
            fs.writeFileSync(argsFile, args);
            io.out(`wrote ${path.relative(process.cwd(), argsFile) || argsFile}\n`);
        }
        fs.writeFileSync(file, await generateSchema());
        io.out(`wrote ${path.relative(process.cwd(), file) || file}\n`);
        return 0;
    } catch (err) {
        io.err(`schema: ${err instanceof Error ? err.message : String(err)}\n`);
        return 1;
    }
}

if (require.main === module) runMain("schema", main);
