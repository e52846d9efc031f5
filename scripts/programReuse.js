// One TypeScript program's parsed and bound source files, handed to another program of the same sources, as
// TypeScript's language service shares them between projects (its DocumentRegistry): azure-native's 420,000 lines of
// declarations are read once. Used where `npm test` makes what the tests compare from its type-check's program
// (scripts/testArtefacts.js): the package build (scripts/buildPackage.js) and the SDK's schema analyzer.
"use strict";
const path = require("path");
const ts = require("typescript");
const { replaceSdkModule } = require("./sdkOnDemand.js");

const ROOT = path.join(__dirname, "..");

/**
 * The program of tsconfig.json as `tsc --noEmit` builds it: `{ program, diagnostics }`, the config file's
 * diagnostics (no program when it cannot be read).
 */
function rootProgram() {
    const diagnostics = [];
    const parsed = ts.getParsedCommandLineOfConfigFile(
        path.join(ROOT, "tsconfig.json"),
        { noEmit: true },
        { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => diagnostics.push(d) },
    );
    if (parsed === undefined) return { program: undefined, diagnostics };
    const program = ts.createProgram({
        rootNames: parsed.fileNames,
        options: parsed.options,
        projectReferences: parsed.projectReferences,
        configFileParsingDiagnostics: ts.getConfigFileParsingDiagnostics(parsed),
    });
    return { program, diagnostics };
}

/**
 * A compiler host for `options` whose source files are `reuse`'s where it has them. A file `reuse` parsed for the
 * same target (the only option parsing depends on here: every program of this repository is CommonJS with Node's
 * module resolution, tsconfig.json's) is that program's SourceFile object; any other file is parsed as usual.
 */
function reusingHost(reuse, options) {
    const host = ts.createCompilerHost(options);
    const parse = host.getSourceFile;
    const same = reuse.getCompilerOptions().target === options.target;
    host.getSourceFile = (fileName, languageVersion, ...rest) =>
        (same && reuse.getSourceFile(fileName)) || parse.call(host, fileName, languageVersion, ...rest);
    return host;
}

/**
 * Makes the Pulumi SDK's component analyzer (@pulumi/pulumi provider/experimental/analyzer.js, which builds its own
 * program of tsconfig.json with `ts.createProgram({ rootNames, options })`) build it on `reuse`'s source files. The
 * analyzer takes TypeScript from the SDK's typescript-shim.js (`module.exports = require("typescript")`); here that
 * module is this process's TypeScript with a `createProgram` that adds the reusing host. Call before the SDK's
 * provider/experimental is loaded. Returns false, changing nothing, where the shim is already loaded or not where
 * this SDK version keeps it: the analyzer then parses for itself, slower, same schema.
 */
function analyzerReusing(reuse) {
    return replaceSdkModule(
        "typescript-shim.js",
        Object.create(ts, {
            createProgram: {
                value(first, ...rest) {
                    const own = first !== null && typeof first === "object" && !Array.isArray(first);
                    if (!own || first.host !== undefined) return ts.createProgram(first, ...rest);
                    return ts.createProgram({ ...first, host: reusingHost(reuse, first.options) });
                },
            },
        }),
    );
}

module.exports = { rootProgram, reusingHost, analyzerReusing };
