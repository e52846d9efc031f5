/**
 * aml-stamp as an npm package: what `npm pack` ships (and what it must never ship), and a team's program consuming
 * the packed tarball by name (examples/typescript), type-checked against the packed declarations and evaluated
 * offline under the stacks' mocks. Everything happens in a temporary copy of the repository (removed afterwards):
 * the build's dist/ never lands in the working tree.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "fs";
import { builtinModules, createRequire } from "node:module";
import * as os from "os";
import * as path from "path";
import { parse } from "yaml";
import { evaluate, type Evaluation } from "../offline/evaluate";
import { ROOT } from "../offline/stackConfig";
import { sharedBuild } from "./sharedBuild";

interface PackageJson {
    name: string;
    version: string;
    main: string;
    types: string;
    exports: Record<string, unknown>;
    files: string[];
    license: string;
    private?: boolean;
    dependencies: Record<string, string>;
    devDependencies: Record<string, string>;
}
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as PackageJson;

/**
 * What may ship: the manifest, the legal and release texts, the schema, compiled JavaScript and declarations, and the
 * platform's guardrails the Stamp checks settings against (config/guardrails.ts, copied by scripts/build.js).
 */
const SHIPPABLE =
    /^(package\.json|LICENSE|README\.md|CHANGELOG\.md|schema\.json|dist\/[\w/.-]+\.(js|d\.ts)|dist\/platform\/guardrails\.yaml)$/;
/**
 * npm always packs the file `main` names (docs.npmjs.com, package.json "files": "Certain files are always included").
 * `main` is the plugin entry (plugin.ts, for the Node.js language host): inert in the npm package, because Node and
 * TypeScript resolve `aml-stamp` through `exports`/`types` and never read `main` when `exports` exists.
 */
const MAIN = "plugin.ts";

function npm(args: string[], cwd: string): string {
    return execFileSync("npm", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

/** The repository's files as a clean checkout has them (tracked, plus new files not ignored). */
function copyRepository(dest: string): void {
    const files = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], {
        cwd: ROOT,
        encoding: "utf8",
    })
        .split("\0")
        .filter((f) => f !== "" && fs.existsSync(path.join(ROOT, f)) && !f.startsWith("node_modules"));
    for (const f of files) {
        fs.mkdirSync(path.dirname(path.join(dest, f)), { recursive: true });
        fs.copyFileSync(path.join(ROOT, f), path.join(dest, f));
    }
    fs.symlinkSync(fs.realpathSync(path.join(ROOT, "node_modules")), path.join(dest, "node_modules"), "dir");
}

describe("package: the stack program is index.ts, never the package entry points", () => {
    it("Pulumi.yaml names index.ts as `main`", () => {
        // Without it, `pulumi up` would run package.json `exports` (dist/package.js: declares nothing, so every
        // resource of the stack would be deleted) or `main` (plugin.ts) — pulumi/pulumi sdk/nodejs/cmd/run/run.ts.
        const project = parse(fs.readFileSync(path.join(ROOT, "Pulumi.yaml"), "utf8")) as { main?: string };
        assert.equal(project.main, "index.ts");
    });
    it("package.json: public, semver, Apache-2.0, exports with types, plugin entry as main", () => {
        assert.equal(pkg.private, undefined, "not private: it is published");
        assert.match(pkg.version, /^\d+\.\d+\.\d+$/);
        assert.equal(pkg.license, "Apache-2.0");
        assert.deepEqual(pkg.exports["."], { types: "./dist/package.d.ts", default: "./dist/package.js" });
        assert.equal(pkg.types, "./dist/package.d.ts");
        // A hand-run `npm pack`/`npm publish` builds first, so dist/ is never stale or missing in a tarball.
        assert.equal(
            (pkg as unknown as { scripts: Record<string, string> }).scripts["prepack"],
            "node scripts/build.js",
        );
        // `main` is what the Node.js language host loads as the plugin (PulumiPlugin.yaml): `require(<plugin dir>)`
        // (ts-node registers .ts), and what the schema analyzer starts from (exports' dist/ has no source to map to).
        assert.equal(pkg.main, MAIN);
        assert.ok(fs.existsSync(path.join(ROOT, MAIN)));
    });
    it("LICENSE is the full Apache License 2.0 text", () => {
        const text = fs.readFileSync(path.join(ROOT, "LICENSE"), "utf8");
        assert.match(text, /^\s*Apache License\s+Version 2\.0, January 2004/);
        assert.ok(text.includes("TERMS AND CONDITIONS FOR USE, REPRODUCTION, AND DISTRIBUTION"));
        assert.ok(text.includes("END OF TERMS AND CONDITIONS"));
        assert.ok(text.includes("APPENDIX: How to apply the Apache License to your work."));
    });
});

describe("package: npm pack", function () {
    this.timeout(600_000);
    let tmp: string;
    let copy: string;
    let listing: string[];
    let tarball: string;
    let packed: PackageJson;

    before(async () => {
        tmp = fs.mkdtempSync(path.join(os.tmpdir(), "aml-stamp-pack-"));
        copy = path.join(tmp, "repo");
        copyRepository(copy);
        // What a working tree can hold that must never ship: secrets, caches, local Azure ML config.
        fs.writeFileSync(path.join(copy, ".env"), "AZURE_CLIENT_SECRET=planted-by-the-test\n");
        fs.mkdirSync(path.join(copy, ".cache", "ts"), { recursive: true });
        fs.writeFileSync(path.join(copy, ".cache", "ts", "planted.js"), "// cache\n");
        fs.mkdirSync(path.join(copy, ".azureml"));
        fs.writeFileSync(path.join(copy, ".azureml", "config.json"), "{}\n");
        // The run's `npm run build` of these sources (tests/sharedBuild.ts: built once, also shipped by release.yml's
        // jobs), as the copy's dist/; packed once (npm's --json report lists what the tarball holds).
        fs.cpSync(await sharedBuild(), path.join(copy, "dist"), { recursive: true });
        const report = JSON.parse(
            npm(["pack", "--json", "--ignore-scripts", "--pack-destination", tmp], copy),
        ) as Array<{
            filename: string;
            files: Array<{ path: string }>;
        }>;
        tarball = path.join(tmp, report[0]!.filename);
        listing = report[0]!.files.map((f) => f.path).sort();
        packed = JSON.parse(fs.readFileSync(path.join(copy, "package.json"), "utf8")) as PackageJson;
    });
    after(() => fs.rmSync(tmp, { recursive: true, force: true }));

    it("ships the manifest, LICENSE, README, CHANGELOG, schema.json and the entry point with declarations", () => {
        for (const f of [
            "package.json",
            "LICENSE",
            "README.md",
            "CHANGELOG.md",
            "schema.json",
            "dist/package.js",
            "dist/package.d.ts",
            "dist/platform/guardrails.yaml",
        ]) {
            assert.ok(listing.includes(f), `${f} is not in the package: ${listing.join(", ")}`);
        }
        const entry = fs.readFileSync(path.join(ROOT, "package.ts"), "utf8");
        const modules = [...entry.matchAll(/from "\.\/([\w/]+)"/g)].map((m) => m[1]!);
        assert.ok(modules.length > 0, "package.ts re-exports modules");
        for (const m of modules) {
            const base = `dist/${m}`;
            assert.ok(listing.includes(`${base}.js`) && listing.includes(`${base}.d.ts`), base);
        }
    });

    it("ships nothing else: no tests, stack files, secrets, caches, TypeScript sources, scripts or policy pack", () => {
        const extra = listing.filter((f) => !SHIPPABLE.test(f) && f !== MAIN);
        assert.deepEqual(extra, []);
        for (const f of listing.filter((x) => x !== MAIN)) {
            assert.doesNotMatch(f, /(^|\/)(tests?|scripts|policy|bench|examples|\.github|\.cache|\.azureml)\//, f);
            assert.doesNotMatch(f, /^Pulumi\.|\.env|PulumiPlugin\.yaml|\.ts$(?<!\.d\.ts)|\.map$/, f);
        }
    });

    it("loads only its own files and declared dependencies (never a devDependency), from the entry point on", () => {
        // The require graph from dist/package.js, as Node loads it (type-only imports are erased, so modules that
        // are shipped but never loaded, e.g. dist/config/index.js, do not count).
        const builtins = new Set(builtinModules);
        const seen = new Set<string>();
        const queue = ["dist/package.js"];
        while (queue.length > 0) {
            const f = queue.shift()!;
            if (seen.has(f)) continue;
            seen.add(f);
            assert.ok(listing.includes(f), `${f} is loaded but not shipped`);
            const code = fs.readFileSync(path.join(copy, f), "utf8");
            for (const [, spec] of code.matchAll(/require\("([^"]+)"\)/g)) {
                if (spec!.startsWith(".")) {
                    const target = path.posix.normalize(path.posix.join(path.posix.dirname(f), spec!));
                    queue.push(listing.includes(`${target}.js`) ? `${target}.js` : `${target}/index.js`);
                } else if (!spec!.startsWith("node:") && !builtins.has(spec!)) {
                    const name = spec!.startsWith("@") ? spec!.split("/").slice(0, 2).join("/") : spec!.split("/")[0]!;
                    assert.ok(name in packed.dependencies, `${f} requires ${spec}, which is not in dependencies`);
                }
            }
        }
        assert.ok(seen.has("dist/components/stamp.js"), "the entry point loads the Stamp");
    });

    describe("examples/typescript consumes the packed package by name", () => {
        let consumer: string;
        let evaluation: Evaluation;
        let emptyStack: Evaluation;
        before(async () => {
            consumer = path.join(tmp, "consumer");
            const modules = path.join(consumer, "node_modules");
            fs.mkdirSync(modules, { recursive: true });
            for (const f of fs.readdirSync(path.join(ROOT, "examples", "typescript"))) {
                fs.copyFileSync(path.join(ROOT, "examples", "typescript", f), path.join(consumer, f));
            }
            // `npm install ./aml-stamp-<version>.tgz`, offline: unpack the tarball, link its dependencies.
            execFileSync("tar", ["-xzf", tarball, "-C", modules]);
            fs.renameSync(path.join(modules, "package"), path.join(modules, "aml-stamp"));
            for (const dep of [...Object.keys(packed.dependencies), "@types/node"]) {
                const link = path.join(modules, dep);
                fs.mkdirSync(path.dirname(link), { recursive: true });
                fs.symlinkSync(fs.realpathSync(path.join(ROOT, "node_modules", dep)), link, "dir");
            }
            evaluation = await evaluate({ program: path.join(consumer, "index.ts") });
            // This repository's program with a stack file that sets only team and environment.
            emptyStack = await evaluate({
                stackDoc: { config: { "aml-stamp:team": "vision", "aml-stamp:environment": "dev" } },
            });
        });

        it("resolves `aml-stamp` to the packed dist/package.js", () => {
            // From the consumer's own file (not this test's: inside this repository `aml-stamp` is a self-reference).
            const entry = path.join(consumer, "node_modules", "aml-stamp", "dist", "package.js");
            assert.equal(createRequire(path.join(consumer, "index.ts")).resolve("aml-stamp"), entry);
            assert.ok(require.cache[entry], "the evaluation loaded the packed package");
        });

        it("type-checks against the packed declarations (strict; the example and the declarations it imports)", () => {
            const tsc = path.join(ROOT, "node_modules", "typescript", "bin", "tsc");
            try {
                execFileSync(process.execPath, [tsc, "-p", path.join(consumer, "tsconfig.json")], {
                    cwd: consumer,
                    encoding: "utf8",
                    stdio: "pipe",
                });
            } catch (err) {
                assert.fail(`tsc failed:\n${(err as { stdout?: string }).stdout ?? String(err)}`);
            }
        });

        it("declares the Stamp from team and environment alone: the resources of an empty stack file here", () => {
            const shape = (e: Evaluation) =>
                e.resources.map((r) => ({ urn: r.urn, type: r.type, parent: r.parent, inputs: r.inputs }));
            assert.ok(evaluation.resources.some((r) => r.type === "aml-stamp:index:Stamp"));
            assert.ok(evaluation.resources.some((r) => r.type === "azure-native:machinelearningservices:Workspace"));
            assert.deepEqual(shape(evaluation), shape(emptyStack));
        });

        it("exports the same outputs, with the same values and secrecy, as this repository's stack", () => {
            assert.deepEqual(Object.keys(evaluation.outputs), Object.keys(emptyStack.outputs));
            assert.deepEqual(evaluation.outputs, emptyStack.outputs);
            assert.equal(evaluation.outputs["servicePrincipalEnv"]?.secret, true);
        });
    });
});
