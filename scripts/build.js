// `npm run build`: the package's JavaScript and declarations in dist/ (tsconfig.build.json: package.ts and what it
// imports; no tests, scripts or stack files). dist/ is removed first so a deleted source file never ships.
// Usage: node scripts/build.js [outDir]   (default dist; the packaging test builds into a temporary copy).
"use strict";
const { execFileSync } = require("child_process");
const fs = require("fs");
const path = require("path");

const root = path.join(__dirname, "..");
const outDir = path.resolve(root, process.argv[2] || "dist");
fs.rmSync(outDir, { recursive: true, force: true });
execFileSync(
    process.execPath,
    [require.resolve("typescript/bin/tsc"), "-p", path.join(root, "tsconfig.build.json"), "--outDir", outDir],
    { cwd: root, stdio: "inherit" },
);
