// Loads TypeScript sources transpile-only: type-checking happens once, in `tsc --noEmit` (npm test).
// Used by the offline plan, the scripts and mocha (see .mocharc.json).
process.env.TS_NODE_TRANSPILE_ONLY = "true";
process.env.TS_NODE_PROJECT = process.env.TS_NODE_PROJECT || require("path").join(__dirname, "..", "tsconfig.json");
require("ts-node").register({ transpileOnly: true, compilerOptions: { module: "commonjs" } });
