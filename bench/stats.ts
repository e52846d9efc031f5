/** Statistics over repeated samples and the report's cell formats. */
import type { Sample } from "./measure";

export interface Stat {
    readonly median: number;
    readonly min: number;
    readonly max: number;
    readonly n: number;
}

export function stat(values: readonly number[]): Stat {
    const sorted = [...values].sort((a, b) => a - b);
    const mid = Math.floor(sorted.length / 2);
    const median = sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
    return { median, min: sorted[0]!, max: sorted[sorted.length - 1]!, n: sorted.length };
}

export const sec = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
export const mb = (kb: number): string => `${Math.round(kb / 1024)} MB`;
const pct = (s: Stat): string => (s.median > 0 ? `±${Math.round(((s.max - s.min) / 2 / s.median) * 100)} %` : "");
export const timeCell = (s: Stat): string => `${sec(s.median)} (${sec(s.min)}–${sec(s.max)}, ${pct(s)}, n=${s.n})`;
export const memCell = (s: Stat | undefined): string => (s ? `${mb(s.median)} (${mb(s.min)}–${mb(s.max)})` : "n/a");

export interface Figure {
    readonly label: string;
    readonly command: string;
    readonly time: Stat;
    readonly memory: Stat | undefined;
    readonly samples: readonly Sample[];
}

export function figure(label: string, shown: string, runs: number, run: (i: number) => Sample): Figure {
    const samples: Sample[] = [];
    for (let i = 0; i < runs; i++) samples.push(run(i));
    const rss = samples.map((s) => s.maxRssKB).filter((v): v is number => v !== undefined);
    const f = {
        label,
        command: shown,
        time: stat(samples.map((s) => s.wallMs)),
        memory: rss.length === samples.length ? stat(rss) : undefined,
        samples,
    };
    process.stderr.write(`  ${label}: ${timeCell(f.time)}, peak ${memCell(f.memory)}\n`);
    return f;
}
