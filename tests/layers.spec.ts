/**
 * The layers (docs/architecture.md): a module imports only from its own layer and the layers below it, so that the
 * stamp (lib/, config/, components/, the programs) never depends on the tooling around it (offline/, policy/,
 * scripts/, bench/, tests/). Checked on every relative import and require of every TypeScript file.
 */
import assert from "node:assert/strict";
import * as fs from "fs";
import * as path from "path";
import { relativeImports } from "../lib/permissions";
import { programSources } from "../scripts/permissionsDocs";

const ROOT = path.join(__dirname, "..");

/** Each top-level home and what it may import (besides itself). Files at the root are programs or entry points. */
const MAY_IMPORT: Readonly<Record<string, readonly string[]>> = {
    lib: [],
    config: ["lib"],
    components: ["lib"],
    "(root)": ["lib", "config", "components"],
    platform: ["lib", "config", "components"],
    policy: ["lib"],
    offline: ["lib", "config", "components", "(root)", "platform", "policy"],
    scripts: ["lib", "config", "components", "(root)", "platform", "policy", "offline"],
    bench: ["lib", "config", "components", "(root)", "platform", "policy", "offline", "scripts"],
    examples: ["(root)", "components", "lib"],
};

/** Single files allowed one more home, and why. */
const EXCEPTIONS: Readonly<Record<string, { readonly home: string; readonly why: string }>> = {
    "components/stamp.ts": {
        home: "config",
        why: "the package's boundary: the Stamp validates, defaults and resolves its args with config/ (resolveStampArgs) before it declares anything, so every consumer gets the stack's rules; its children take resolved values",
    },
};

function homeOf(file: string): string {
    const rel = path.relative(ROOT, file).split(path.sep);
    return rel.length === 1 ? "(root)" : rel[0]!;
}

function sources(dir: string): string[] {
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
        const p = path.join(dir, e.name);
        if (e.isDirectory())
            return ["node_modules", ".git", ".cache", "dist", "tests"].includes(e.name) ? [] : sources(p);
        return e.name.endsWith(".ts") && !e.name.endsWith(".d.ts") ? [p] : [];
    });
}

/** Relative imports that are loaded at run time (type-only imports are erased by the transpile). */
function runtimeImports(text: string): string[] {
    const found: string[] = [];
    const re =
        /^\s*(?:import|export)\s+(?!type\s)(?:[^;]*?\sfrom\s+)?["'](\.[^"']+)["']|require\(\s*["'](\.[^"']+)["']\s*\)|import\(\s*["'](\.[^"']+)["']\s*\)/gm;
    for (const m of text.matchAll(re)) found.push((m[1] ?? m[2] ?? m[3])!);
    return found;
}

describe("layers: lower homes never import higher ones", () => {
    const files = sources(ROOT);

    it("finds the project's sources", () => {
        for (const f of ["lib/roles.ts", "config/index.ts", "components/stamp.ts", "offline/evaluate.ts", "index.ts"]) {
            assert.ok(files.includes(path.join(ROOT, f)), f);
        }
    });

    it("every run-time import goes to the file's own home or one it may import", () => {
        const problems: string[] = [];
        for (const file of files) {
            const home = homeOf(file);
            const allowed = MAY_IMPORT[home];
            if (allowed === undefined) {
                problems.push(`${path.relative(ROOT, file)}: home "${home}" has no layer in this test`);
                continue;
            }
            for (const spec of runtimeImports(fs.readFileSync(file, "utf8"))) {
                const target = homeOf(path.resolve(path.dirname(file), spec));
                const exception = EXCEPTIONS[path.relative(ROOT, file).split(path.sep).join("/")];
                if (target !== home && !allowed.includes(target) && exception?.home !== target) {
                    problems.push(`${path.relative(ROOT, file)} imports ${spec} (${target}/)`);
                }
            }
        }
        assert.deepEqual(problems, []);
    });

    it("components/ holds what a team stamp declares: every file in it is reached from the team program (index.ts)", () => {
        const sources = programSources(ROOT);
        const text = new Map(sources.map((f) => [f.file, f.text]));
        const reached = new Set<string>();
        const todo = ["index.ts"];
        while (todo.length > 0) {
            const f = todo.pop()!;
            const t = text.get(f) ?? text.get(f.replace(/\.ts$/, "/index.ts"));
            if (t === undefined || reached.has(f)) continue;
            reached.add(f);
            todo.push(...relativeImports(f, t));
        }
        const platformOnly = sources.map((f) => f.file).filter((f) => f.startsWith("components/") && !reached.has(f));
        assert.deepEqual(platformOnly, [], "only the platform uses these: move them to platform/components/");
    });
});
