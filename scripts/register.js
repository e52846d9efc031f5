// Loads TypeScript sources transpile-only: type-checking happens once, in `tsc --noEmit` (npm test).
// Used by the offline plan, the scripts and mocha (see .mocharc.json).
//
// Why not ts-node: loading `typescript` costs ~0.3 s and transpiling every project file again on each run costs
// more (docs/performance.md). Here each .ts file is transpiled with TypeScript's own `ts.transpileModule` (the same
// per-file, isolated-modules transpile ts-node's transpileOnly mode does) and the output is cached on disk, keyed
// by a hash of the TypeScript version, the compiler options, the file's name and its content. Not its directory: the
// output names the file only (the inline source map's `sources` is the base name), so a clone or worktree of the
// project at another path (the CI harness's runners, tests/ci/harness.ts) reuses the same entries. `typescript` itself is
// only loaded when a file is not in the cache. Stack traces keep pointing at the .ts lines through inline source
// maps (Node's own source-map support, enabled below).
//
// Cache directory: $AML_STAMP_TS_CACHE, else `.cache/ts` under the project root (git-ignored). Entries are never
// stale (content-addressed); delete the directory to reclaim space. mocha fills it before its workers start
// (warmCache, tests/warmTranspile.ts): on a first run they would each transpile the same files.
//
// The same preload leaves the SDK's function serializer to be loaded on first use (scripts/sdkOnDemand.js).
"use strict";
require("./sdkOnDemand.js");
const fs = require("fs");
const path = require("path");
const crypto = require("crypto");

const ROOT = path.join(__dirname, "..");
const CACHE_DIR = process.env.AML_STAMP_TS_CACHE || path.join(ROOT, ".cache", "ts");
const TSCONFIG = path.join(ROOT, "tsconfig.json");

let ts; // loaded lazily, on the first cache miss
function typescript() {
    if (ts === undefined) ts = require("typescript");
    return ts;
}

function readTsconfig() {
    const text = fs.readFileSync(TSCONFIG, "utf8");
    let json;
    try {
        json = JSON.parse(text);
    } catch {
        // tsconfig with comments or trailing commas: let TypeScript parse it (rare; costs the typescript load).
        json = typescript().parseConfigFileTextToJson(TSCONFIG, text).config;
    }
    return json || {};
}
const TSCONFIG_JSON = readTsconfig();
const INCLUDE = Array.isArray(TSCONFIG_JSON.include) ? TSCONFIG_JSON.include : [];

/** tsconfig.json compilerOptions, adjusted for in-memory CommonJS output with inline source maps. */
function compilerOptions(json) {
    const options = { ...json.compilerOptions };
    for (const k of ["outDir", "sourceMap", "declaration", "declarationMap", "composite", "incremental", "noEmit"]) {
        delete options[k];
    }
    return { ...options, module: "commonjs", inlineSourceMap: true };
}

const OPTIONS = compilerOptions(TSCONFIG_JSON);
const TS_VERSION = JSON.parse(fs.readFileSync(require.resolve("typescript/package.json"), "utf8")).version;
const KEY_PREFIX = `${TS_VERSION}\0${JSON.stringify(OPTIONS)}\0`;

/** The cache entry of a file's transpiled output. */
function cachePath(source, filename) {
    const key = crypto
        .createHash("sha256")
        .update(KEY_PREFIX)
        .update(path.basename(filename))
        .update("\0")
        .update(source)
        .digest("hex");
    return path.join(CACHE_DIR, key.slice(0, 2), `${key}.js`);
}

function transpile(source, filename) {
    const cached = cachePath(source, filename);
    try {
        return fs.readFileSync(cached, "utf8");
    } catch {
        // not cached yet
    }
    const out = typescript().transpileModule(source, {
        fileName: filename,
        compilerOptions: OPTIONS,
        reportDiagnostics: false,
    });
    try {
        fs.mkdirSync(path.dirname(cached), { recursive: true });
        // Write then rename: concurrent processes (parallel mocha, two plans) never read a half-written entry.
        const tmp = `${cached}.${process.pid}.tmp`;
        fs.writeFileSync(tmp, out.outputText);
        fs.renameSync(tmp, cached);
    } catch {
        // read-only checkout: still works, just uncached
    }
    return out.outputText;
}

// Stack traces point at .ts lines. Node's own `process.setSourceMapsEnabled(true)` would do it but also reads the
// source map of every node_modules file loaded afterwards (+0.3 s per run, most of it @pulumi/pulumi), so only our
// transpiled files are mapped, lazily, when a stack trace is actually formatted.
const { SourceMap } = require("module");
const compiled = new Map(); // filename -> transpiled code, replaced by its SourceMap (or null) on first use
function sourceMapOf(file) {
    let entry = compiled.get(file);
    if (typeof entry === "string") {
        const m = /\/\/# sourceMappingURL=data:application\/json;base64,([A-Za-z0-9+/=]+)\s*$/.exec(entry);
        entry = m ? new SourceMap(JSON.parse(Buffer.from(m[1], "base64").toString("utf8"))) : null;
        compiled.set(file, entry);
    }
    return entry;
}
/** Where a call site of ours is in the .ts source: [line, column], or undefined (not ours, or not mapped). */
function originalPosition(file, line, column) {
    const map = sourceMapOf(file);
    const found = map && line !== null && column !== null ? map.findEntry(line - 1, column - 1) : undefined;
    return found && found.originalLine !== undefined ? [found.originalLine + 1, found.originalColumn + 1] : undefined;
}
/** The call site as seen in the .ts source (line, column and text), or the call site itself if not ours. */
function mapFrame(frame) {
    const file = frame.getFileName();
    if (!file || !compiled.has(file)) return frame;
    const line = frame.getLineNumber();
    const column = frame.getColumnNumber();
    const at = originalPosition(file, line, column);
    if (at === undefined) return frame;
    const [l, c] = at;
    const text = frameText(frame);
    const override = { toString: () => text, getLineNumber: () => l, getColumnNumber: () => c };
    return new Proxy(frame, {
        get: (target, prop) =>
            override[prop] ?? (typeof target[prop] === "function" ? target[prop].bind(target) : target[prop]),
    });
}
/** A call site's text with our files' positions mapped to the .ts source, memoized per text. */
const mappedText = new Map();
function frameText(frame) {
    const text = String(frame);
    const file = frame.getFileName();
    if (!file || !compiled.has(file)) return text;
    let mapped = mappedText.get(text);
    if (mapped === undefined) {
        const [line, column] = [frame.getLineNumber(), frame.getColumnNumber()];
        const at = originalPosition(file, line, column);
        mapped = at === undefined ? text : text.replace(`${file}:${line}:${column}`, `${file}:${at[0]}:${at[1]}`);
        mappedText.set(text, mapped);
    }
    return mapped;
}
const formatStack = Error.prepareStackTrace; // Node's default formatter (or whoever set one before us)
// Node's own formatter only turns each call site into text (lib/internal/errors.js defaultPrepareStackTrace: the
// error's string, then "\n    at " + each frame) unless Node maps source maps itself. Then the frames can be passed as
// mapped text, cheaper than a mapped call-site object per frame. Any other formatter gets call-site objects.
const nodeFormatter =
    formatStack !== undefined && formatStack.name === "ErrorPrepareStackTrace" && !process.sourceMapsEnabled;
function format(error, frames) {
    if (formatStack === undefined) return [String(error), ...frames.map((f) => `    at ${mapFrame(f)}`)].join("\n");
    return formatStack(error, nodeFormatter ? frames.map(frameText) : frames.map(mapFrame));
}
// The SDK's per-promise traces (runtime/debuggable.js) are skipped where they are taken, by the offline runtime
// (offline/evaluate.ts): what is left to format is a thrown error's trace.
Error.prepareStackTrace = format;

require.extensions[".ts"] = function loadTs(module, filename) {
    if (filename.endsWith(".d.ts")) throw new Error(`cannot execute a declaration file: ${filename}`);
    const code = transpile(fs.readFileSync(filename, "utf8"), filename);
    compiled.set(filename, code);
    module._compile(code, filename);
};

/**
 * The project's .ts sources, as tsconfig.json `include` names them (`*.ts` or `DIR/` + `**` + `/*.ts`; other
 * patterns are left out: the list only decides what warmCache fills ahead).
 */
function projectSources() {
    const files = [];
    const walk = (dir, deep) => {
        let entries;
        try {
            entries = fs.readdirSync(dir, { withFileTypes: true });
        } catch {
            return;
        }
        for (const e of entries) {
            const full = path.join(dir, e.name);
            if (e.isDirectory() && deep && e.name !== "node_modules") walk(full, deep);
            else if (e.isFile() && e.name.endsWith(".ts") && !e.name.endsWith(".d.ts")) files.push(full);
        }
    };
    for (const pattern of INCLUDE) {
        const m = /^(?:(.+)\/\*\*\/)?\*\.ts$/.exec(pattern);
        if (m) walk(path.join(ROOT, m[1] ?? ""), m[1] !== undefined);
    }
    return files;
}

/**
 * Transpiles into the cache each of `files` not there yet; returns how many. Run once before processes that start
 * together (mocha's workers, tests/warmTranspile.ts), so they do not each transpile the same files on a first run.
 */
function warmCache(files) {
    let n = 0;
    for (const file of files) {
        const source = fs.readFileSync(file, "utf8");
        if (fs.existsSync(cachePath(source, file))) continue;
        transpile(source, file);
        n++;
    }
    return n;
}

module.exports = { projectSources, warmCache };
