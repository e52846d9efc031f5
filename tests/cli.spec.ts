/**
 * One rule for every command line (scripts/cli.ts), swept over every flag of every npm script: the flags come from
 * each command's own declaration, so a new flag (or a new script in package.json) is covered without touching this
 * file. Each command runs in-process through its `main(argv, io)`; one child process checks npm's script wiring.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { type AnyCommand, flag, type Io, qualifiedStackNameProblem, stackNameProblem } from "../scripts/cli";
import { BENCH_COMMAND, main as bench } from "../bench/run";
import { CI_STACKS_COMMAND, main as ciStacks } from "../scripts/ciStacks";
import { CONFIG_DOCS_COMMAND, main as configDocs } from "../scripts/configDocs";
import { PREVIEW_GATE_COMMAND, main as previewGate } from "../scripts/previewGate";
import { PERMISSIONS_DOCS_COMMAND, main as permissionsDocs } from "../scripts/permissionsDocs";
import { DRIFT_REPORT_COMMAND, main as driftReport } from "../scripts/drift";
import { GH_VARIABLES_COMMAND, main as ghVariables } from "../scripts/ghVariables";
import { main as newTeam, NEW_TEAM_COMMAND } from "../scripts/newTeam";
import { main as plan, PLAN_COMMAND } from "../scripts/plan";
import { main as policyDocs, POLICY_DOCS_COMMAND } from "../scripts/policyDocs";
import { FILE_MAP_DOCS_COMMAND, main as fileMapDocs } from "../scripts/fileMapDocs";
import { main as releaseNotes, RELEASE_NOTES_COMMAND } from "../scripts/releaseNotes";
import { main as schema, SCHEMA_COMMAND } from "../scripts/schema";
import { main as writeCredentials, WRITE_CREDENTIALS_COMMAND } from "../scripts/writeCredentials";
import { listStacks, ROOT } from "../offline/stackConfig";
import { captureIo } from "./helpers";

interface Run {
    readonly code: number;
    readonly out: string;
    readonly err: string;
}

type Main = (argv: readonly string[], io: Io) => number | Promise<number>;

/** Every npm script that parses options, by its package.json name. */
const COMMANDS: Readonly<Record<string, { readonly cmd: AnyCommand; readonly main: Main }>> = {
    plan: { cmd: PLAN_COMMAND, main: plan },
    "new-team": { cmd: NEW_TEAM_COMMAND, main: (argv, io) => newTeam(argv, io) },
    "write-credentials": { cmd: WRITE_CREDENTIALS_COMMAND, main: (argv, io) => writeCredentials(argv, io) },
    "platform:gh-variables": { cmd: GH_VARIABLES_COMMAND, main: ghVariables },
    bench: { cmd: BENCH_COMMAND, main: bench },
    "release-notes": { cmd: RELEASE_NOTES_COMMAND, main: releaseNotes },
    "ci:stacks": { cmd: CI_STACKS_COMMAND, main: ciStacks },
    "docs:policy": { cmd: POLICY_DOCS_COMMAND, main: (argv, io) => policyDocs(argv, io) },
    "docs:files": { cmd: FILE_MAP_DOCS_COMMAND, main: (argv, io) => fileMapDocs(argv, io) },
    schema: { cmd: SCHEMA_COMMAND, main: (argv, io) => schema(argv, io) },
    "docs:config": { cmd: CONFIG_DOCS_COMMAND, main: configDocs },
    "docs:permissions": { cmd: PERMISSIONS_DOCS_COMMAND, main: permissionsDocs },
    "ci:preview-gate": { cmd: PREVIEW_GATE_COMMAND, main: previewGate },
    "drift:report": { cmd: DRIFT_REPORT_COMMAND, main: driftReport },
};

/** package.json scripts that are not option-taking commands (checks, tools, or an alias of build). */
const NOT_COMMANDS = new Set([
    "typecheck",
    "lint",
    "typecheck-and-lint",
    "format",
    "test:unit",
    "test",
    "format:check",
    "build",
    "prepack",
]);

async function run(main: Main, argv: readonly string[]): Promise<Run> {
    const c = captureIo();
    const code = await main(argv, c.io);
    return { code, out: c.out.join(""), err: c.err.join("") };
}

/** A usage error: exit 2, the message matching `message`, the usage, nothing on stdout, no stack trace. */
function assertUsage(r: Run, message: RegExp, what: string): void {
    assert.equal(r.code, 2, `${what}: exit ${r.code}\n${r.err}${r.out}`);
    assert.match(r.err, message, what);
    assert.match(r.err, /usage: npm run/, `${what}: usage printed`);
    assert.doesNotMatch(r.err, /\n\s+at /, `${what}: no stack trace`);
    assert.equal(r.out, "", `${what}: nothing on stdout`);
}

/** Values some option's check refuses: a path for a stack name, zero for a count. */
const BAD_VALUES = ["a/../../x", "0", "bad value!"];

/** A value the option accepts (its first choice, or a harmless one its check passes). */
function valueFor(spec: AnyCommand["options"][string]): string {
    if (spec.choices !== undefined) return spec.choices[0]!;
    for (const v of ["dev", "1", "x"]) if (spec.check?.(v) === undefined) return v;
    throw new Error("no sample value");
}

describe("every command line: one rule (scripts/cli.ts)", () => {
    it("covers every npm script that takes options (package.json)", () => {
        const scripts = Object.keys(
            (JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { scripts: object }).scripts,
        );
        assert.deepEqual(scripts.filter((s) => !NOT_COMMANDS.has(s)).sort(), Object.keys(COMMANDS).sort());
    });

    for (const [script, { cmd, main }] of Object.entries(COMMANDS)) {
        describe(`npm run ${script}`, () => {
            it("an unknown flag: usage, exit 2", async () => {
                assertUsage(await run(main, ["--bogus"]), /Unknown option '--bogus'/, `${script} --bogus`);
            });

            it("--help: exit 0, one line per option from its declaration", async () => {
                const r = await run(main, ["--help"]);
                assert.equal(r.code, 0, r.err);
                assert.equal(r.err, "");
                for (const [name, spec] of Object.entries(cmd.options)) {
                    const line = r.out.split("\n").find((l) => l.trimStart().startsWith(`--${name}`));
                    assert.ok(line !== undefined, `${script} --help lists --${name}:\n${r.out}`);
                    assert.ok(line.includes(flag(name, spec)), `${script} --help: ${line}`);
                    // new-team's help is its own text (scripts/newTeam.ts USAGE); the others print the declaration.
                    if (script !== "new-team") assert.ok(line.includes(spec.description), `${script}: ${line}`);
                }
            });

            for (const [name, spec] of Object.entries(cmd.options)) {
                if (spec.type === "string") {
                    it(`--${name} without its value: says so, exit 2`, async () => {
                        assertUsage(await run(main, [`--${name}`]), new RegExp(`--${name}`), `${script} --${name}`);
                    });
                }
                if (spec.choices !== undefined) {
                    it(`--${name} outside its choices: refused naming the value and the choices`, async () => {
                        assertUsage(
                            await run(main, [`--${name}`, "nope"]),
                            new RegExp(`^--${name} nope: must be one of ${spec.choices!.join(", ")}\n`),
                            `${script} --${name} nope`,
                        );
                    });
                }
                if (spec.check !== undefined) {
                    it(`--${name} with a value its check refuses: named with the problem`, async () => {
                        const bad = BAD_VALUES.find((v) => spec.check!(v) !== undefined);
                        assert.ok(bad !== undefined, `no sample value --${name} refuses`);
                        const r = await run(main, [`--${name}`, bad]);
                        assertUsage(r, /: /, `${script} --${name} ${bad}`);
                        const said = `--${name} ${JSON.stringify(bad)}: ${spec.check!(bad)!}\n`;
                        assert.ok(r.err.startsWith(said), `${script}: ${r.err}`);
                    });
                }
                if (spec.multiple !== true) {
                    it(`--${name} given twice: refused naming it`, async () => {
                        const one = spec.type === "string" ? [`--${name}`, valueFor(spec)] : [`--${name}`];
                        assertUsage(
                            await run(main, [...one, ...one]),
                            new RegExp(`--${name} is given 2 times`),
                            `${script} --${name} twice`,
                        );
                    });
                }
            }

            for (const group of cmd.conflicts ?? []) {
                for (const [i, a] of group.entries()) {
                    for (const b of group.slice(i + 1)) {
                        it(`--${a} with --${b}: refused naming both`, async () => {
                            const args = [a, b].flatMap((n) => {
                                const spec = cmd.options[n]!;
                                return spec.type === "string" ? [`--${n}`, valueFor(spec)] : [`--${n}`];
                            });
                            assertUsage(
                                await run(main, args),
                                new RegExp(`--${a} and --${b} conflict`),
                                `${script} ${args.join(" ")}`,
                            );
                        });
                    }
                }
            }

            it("an unexpected argument: usage, exit 2", async () => {
                assertUsage(await run(main, ["stray"]), /Unexpected argument 'stray'/, `${script} stray`);
            });
        });
    }

    it("a repeatable option is only what a command declares so (new-team --set, --esc)", () => {
        const repeatable = Object.entries(COMMANDS).flatMap(([s, { cmd }]) =>
            Object.entries(cmd.options)
                .filter(([, spec]) => spec.multiple === true)
                .map(([n]) => `${s} --${n}`),
        );
        assert.deepEqual(repeatable, ["new-team --set", "new-team --esc"]);
    });

    it("npm's script wiring: `npm run -s ci:stacks -- --bogus` exits 2 with the usage (a child process)", function () {
        this.timeout(60_000);
        const r = spawnSync("npm", ["run", "-s", "ci:stacks", "--", "--bogus"], { cwd: ROOT, encoding: "utf8" });
        assert.equal(r.status, 2, r.stderr);
        assert.match(r.stderr, /Unknown option '--bogus'\nusage: npm run --silent ci:stacks --/);
        assert.doesNotMatch(r.stderr, /\n\s+at /);
    });

    it("npm run build takes only an output directory, never an option", function () {
        this.timeout(60_000);
        const r = spawnSync(process.execPath, ["scripts/build.js", "--bogus"], { cwd: ROOT, encoding: "utf8" });
        assert.equal(r.status, 2, r.stderr);
        assert.match(r.stderr, /Unknown option '--bogus'\nusage: npm run build -- \[OUT_DIR\]/);
        assert.equal(fs.existsSync(path.join(ROOT, "--bogus")), false);
    });
});

describe("Pulumi's stack name rule (sdk/go/common/tokens/stack_name.go)", () => {
    it("letters, digits, hyphens, underscores and periods, 1 to 100 characters", () => {
        for (const ok of ["dev", "vision-dev", "a_b.c", "A9", "x".repeat(100)])
            assert.equal(stackNameProblem(ok), undefined);
        assert.match(stackNameProblem("")!, /may not be empty/);
        assert.match(stackNameProblem("x".repeat(101))!, /cannot exceed 100 characters/);
        assert.match(stackNameProblem("a/../../x")!, /invalid character "\/" at position 1.*give only the name/);
        assert.match(stackNameProblem("bad env!")!, /invalid character " " at position 3/);
    });

    it("a Pulumi Cloud reference [org/[project/]]name checks each part", () => {
        assert.equal(qualifiedStackNameProblem("contoso/aml-stamp-platform/main"), undefined);
        assert.match(qualifiedStackNameProblem("a/b/c/d")!, /at most two slashes/);
        assert.match(qualifiedStackNameProblem("contoso/bad env")!, /invalid character " " at position 3/);
        assert.match(qualifiedStackNameProblem("contoso//x")!, /may not be empty/);
    });
});

/** Runs a main in-process with a scratch directory of team stack files (removed afterwards). */
async function inStacksDir(
    files: Readonly<Record<string, string>>,
    body: (dir: string) => Promise<void>,
): Promise<void> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aml-stamp-cli-"));
    try {
        for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
        await body(dir);
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

const VISION_DEV = fs.readFileSync(path.join(ROOT, "Pulumi.vision-dev.yaml"), "utf8");

describe("the answers of plan, gh-variables and write-credentials", function () {
    this.timeout(120_000);
    const planIn =
        (dir: string) =>
        (argv: readonly string[], io: Io): Promise<number> =>
            plan(argv, io, dir);

    it("plan --stack a/../../x is refused by Pulumi's stack name rule, nothing read (it planned x.yaml)", async () => {
        const r = await run(plan, ["--stack", "a/../../x"]);
        assertUsage(r, /^--stack "a\/\.\.\/\.\.\/x": a stack name may only contain letters, digits, hyphens/, "plan");
        assert.doesNotMatch(r.err, /x\.yaml/);
    });

    it("plan says when the stack file's name is not its <team>-<environment> (it said nothing)", async () => {
        await inStacksDir({ "Pulumi.nlp-dev.yaml": VISION_DEV }, async (dir) => {
            const r = await run(planIn(dir), ["--stack", "nlp-dev", "--json"]);
            assert.equal(r.code, 0, r.err);
            assert.equal((JSON.parse(r.out) as { stack: string }).stack, "nlp-dev");
            assert.match(
                r.err,
                /^note: Pulumi\.nlp-dev\.yaml holds aml-stamp:team "vision", aml-stamp:environment "dev": .*Pulumi\.vision-dev\.yaml/,
            );
        });
    });

    it("plan --all reports every stack, then exits 1 (it stopped at the first failure)", async () => {
        const files = {
            "Pulumi.bad-dev.yaml": "config:\n  aml-stamp:team: bad\n  aml-stamp:environment: Dev-1\n",
            "Pulumi.vision-dev.yaml": VISION_DEV,
            "Pulumi.worse-dev.yaml": "config:\n  aml-stamp:team: worse\n",
        };
        await inStacksDir(files, async (dir) => {
            const r = await run(planIn(dir), ["--all"]);
            assert.equal(r.code, 1);
            assert.match(r.err, /FAIL {2}Pulumi\.bad-dev\.yaml \(aml-stamp:environment\)/);
            assert.match(r.err, /ok {4}Pulumi\.vision-dev\.yaml/);
            assert.match(r.err, /FAIL {2}Pulumi\.worse-dev\.yaml/);
            assert.match(r.err, /2 of 3 stacks failed\./);
        });
    });

    it("plan --all --json is one JSON document, also when a stack fails (--json was ignored)", async () => {
        const ok = await run(plan, ["--all", "--json"]);
        assert.equal(ok.code, 0, ok.err);
        const doc = JSON.parse(ok.out) as { kind: string; ok: boolean; results: { stack: string }[] };
        assert.deepEqual([doc.kind, doc.ok], ["aml-stamp offline plan --all", true]);
        assert.deepEqual(
            doc.results.map((s) => s.stack),
            listStacks(),
        );
        await inStacksDir({ "Pulumi.bad-dev.yaml": "config:\n  aml-stamp:team: Bad\n" }, async (dir) => {
            const r = await run(planIn(dir), ["--all", "--format", "json"]);
            assert.equal(r.code, 1);
            const bad = JSON.parse(r.out) as { ok: boolean; results: { file: string; key?: string }[] };
            assert.deepEqual([bad.ok, bad.results[0]?.file], [false, "Pulumi.bad-dev.yaml"]);
        });
        assertUsage(await run(plan, ["--all", "--access"]), /--all and --access conflict/, "plan");
    });

    it("a missing platform stack says how an administrator makes one, not npm run new-team", async () => {
        const r = await run(plan, ["--project", "platform", "--stack", "nope"]);
        assert.equal(r.code, 1);
        assert.match(
            r.err,
            /no platform stack file platform\/Pulumi\.nope\.yaml .*copy platform\/Pulumi\.example\.yaml/,
        );
        assert.doesNotMatch(r.err, /Create one with `npm run new-team/);
        const offline = await run(ghVariables, ["--offline", "--stack", "nope"]);
        assert.equal(offline.code, 1);
        assert.match(offline.err, /copy platform\/Pulumi\.example\.yaml to platform\/Pulumi\.nope\.yaml/);
    });

    it("gh-variables without the Pulumi CLI says what it needs and what works instead (it said spawnSync pulumi ENOENT)", async () => {
        const saved = process.env["PATH"];
        const empty = fs.mkdtempSync(path.join(os.tmpdir(), "aml-stamp-nopath-"));
        process.env["PATH"] = empty;
        try {
            const r = await run(ghVariables, ["--stack", "main"]);
            assert.equal(r.code, 1);
            assert.equal(r.out, "");
            assert.match(r.err, /^the Pulumi CLI \(`pulumi`\) is not installed or not on PATH: platform:gh-variables/);
            assert.match(r.err, /--from OUTPUTS\.json .* or --offline/);
            assert.doesNotMatch(r.err, /ENOENT/);
        } finally {
            process.env["PATH"] = saved;
            fs.rmSync(empty, { recursive: true, force: true });
        }
    });

    it("gh-variables --from a missing file or one that is not JSON names the file", async () => {
        const missing = path.join(os.tmpdir(), "no-such-outputs.json");
        const r = await run(ghVariables, ["--from", missing]);
        assert.equal(r.code, 1);
        assert.match(r.err, new RegExp(`^--from ${missing.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: cannot read`));
        await inStacksDir({ "out.json": "{ not json" }, async (dir) => {
            const bad = await run(ghVariables, ["--from", path.join(dir, "out.json")]);
            assert.equal(bad.code, 1);
            assert.match(bad.err, /out\.json: .*JSON/);
        });
    });

    it("write-credentials --stack checks the [org/[project/]]name reference; a missing --stack is a usage error", async () => {
        assertUsage(
            await run(writeCredentials, ["--stack", "bad name"]),
            /^--stack "bad name": .*invalid character " "/,
            "wc",
        );
        assertUsage(await run(writeCredentials, []), /^--stack NAME is required/, "write-credentials");
    });
});

describe("new-team's flags through the shared parser", () => {
    it("--from=FILE (the = form) is read like --from FILE (it was an unknown option)", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aml-stamp-cli-"));
        try {
            for (const f of fs.readdirSync(ROOT).filter((n) => /^Pulumi(\.[^.]+)?\.yaml$|^teams\.yaml$/.test(n))) {
                fs.copyFileSync(path.join(ROOT, f), path.join(dir, f));
            }
            const before = fs.readdirSync(dir).map((f) => [f, fs.readFileSync(path.join(dir, f), "utf8")]);
            const c = captureIo();
            assert.equal(newTeam(["--from=teams.yaml", "--dry-run"], c.io, dir), 0, c.err.join(""));
            assert.match(c.out.join(""), /Pulumi\.vision-dev\.yaml/);
            const after = fs.readdirSync(dir).map((f) => [f, fs.readFileSync(path.join(dir, f), "utf8")]);
            assert.deepEqual(after, before, "--dry-run writes nothing");
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});
