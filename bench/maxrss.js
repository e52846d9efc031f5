// Preloaded (NODE_OPTIONS=--require) by bench/run.ts when GNU time is not available: every node process of a
// measured command appends its peak resident set size (KiB) to $BENCH_MAXRSS_FILE when it exits.
"use strict";
const file = process.env.BENCH_MAXRSS_FILE;
if (file) {
    process.on("exit", () => {
        try {
            require("fs").appendFileSync(file, `${process.resourceUsage().maxRSS}\n`);
        } catch {
            // best effort: a missing figure is reported as "n/a"
        }
    });
}
