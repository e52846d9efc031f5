/**
 * Measuring one command in its own cold process: wall time around the child, and peak memory (the maximum resident
 * set size of the process tree) from GNU `/usr/bin/time` when present, else from `process.resourceUsage().maxRSS`
 * reported at exit by every node process (bench/maxrss.js). Nothing runs at import: createMeasurer() probes for GNU
 * time and keeps its scratch files in the directory it is given (bench/run.ts removes it).
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { performance } from "perf_hooks";

export const ROOT = path.resolve(__dirname, "..");
export const NODE = process.execPath;
export const REGISTER = "./scripts/register.js";
const GNU_TIME = "/usr/bin/time";

export interface Sample {
    readonly wallMs: number;
    /** Peak RSS in KiB, or undefined when it could not be measured. */
    readonly maxRssKB: number | undefined;
    readonly stdout: string;
}

export interface RunOptions {
    readonly cwd?: string;
    readonly env?: Record<string, string | undefined>;
}

export interface Measurer {
    /** True when peak memory comes from GNU time (else from each node process's maxRSS). */
    readonly useGnuTime: boolean;
    /** A fresh path in the scratch directory. */
    scratchFile(name: string): string;
    /** Runs `command args` to completion; throws with its stderr when it fails. */
    measure(command: string, args: readonly string[], options?: RunOptions): Sample;
}

export function createMeasurer(scratch: string): Measurer {
    let scratchFiles = 0;
    const scratchFile = (name: string): string => path.join(scratch, `${scratchFiles++}-${name}`);
    const hasGnuTime = (): boolean => {
        if (!fs.existsSync(GNU_TIME)) return false;
        const out = scratchFile("probe");
        const r = spawnSync(GNU_TIME, ["-f", "%M", "-o", out, "true"], { stdio: "ignore" });
        return r.status === 0 && fs.existsSync(out) && /^\d+\s*$/.test(fs.readFileSync(out, "utf8"));
    };
    const useGnuTime = hasGnuTime();

    const measure = (command: string, args: readonly string[], options: RunOptions = {}): Sample => {
        const env: Record<string, string | undefined> = { ...process.env, ...options.env };
        for (const [k, v] of Object.entries(env)) if (v === undefined) delete env[k];
        const rssFile = scratchFile("rss");
        let cmd = command;
        let argv = [...args];
        if (useGnuTime) {
            argv = ["-f", "%M", "-o", rssFile, command, ...args];
            cmd = GNU_TIME;
        } else {
            env["BENCH_MAXRSS_FILE"] = rssFile;
            env["NODE_OPTIONS"] =
                `${env["NODE_OPTIONS"] ?? ""} --require ${path.join(ROOT, "bench", "maxrss.js")}`.trim();
        }
        const start = performance.now();
        const r = spawnSync(cmd, argv, {
            cwd: options.cwd ?? ROOT,
            env: env as NodeJS.ProcessEnv,
            encoding: "utf8",
            maxBuffer: 256 * 1024 * 1024,
        });
        const wallMs = performance.now() - start;
        if (r.error) throw r.error;
        if (r.status !== 0) {
            throw new Error(
                `${command} ${args.join(" ")} exited with ${r.status}:\n${r.stderr}\n${r.stdout.slice(-4000)}`,
            );
        }
        let maxRssKB: number | undefined;
        if (fs.existsSync(rssFile)) {
            const values = fs
                .readFileSync(rssFile, "utf8")
                .split(/\s+/)
                .filter((s) => /^\d+$/.test(s))
                .map(Number);
            if (values.length > 0) maxRssKB = Math.max(...values);
        }
        return { wallMs, maxRssKB, stdout: r.stdout };
    };
    return { useGnuTime, scratchFile, measure };
}
