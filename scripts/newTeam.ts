/**
 * `npm run new-team -- --team NAME --env ENV [--location REGION] [--production] [--set key=value ...] [--esc ENV ...]`
 * and `npm run new-team -- --from teams.yaml [--dry-run]`
 *
 * Writes `Pulumi.<team>-<env>.yaml` for a new team environment (or one per entry of the teams file), planned and
 * validated by offline/stackFiles.ts, and prints the follow-up steps. An existing stack file is never overwritten.
 * Everything but the last lines is a function, so tests drive it without a shell.
 */
import { parseArgs } from "node:util";
import { ConfigError } from "../config";
import { ROOT, StackFileError } from "../offline/stackConfig";
import { TeamsFileError } from "../offline/teamsFile";
import {
    AnswerError,
    followUpSteps,
    type NewTeamAnswers,
    planStackFile,
    planTeamsFile,
    secretKeys,
    StackExistsError,
    UsageError,
    writeStackFile,
    writeTeamsFile,
} from "../offline/stackFiles";

export const USAGE = `usage: npm run new-team -- --team NAME --env ENV [options]
       npm run new-team -- --from teams.yaml [--dry-run]

  --from FILE          write or update every Pulumi.<team>-<env>.yaml the teams file lists (docs/onboarding.md)

  --team NAME          team name (aml-stamp:team)
  --env ENV            environment name, e.g. dev, test, prod (aml-stamp:environment)
  --location REGION    Azure region (aml-stamp:location; default: the Pulumi.yaml default)
  --production         mark the stack as production (aml-stamp:production: true) and write the hardened
                       profile (docs/hardening.md); also give --set privateEndpointSubnetId=<subnet ARM id>
                       and --set 'privateDnsZoneIds=[<api.azureml.ms zone id>, <notebooks.azure.net zone id>]'
  --set KEY=VALUE      any other key declared in Pulumi.yaml (repeatable). Structured values as YAML/JSON:
                       --set 'tags={"cost-center":"4711"}'  --set keyVaultRetentionDays=30
                       Nested fields with dots: --set automation.rotationDays=30
                       Provider keys take their namespace: --set azure-native:subscriptionId=<id>
  --esc ENV            import a Pulumi ESC environment (repeatable), e.g. --esc aml-stamp/shared; only when
                       Pulumi.yaml backend.url is Pulumi Cloud (a DIY backend does not support environments)
  --dry-run            print the file instead of writing it
  -h, --help           this help
`;

/** Parses the command line (`node:util` parseArgs, strict). Throws `UsageError`; returns undefined for --help. */
export function parseNewTeamArgs(argv: readonly string[]): NewTeamAnswers | undefined {
    let parsed;
    try {
        parsed = parseArgs({
            args: [...argv],
            options: {
                team: { type: "string" },
                env: { type: "string" },
                location: { type: "string" },
                production: { type: "boolean", default: false },
                set: { type: "string", multiple: true, default: [] },
                esc: { type: "string", multiple: true, default: [] },
                "dry-run": { type: "boolean", default: false },
                help: { type: "boolean", short: "h", default: false },
            },
            strict: true,
            allowPositionals: false,
        });
    } catch (err) {
        throw new UsageError((err as Error).message);
    }
    const v = parsed.values;
    if (v.help) return undefined;
    if (v.team === undefined) throw new UsageError("--team is required");
    if (v.env === undefined) throw new UsageError("--env is required");
    const set: Record<string, string> = {};
    for (const item of v.set ?? []) {
        const eq = item.indexOf("=");
        if (eq <= 0) throw new UsageError(`--set ${item}: expected KEY=VALUE`);
        const key = item.slice(0, eq).trim();
        if (key in set) throw new UsageError(`--set ${key} is given twice`);
        set[key] = item.slice(eq + 1);
    }
    const esc = v.esc ?? []; // checked with teams.yaml's esc: by planStackFile (offline/stackFiles.ts)
    return {
        team: v.team,
        env: v.env,
        location: v.location,
        production: v.production ?? false,
        set,
        esc,
        dryRun: v["dry-run"] ?? false,
    };
}

interface Io {
    readonly out: (text: string) => void;
    readonly err: (text: string) => void;
}

/** The CLI: exit 0 on success, 1 for invalid answers (named key) or an existing file, 2 for usage errors. */
export function main(argv: readonly string[], io: Io, root: string = ROOT): number {
    const from = argv.indexOf("--from");
    if (from >= 0) {
        const name = argv[from + 1];
        const rest = argv.filter((_a, i) => i !== from && i !== from + 1);
        if (name === undefined || name.startsWith("--") || rest.some((a) => a !== "--dry-run")) {
            io.err(`new-team: --from FILE takes only --dry-run besides it\n\n${USAGE}`);
            return 2;
        }
        try {
            const plans = planTeamsFile(root, name);
            if (plans === undefined) {
                io.err(`new-team: ${name} does not exist\n`);
                return 1;
            }
            io.out(`${writeTeamsFile(plans, rest.includes("--dry-run")).join("\n")}\n`);
            io.out(
                "Check them offline: npm run plan -- --all (it also checks that every stack file agrees with the teams file)\n",
            );
            return 0;
        } catch (err) {
            if (err instanceof TeamsFileError || err instanceof StackFileError) {
                io.err(`new-team: nothing written. ${err.message}\n`);
                return 1;
            }
            throw err;
        }
    }
    try {
        const answers = parseNewTeamArgs(argv);
        if (answers === undefined) {
            io.out(USAGE);
            return 0;
        }
        const plan = planStackFile(answers, root);
        if (answers.dryRun) {
            io.out(plan.text);
            return 0;
        }
        writeStackFile(plan);
        io.out(followUpSteps(plan, secretKeys(root)));
        return 0;
    } catch (err) {
        if (err instanceof UsageError) {
            io.err(`new-team: ${err.message}\n\n${USAGE}`);
            return 2;
        }
        if (err instanceof ConfigError || err instanceof AnswerError) {
            io.err(`new-team: nothing written. ${err.message}\n`);
            return 1;
        }
        if (err instanceof StackExistsError) {
            io.err(`new-team: ${err.message}\n`);
            return 1;
        }
        throw err;
    }
}

if (require.main === module) {
    process.exitCode = main(process.argv.slice(2), {
        out: (t) => process.stdout.write(t),
        err: (t) => process.stderr.write(t),
    });
}
