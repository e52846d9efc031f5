/**
 * Bench-only program: stamps what index.ts declares for BENCH_TEAMS teams (default 1) in ONE program run, under the
 * offline mocks. It loads the stack config once, then for each team overrides `aml-stamp:team` and evaluates
 * index.ts again, so whatever index.ts instantiates per stack (today the Workspace; tomorrow computes, identities,
 * access groups, policy) is counted without this file knowing about it. Used by bench/evalTeams.ts, never by
 * `pulumi up`.
 */
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";

const INDEX = path.join(__dirname, "..", "index.ts");
const count = Number(process.env.BENCH_TEAMS ?? "1");
if (!Number.isInteger(count) || count < 1) throw new Error(`BENCH_TEAMS must be a positive integer, got ${count}`);

/** Team name of the i-th stamped team: a valid `team` value (lowercase letter first, letters and digits). */
export function benchTeam(i: number): string {
    return `bench${String(i).padStart(3, "0")}`;
}

const base = pulumi.runtime.allConfig();
const secretKeys = JSON.parse(process.env["PULUMI_CONFIG_SECRET_KEYS"] ?? "[]") as string[];

/** Each team's stack outputs, by team name. */
export const teams: Record<string, unknown> = {};
for (let i = 0; i < count; i++) {
    const team = benchTeam(i);
    pulumi.runtime.setAllConfig({ ...base, "aml-stamp:team": team }, secretKeys);
    delete require.cache[require.resolve(INDEX)];
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    teams[team] = require(INDEX) as unknown;
}
pulumi.runtime.setAllConfig(base, secretKeys);
