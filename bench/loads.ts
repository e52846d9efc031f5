/** Module load breakdown: each require timed in its own cold process (in-process timer around the require). */
import * as fs from "fs";
import * as path from "path";
import { type Measurer, NODE, type Sample } from "./measure";
import { type Figure, stat } from "./stats";

/** The azure-native submodules the project's .ts files import. */
export function azureNativeSubmodules(root: string): string[] {
    const found = new Set<string>();
    const walk = (d: string): void => {
        for (const e of fs.readdirSync(d, { withFileTypes: true })) {
            if (e.name.startsWith(".") || ["node_modules", "bin", "bench", "tests"].includes(e.name)) continue;
            const p = path.join(d, e.name);
            if (e.isDirectory()) walk(p);
            else if (e.name.endsWith(".ts")) {
                for (const m of fs
                    .readFileSync(p, "utf8")
                    .matchAll(/from\s+["'](@pulumi\/azure-native\/[\w/]+)["']/g)) {
                    found.add(m[1]!);
                }
            }
        }
    };
    walk(root);
    return [...found].sort();
}

export function requireTime(
    m: Measurer,
    label: string,
    before: readonly string[],
    modules: readonly string[],
    runs: number,
): Figure {
    const script =
        `${before.map((m) => `require(${JSON.stringify(m)});`).join("")}` +
        `const t=require("perf_hooks").performance.now();` +
        `${modules.map((m) => `require(${JSON.stringify(m)});`).join("")}` +
        `process.stdout.write(String(require("perf_hooks").performance.now()-t));`;
    const samples: Sample[] = [];
    for (let i = 0; i < runs; i++) {
        const s = m.measure(NODE, ["-e", script]);
        samples.push({ ...s, wallMs: Number(s.stdout) });
    }
    return { label, command: "", time: stat(samples.map((s) => s.wallMs)), memory: undefined, samples };
}
