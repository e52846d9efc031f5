// `npm run build`: the package's JavaScript and declarations in dist/ (tsconfig.build.json: package.ts and what it
// imports; no tests, scripts or stack files; scripts/buildPackage.js). dist/ is removed first so a deleted source file
// never ships.
// Usage: node scripts/build.js [OUT_DIR]   (default dist; the packaging test builds into a temporary copy).
"use strict";
const path = require("path");
const { buildPackage } = require("./buildPackage.js");

// Its options go through the shared parser (scripts/cli.ts, loaded by the project's TypeScript loader): only
// -h/--help; anything else that looks like an option is refused with the usage (exit 2), never used as a directory.
require("./register.js");
const { parseOptions, PROCESS_IO, usageError, Exit } = require("./cli.ts");
const BUILD_COMMAND = {
    name: "npm run build --",
    synopsis: ["[OUT_DIR]"],
    summary: "Builds the package's JavaScript and declarations into OUT_DIR (default dist), removed first.",
    options: {},
};
const args = process.argv.slice(2);
const parsed = parseOptions(
    BUILD_COMMAND,
    args.filter((a) => a.startsWith("-")),
    PROCESS_IO,
);
if (parsed instanceof Exit) process.exit(parsed.code);
const dirs = args.filter((a) => !a.startsWith("-"));
if (dirs.length > 1) process.exit(usageError(BUILD_COMMAND, PROCESS_IO, `Unexpected argument '${dirs[1]}'`).code);

const root = path.join(__dirname, "..");
const { ok, output } = buildPackage(path.resolve(root, dirs[0] || "dist"));
if (output !== "") process.stdout.write(output);
process.exit(ok ? 0 : 1);
