/**
 * The naive variant: the same program, azure-native imported from the package root, type-checked by ts-node. A
 * generated copy in os.tmpdir(), never committed (the lint rule forbids root imports in project code).
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

/** The package root the naive variant imports (only ever written into the generated temp copy). */
const AZURE_NATIVE_ROOT = ["@pulumi", "azure-native"].join("/");

/** `import * as x from "@pulumi/azure-native/a/b"` and `import { p, q as r } from ...` → root imports. */
export function rootImports(source: string, counter: { n: number }): string {
    const re = /^import\s+(type\s+)?(\*\s+as\s+(\w+)|\{([^}]*)\})\s+from\s+["']@pulumi\/azure-native\/([\w/]+)["'];?/gm;
    return source.replace(
        re,
        (_all, _typeOnly: string | undefined, _clause, ns: string | undefined, named, sub: string) => {
            const [head, ...rest] = sub.split("/");
            const local = `__azureNative${counter.n++}`;
            const lines = [`import { ${head} as ${local} } from "${AZURE_NATIVE_ROOT}";`];
            const target = [local, ...rest].join(".");
            // `import type x = a.b` is not TypeScript (TS1392): an alias is always `import x = a.b`, and TypeScript
            // elides it when only types use it.
            const kw = "import";
            if (ns !== undefined) {
                lines.push(`${kw} ${ns} = ${target};`);
            } else {
                for (const spec of String(named)
                    .split(",")
                    .map((s) => s.trim())
                    .filter((s) => s.length > 0)) {
                    const m = /^(?:type\s+)?(\w+)(?:\s+as\s+(\w+))?$/.exec(spec);
                    if (!m) throw new Error(`cannot rewrite import specifier "${spec}"`);
                    lines.push(`${kw} ${m[2] ?? m[1]} = ${target}.${m[1]};`);
                }
            }
            return lines.join(" ");
        },
    );
}

/** Copies the project to a temp dir with every azure-native submodule import rewritten to the package root. */
export function buildNaiveVariant(root: string): { dir: string; rewritten: number } {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aml-stamp-naive-"));
    const skip = new Set(["node_modules", ".git", ".cache", "bin", "bench", "tests", "docs"]);
    fs.cpSync(root, dir, { recursive: true, filter: (src) => src === root || !skip.has(path.basename(src)) });
    fs.symlinkSync(fs.realpathSync(path.join(root, "node_modules")), path.join(dir, "node_modules"), "dir");
    const counter = { n: 0 };
    const walk = (d: string): void => {
        for (const e of fs.readdirSync(d, { withFileTypes: true })) {
            const p = path.join(d, e.name);
            if (e.isDirectory() && e.name !== "node_modules") walk(p);
            else if (e.isFile() && e.name.endsWith(".ts") && !e.name.endsWith(".d.ts")) {
                const src = fs.readFileSync(p, "utf8");
                const out = rootImports(src, counter);
                // An import statement left (a doc comment quoting the form is not one).
                if (/^(?:import|export|\})[^\n]*["']@pulumi\/azure-native\//m.test(out))
                    throw new Error(`${p}: a submodule import was not rewritten`);
                if (out !== src) fs.writeFileSync(p, out);
            }
        }
    };
    try {
        walk(dir);
        if (counter.n === 0) throw new Error("naive variant: no azure-native import found to rewrite");
    } catch (err) {
        // The caller never gets the directory to remove: remove it here.
        fs.rmSync(dir, { recursive: true, force: true });
        throw err;
    }
    return { dir, rewritten: counter.n };
}
