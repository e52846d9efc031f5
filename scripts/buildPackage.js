// The package build (`npm run build`, scripts/build.js): tsconfig.build.json's program (package.ts and what it
// imports) emitted with declarations into OUT_DIR, removed first so a deleted source never ships, plus the platform's
// guardrails the Stamp checks settings against (config/guardrails.ts resolves platform/guardrails.yaml beside
// config/). What `tsc -p tsconfig.build.json --outDir OUT_DIR` does (TypeScript's executeCommandLine:
// createProgram, then emit; the diagnostics are the pre-emit ones and the emit's), through the compiler API so that
// `npm test` can hand it the type-check's program (`reuse`, scripts/testArtefacts.js): the source files both
// programs share are parsed and bound once (scripts/programReuse.js). The build's own checker still checks every
// file it emits.
"use strict";
const fs = require("fs");
const path = require("path");
const ts = require("typescript");
const { reusingHost } = require("./programReuse.js");

const ROOT = path.join(__dirname, "..");

/** Builds into `outDir`; `{ ok, output }` (the diagnostics as tsc prints them, "" when there are none). */
function buildPackage(outDir, reuse) {
    const configDiagnostics = [];
    const parsed = ts.getParsedCommandLineOfConfigFile(
        path.join(ROOT, "tsconfig.build.json"),
        { outDir },
        { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => configDiagnostics.push(d) },
    );
    const formatHost = {
        getCanonicalFileName: (f) => f,
        getCurrentDirectory: () => ROOT,
        getNewLine: () => "\n",
    };
    if (parsed === undefined) return { ok: false, output: ts.formatDiagnostics(configDiagnostics, formatHost) };
    fs.rmSync(outDir, { recursive: true, force: true });
    const host = reuse !== undefined ? reusingHost(reuse, parsed.options) : ts.createCompilerHost(parsed.options);
    const program = ts.createProgram({
        rootNames: parsed.fileNames,
        options: parsed.options,
        projectReferences: parsed.projectReferences,
        host,
        configFileParsingDiagnostics: ts.getConfigFileParsingDiagnostics(parsed),
    });
    const emitted = program.emit();
    const diagnostics = ts.sortAndDeduplicateDiagnostics([
        ...configDiagnostics,
        ...ts.getPreEmitDiagnostics(program),
        ...emitted.diagnostics,
    ]);
    fs.mkdirSync(path.join(outDir, "platform"), { recursive: true });
    fs.copyFileSync(path.join(ROOT, "platform", "guardrails.yaml"), path.join(outDir, "platform", "guardrails.yaml"));
    const errors = diagnostics.filter((d) => d.category === ts.DiagnosticCategory.Error).length;
    return { ok: errors === 0 && !emitted.emitSkipped, output: ts.formatDiagnostics(diagnostics, formatHost) };
}

module.exports = { buildPackage };
