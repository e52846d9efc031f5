// Part of the offline processes' preload (scripts/register.js): @pulumi/pulumi's runtime/index.js loads two modules
// at SDK load that only a function serializer needs: runtime/closure/serializeClosure (`pulumi.runtime.
// serializeFunction`: it loads `typescript`, 9 MB of JavaScript) and runtime/closure/codePaths (`computeCodePaths`:
// npm's @npmcli/arborist and ~300 modules of its). The plan, the scripts and the tests never serialize a function,
// yet each paid ~0.3 s CPU for them. Here each module is stood in for by functions that load the real one on their
// first call and forward to it, so nothing the SDK does changes, only when those modules load. `pulumi preview`/`up`
// load the SDK as it is (they do not use this preload). tests/register.spec.ts checks the stand-ins export what the
// installed SDK's modules export, and that both still work. The mechanism, one SDK module replaced in the module
// cache, is exported for the type-check stage's schema (scripts/programReuse.js).
"use strict";
const fs = require("fs");
const Module = require("module");
const path = require("path");

/** Module (under the SDK's runtime/closure) → the functions it exports. */
const ON_DEMAND = {
    serializeClosure: ["serializeFunction", "serializeFunctionAsync"],
    codePaths: ["computeCodePaths", "findWorkspaceRoot"],
};

/**
 * Puts `exports` in the module cache as the SDK's module `rel` (a path under @pulumi/pulumi), so every `require` of
 * it gets them. Returns false, changing nothing, where that module is loaded already or not where this SDK version
 * keeps it (or there is no SDK): it then loads as the SDK has it. Also used by scripts/programReuse.js.
 */
function replaceSdkModule(rel, exports) {
    let sdk;
    try {
        sdk = path.dirname(require.resolve("@pulumi/pulumi"));
    } catch {
        return false;
    }
    const file = path.join(sdk, rel);
    if (require.cache[file] !== undefined || !fs.existsSync(file)) return false;
    const module = new Module(file, null);
    module.filename = file;
    module.loaded = true;
    module.exports = typeof exports === "function" ? exports(file) : exports;
    require.cache[file] = module;
    return true;
}

/** Functions named `names` that load the module `file` on their first call and forward to it. */
function onDemand(names) {
    return (file) => {
        let real;
        const load = () => {
            if (real === undefined) {
                delete require.cache[file];
                real = require(file);
            }
            return real;
        };
        const exports = {};
        Object.defineProperty(exports, "__esModule", { value: true });
        for (const name of names) {
            exports[name] = function forward(...args) {
                return load()[name].apply(this, args);
            };
        }
        return exports;
    };
}

for (const [name, names] of Object.entries(ON_DEMAND)) {
    replaceSdkModule(path.join("runtime", "closure", `${name}.js`), onDemand(names));
}

module.exports = { replaceSdkModule };
