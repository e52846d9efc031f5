// Part of the offline processes' preload (scripts/register.js): @pulumi/pulumi's runtime/index.js loads two modules
// at SDK load that only a function serializer needs: runtime/closure/serializeClosure (`pulumi.runtime.
// serializeFunction`: it loads `typescript`, 9 MB of JavaScript) and runtime/closure/codePaths (`computeCodePaths`:
// npm's @npmcli/arborist and ~300 modules of its). The plan, the scripts and the tests never serialize a function,
// yet each paid ~0.3 s CPU for them. Here each module is stood in for by functions that load the real one on their
// first call and forward to it, so nothing the SDK does changes, only when those modules load. `pulumi preview`/`up`
// load the SDK as it is (they do not use this preload). tests/register.spec.ts checks the stand-ins export what the
// installed SDK's modules export, and that both still work.
"use strict";
const fs = require("fs");
const Module = require("module");
const path = require("path");

/** Module (under the SDK's runtime/closure) → the functions it exports. */
const ON_DEMAND = {
    serializeClosure: ["serializeFunction", "serializeFunctionAsync"],
    codePaths: ["computeCodePaths", "findWorkspaceRoot"],
};

function standIn(file, names) {
    const module = new Module(file, null);
    module.filename = file;
    module.loaded = true;
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
        exports[name] = function onDemand(...args) {
            return load()[name].apply(this, args);
        };
    }
    module.exports = exports;
    return module;
}

function install() {
    let sdk;
    try {
        sdk = path.dirname(require.resolve("@pulumi/pulumi"));
    } catch {
        return; // no SDK here: nothing to stand in for
    }
    for (const [name, exports] of Object.entries(ON_DEMAND)) {
        const file = path.join(sdk, "runtime", "closure", `${name}.js`);
        // Loaded already, or not where this SDK version keeps it: left as the SDK loads it.
        if (require.cache[file] !== undefined || !fs.existsSync(file)) continue;
        require.cache[file] = standIn(file, exports);
    }
}

install();
