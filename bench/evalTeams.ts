/**
 * Child process of the bench: evaluates bench/multiTeam.ts for BENCH_TEAMS teams under the offline mocks and prints
 * one JSON line: counts (resources, custom resources, role assignments, grants), evaluation time and peak memory.
 */
import * as path from "path";
import { performance } from "perf_hooks";
import { evaluate } from "../offline/evaluate";

const ROLE_ASSIGNMENT = "azure-native:authorization:RoleAssignment";

async function main(): Promise<void> {
    const teams = Number(process.env.BENCH_TEAMS ?? "1");
    const start = performance.now();
    const e = await evaluate({ program: path.join(__dirname, "multiTeam.ts") });
    const evalMs = performance.now() - start;
    const byType: Record<string, number> = {};
    for (const r of e.resources) byType[r.type] = (byType[r.type] ?? 0) + 1;
    const result = {
        teams,
        evalMs,
        resources: e.resources.length,
        customResources: e.resources.filter((r) => r.custom).length,
        roleAssignments: byType[ROLE_ASSIGNMENT] ?? 0,
        grants: e.grants.length,
        byType,
        maxRssKB: process.resourceUsage().maxRSS,
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
});
