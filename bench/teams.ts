/** N team environments in one process (bench/evalTeams.ts → bench/multiTeam.ts), repeated. */
import { type Measurer, NODE, REGISTER } from "./measure";
import { figure, type Figure } from "./stats";

/** Team counts the report stamps (its growth section reads the 1-, 10- and 50-team rows). */
export const TEAM_COUNTS = [1, 10, 50] as const;

/** What bench/evalTeams.ts prints for one run. */
export interface TeamsResult {
    teams: number;
    evalMs: number;
    resources: number;
    customResources: number;
    roleAssignments: number;
    grants: number;
    byType: Record<string, number>;
    maxRssKB: number;
}

export function teamsFigure(m: Measurer, teams: number, runs: number): { figure: Figure; results: TeamsResult[] } {
    const results: TeamsResult[] = [];
    const f = figure(
        `${teams} team(s), one process`,
        `BENCH_TEAMS=${teams} node -r ${REGISTER} bench/evalTeams.ts`,
        runs,
        () => {
            const s = m.measure(NODE, ["-r", REGISTER, "bench/evalTeams.ts"], { env: { BENCH_TEAMS: String(teams) } });
            results.push(JSON.parse(s.stdout.trim().split("\n").pop()!) as TeamsResult);
            return s;
        },
    );
    return { figure: f, results };
}
