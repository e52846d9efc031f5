/**
 * `npm run new-team -- --team NAME --env ENV [--location REGION] [--production] [--set key=value ...] [--esc ENV ...]`
 * and `npm run new-team -- --from teams.yaml [--dry-run]`
 *
 * Writes `Pulumi.<team>-<env>.yaml` for a new team environment (or one per entry of the teams file), planned and
 * validated by offline/stackFiles.ts, and prints the follow-up steps. An existing stack file is never overwritten.
 * Everything but the last lines is a function, so tests drive it without a shell.
 */
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
import { type Command, type Options, parseValues, UsageProblem } from "./cli";

export const USAGE = `usage: npm run new-team -- --team NAME --env ENV [options]
       npm run new-team -- --from teams.yaml [--dry-run]

  --from FILE          write or update every Pulumi.<team>-<env>.yaml the teams file lists (docs/onboarding.md)

  --team NAME          team name (aml-stamp:team)
  --env ENV            environment name, e.g. dev, test, prod (aml-stamp:environment)
  --location REGION    Azure region (aml-stamp:location; default: the Pulumi.yaml default)
  --production         mark the stack as production (aml-stamp:production: true) and write the hardened
                       profile (docs/hardening.md); also give --set privateEndpointSubnetId=<subnet ARM id>
                       and --set 'privateDnsZoneIds=[<api.azureml.ms zone id>, <notebooks.azure.net zone id>,
                       <blob.core.windows.net zone id>, <file.core.windows.net zone id>]'
  --set KEY=VALUE      any other key declared in Pulumi.yaml (repeatable). Structured values as YAML/JSON:
                       --set 'tags={"cost-center":"4711"}'  --set keyVaultRetentionDays=30
                       Nested fields with dots: --set automation.rotationDays=30
                       Provider keys take their namespace: --set azure-native:subscriptionId=<id>
  --esc ENV            import a Pulumi ESC environment (repeatable), e.g. --esc aml-stamp/shared; only when
                       Pulumi.yaml backend.url is Pulumi Cloud (a DIY backend does not support environments)
  --dry-run            print the file instead of writing it
  -h, --help           this help
`;

/** The options, declared once (scripts/cli.ts): repeats, conflicts and unknown options are refused there. */
export const NEW_TEAM_COMMAND = {
    name: "npm run new-team --",
    synopsis: ["--team NAME --env ENV [options]", "--from teams.yaml [--dry-run]"],
    summary: "Writes Pulumi.<team>-<env>.yaml for a new team environment, or every one a teams file lists.",
    options: {
        from: { type: "string", value: "FILE", description: "write or update every stack file the teams file lists" },
        team: { type: "string", value: "NAME", description: "team name (aml-stamp:team)" },
        env: { type: "string", value: "ENV", description: "environment name (aml-stamp:environment)" },
        location: { type: "string", value: "REGION", description: "Azure region (aml-stamp:location)" },
        production: { type: "boolean", default: false, description: "a production stack (the hardened profile)" },
        set: { type: "string", value: "KEY=VALUE", multiple: true, default: [], description: "any declared key" },
        esc: { type: "string", value: "ENV", multiple: true, default: [], description: "import an ESC environment" },
        "dry-run": { type: "boolean", default: false, description: "print the file instead of writing it" },
    },
    conflicts: [
        ["from", "team"],
        ["from", "env"],
        ["from", "location"],
        ["from", "production"],
        ["from", "set"],
        ["from", "esc"],
    ],
} as const satisfies Command<Options>;

/** The command line's problem (unknown, valueless, repeated or conflicting options), or undefined. */
export function newTeamUsageProblem(argv: readonly string[]): string | undefined {
    try {
        parseValues(NEW_TEAM_COMMAND, argv);
        return undefined;
    } catch (err) {
        if (err instanceof UsageProblem) return err.message;
        throw err;
    }
}

/** Parses the command line (scripts/cli.ts). Throws `UsageError`; returns undefined for --help. */
export function parseNewTeamArgs(argv: readonly string[]): NewTeamAnswers | undefined {
    const problem = newTeamUsageProblem(argv);
    if (problem !== undefined) throw new UsageError(problem);
    const v = parseValues(NEW_TEAM_COMMAND, argv);
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
    const problem = newTeamUsageProblem(argv);
    if (problem !== undefined) {
        io.err(`new-team: ${problem}\n\n${USAGE}`);
        return 2;
    }
    const values = parseValues(NEW_TEAM_COMMAND, argv);
    if (values.from !== undefined && !values.help) {
        // The shared parser has refused every other option with --from (NEW_TEAM_COMMAND conflicts).
        const name = values.from;
        try {
            const plans = planTeamsFile(root, name);
            if (plans === undefined) {
                io.err(`new-team: ${name} does not exist\n`);
                return 1;
            }
            io.out(`${writeTeamsFile(plans, values["dry-run"]).join("\n")}\n`);
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
