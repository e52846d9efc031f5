/**
 * `npm run write-credentials -- --stack NAME [--dir PATH]`: writes `.azureml/config.json` (what
 * `MLClient.from_config()` reads) and `.env` (the `servicePrincipalEnv` lines `EnvironmentCredential` reads, mode
 * 0600) from the stack's outputs, read through the Pulumi Automation API (LocalWorkspace.selectStack + outputs(),
 * which returns secret outputs in clear text with their secret flag). Refuses to write `.env` inside a git work tree
 * unless git ignores it (`git check-ignore`), so a client secret is never one `git add .` away from a commit.
 */
import * as fs from "fs";
import * as path from "path";
import { spawnSync } from "child_process";
import {
    type Command,
    Exit,
    type Io,
    type Options,
    parseOptions,
    pulumiCliMissing,
    qualifiedStackNameProblem,
    runMain,
    usageError,
} from "./cli";

/** A stack output as the Automation API returns it. */
export interface OutputValue {
    readonly value: unknown;
    readonly secret: boolean;
}

/** Where stack outputs come from (the Automation API in real use, a fake in tests). */
export interface OutputsSource {
    outputs(stack: string): Promise<Record<string, OutputValue>>;
}

/** What the command needs to know from git. */
export interface GitProbe {
    /** True when `dir` is inside a git work tree. */
    insideWorkTree(dir: string): boolean;
    /** True when git ignores `file` (relative to `dir`). */
    isIgnored(dir: string, file: string): boolean;
}

const PROJECT_ROOT = path.resolve(__dirname, "..");

/** The message when the Pulumi CLI cannot be run (instead of the Automation API's bare "code: -2"). */
export const PULUMI_CLI_MISSING = pulumiCliMissing(
    "write-credentials reads the stack's outputs through it (the Automation API runs the `pulumi` command)",
);

/**
 * Throws `PULUMI_CLI_MISSING` when `pulumi version` cannot be started (ENOENT: not on `PATH`). The Automation API
 * starts the same `pulumi` from `PATH` unless given a root (@pulumi/pulumi `automation/cmd.ts`: `command = opts?.root
 * ? … "bin/pulumi" : "pulumi"`) and otherwise fails with only the spawn
 * error code (-2, ENOENT).
 */
export function requirePulumiCli(env: NodeJS.ProcessEnv = process.env): void {
    const r = spawnSync("pulumi", ["version"], { env, encoding: "utf8" });
    if (r.error !== undefined && (r.error as NodeJS.ErrnoException).code === "ENOENT") {
        throw new Error(PULUMI_CLI_MISSING);
    }
}

/**
 * The directory to write into: `--dir` (or nothing: the current directory) resolved against the directory the user
 * ran the command from. `npm run` starts scripts in the package root and passes the caller's directory as
 * `INIT_CWD` (docs.npmjs.com `cli/v9/commands/npm-run-script`, Description: "the INIT_CWD environment variable, which holds the
 * full path you were in when you ran npm run").
 */
export function resolveDir(dir: string | undefined, env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): string {
    return path.resolve(env["INIT_CWD"] ?? cwd, dir ?? ".");
}

/** Stack outputs through the Pulumi Automation API (needs the Pulumi CLI and a logged-in backend). */
export const automationApiSource: OutputsSource = {
    async outputs(stack) {
        requirePulumiCli();
        const { LocalWorkspace } = await import("@pulumi/pulumi/automation");
        const selected = await LocalWorkspace.selectStack({ stackName: stack, workDir: PROJECT_ROOT });
        return selected.outputs();
    },
};

/** git through its CLI. */
export const gitCli: GitProbe = {
    insideWorkTree(dir) {
        const r = spawnSync("git", ["rev-parse", "--is-inside-work-tree"], { cwd: dir, encoding: "utf8" });
        return r.status === 0 && r.stdout.trim() === "true";
    },
    isIgnored(dir, file) {
        // Exit 0: ignored; 1: not ignored; anything else: treat as not ignored.
        return spawnSync("git", ["check-ignore", "-q", "--", file], { cwd: dir }).status === 0;
    },
};

export interface WriteOptions {
    readonly stack: string;
    /** Directory to write into. Default: the current directory (the CLI passes `resolveDir(--dir)`). */
    readonly dir?: string;
    readonly source?: OutputsSource;
    readonly git?: GitProbe;
}

export interface WriteResult {
    readonly configPath: string;
    readonly envPath: string;
}

function requireOutput(outputs: Record<string, OutputValue>, key: string, stack: string): OutputValue {
    const out = outputs[key];
    if (out === undefined || out.value === undefined || out.value === null) {
        throw new Error(`stack "${stack}" has no "${key}" output (run \`pulumi up\` first; is automation.enabled on?)`);
    }
    return out;
}

/** Writes `.azureml/config.json` and `.env` into `dir` from the stack's outputs. */
export async function writeCredentials(opts: WriteOptions): Promise<WriteResult> {
    const dir = path.resolve(opts.dir ?? process.cwd());
    const git = opts.git ?? gitCli;
    if (git.insideWorkTree(dir) && !git.isIgnored(dir, ".env")) {
        throw new Error(
            `refusing to write ${path.join(dir, ".env")}: it is inside a git work tree and not git-ignored; add ".env" to .gitignore first`,
        );
    }
    const outputs = await (opts.source ?? automationApiSource).outputs(opts.stack);
    const client = requireOutput(outputs, "clientConfig", opts.stack).value as Record<string, unknown>;
    for (const k of ["subscription_id", "resource_group", "workspace_name"]) {
        if (typeof client[k] !== "string") throw new Error(`output clientConfig.${k} is missing`);
    }
    const env = requireOutput(outputs, "servicePrincipalEnv", opts.stack);
    if (typeof env.value !== "string") throw new Error("output servicePrincipalEnv is not text");

    const configDir = path.join(dir, ".azureml");
    fs.mkdirSync(configDir, { recursive: true });
    const configPath = path.join(configDir, "config.json");
    const config = {
        subscription_id: client["subscription_id"],
        resource_group: client["resource_group"],
        workspace_name: client["workspace_name"],
    };
    fs.writeFileSync(configPath, `${JSON.stringify(config, null, 2)}\n`);

    // Restrict an existing file before writing the secret into it; create new ones 0600; chmod again (umask).
    const envPath = path.join(dir, ".env");
    if (fs.existsSync(envPath)) fs.chmodSync(envPath, 0o600);
    fs.writeFileSync(envPath, env.value, { mode: 0o600 });
    fs.chmodSync(envPath, 0o600);
    return { configPath, envPath };
}

/** The command line, declared once (scripts/cli.ts): parsing, `--help` and the sweep of tests/cli.spec.ts. */
export const WRITE_CREDENTIALS_COMMAND = {
    name: "npm run write-credentials --",
    synopsis: ["--stack NAME [--dir PATH]"],
    summary:
        "Writes .azureml/config.json and .env (mode 0600, the automation principal's secret) from a deployed stack's\n" +
        "outputs, through the Pulumi CLI; refuses an .env inside a git work tree that git does not ignore.",
    options: {
        stack: {
            type: "string",
            value: "NAME",
            check: qualifiedStackNameProblem,
            description: "the deployed stack to read ([org/[project/]]name with Pulumi Cloud); required",
        },
        dir: {
            type: "string",
            value: "PATH",
            description: "where to write, relative to the directory npm run was started in (default: that directory)",
        },
    },
} as const satisfies Command<Options>;

/** The CLI: exit 0, 1 (outputs not readable, .env not ignored) or 2 (usage). */
export async function main(
    argv: readonly string[],
    io: Io,
    source: OutputsSource = automationApiSource,
): Promise<number> {
    const values = parseOptions(WRITE_CREDENTIALS_COMMAND, argv, io);
    if (values instanceof Exit) return values.code;
    if (values.stack === undefined) return usageError(WRITE_CREDENTIALS_COMMAND, io, "--stack NAME is required").code;
    try {
        const r = await writeCredentials({ stack: values.stack, dir: resolveDir(values.dir), source });
        io.out(`wrote ${r.configPath}\nwrote ${r.envPath} (mode 0600)\n`);
        return 0;
    } catch (err) {
        io.err(`write-credentials: ${err instanceof Error ? err.message : String(err)}\n`);
        return 1;
    }
}

if (require.main === module) runMain("write-credentials", main);
