/**
 * Every command a doc shows runs. The `npm run …`, `npm …`, `npx …` and `node …` lines of the sh/bash/console/shell
 * code blocks of README.md and docs/*.md are run as a reader would run them, unless the doc marks them as needing a
 * real Azure subscription or the Pulumi CLI (docs/architecture.md "Commands in the docs"):
 *
 * - `<!-- needs: azure -->` or `<!-- needs: pulumi -->` on the line before the block marks the whole block;
 * - a trailing `# needs: azure` / `# needs: pulumi` comment marks one line.
 *
 * A script that exports `main(argv, io)` runs in-process; one that does not yet runs through its npm entry in a
 * child process. A command that would write into the repository runs against a scratch copy of the project files it
 * reads (new-team). Commands whose run is the slow thing itself are only parsed: `npm ci` (installs), `npm test` (this
 * suite), `npm run bench` (minutes of cold-process timings): their script or npm command must exist.
 */
import assert from "node:assert/strict";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const ROOT = path.join(__dirname, "..");
const NEEDS = ["azure", "pulumi"] as const;
type Need = (typeof NEEDS)[number];

/** One command a doc shows, where it is, and what the doc says it needs. */
export interface DocCommand {
    readonly file: string;
    readonly line: number;
    readonly text: string;
    readonly argv: readonly string[];
    readonly needs: readonly Need[];
}

const SHELL_BLOCK = /^\s*```(sh|bash|console|shell)\s*$/;
const FENCE = /^\s*```/;
const MARKER = /^<!--\s*needs:\s*([a-z, ]+?)\s*-->$/;
const LINE_MARKER = /\s#\s*needs:\s*([a-z]+(?:\s*,\s*[a-z]+)*)/;

function needsOf(list: string, where: string): Need[] {
    const names = list.split(/[ ,]+/).filter((n) => n !== "");
    for (const n of names) {
        if (!(NEEDS as readonly string[]).includes(n)) throw new Error(`${where}: unknown marker needs: ${n}`);
    }
    return names as Need[];
}

/** Shell words: single and double quotes kept together, a trailing comment dropped. */
export function shellWords(line: string): string[] {
    const words: string[] = [];
    let word = "";
    let inWord = false;
    for (let i = 0; i < line.length; i++) {
        const c = line[i]!;
        if (c === "'" || c === '"') {
            const end = line.indexOf(c, i + 1);
            if (end < 0) throw new Error(`unterminated quote in: ${line}`);
            word += line.slice(i + 1, end);
            inWord = true;
            i = end;
        } else if (/\s/.test(c)) {
            if (inWord) words.push(word);
            word = "";
            inWord = false;
        } else if (c === "#" && !inWord) {
            break;
        } else {
            word += c;
            inWord = true;
        }
    }
    if (inWord) words.push(word);
    return words;
}

/** The commands of one Markdown text (`file` for messages). */
export function docCommands(file: string, markdown: string): DocCommand[] {
    const lines = markdown.split("\n");
    const out: DocCommand[] = [];
    let block: { needs: Need[] } | undefined;
    let inOther = false;
    for (let i = 0; i < lines.length; i++) {
        const raw = lines[i]!;
        if (block === undefined && !inOther) {
            if (SHELL_BLOCK.test(raw)) {
                let j = i - 1;
                while (j >= 0 && lines[j]!.trim() === "") j--;
                const m = j >= 0 ? MARKER.exec(lines[j]!.trim()) : null;
                block = { needs: m !== null ? needsOf(m[1]!, `${file}:${j + 1}`) : [] };
            } else if (FENCE.test(raw)) inOther = true;
            continue;
        }
        if (FENCE.test(raw)) {
            block = undefined;
            inOther = false;
            continue;
        }
        if (block === undefined) continue;
        // A command continued with a trailing backslash is one command.
        const start = i;
        let text = raw;
        while (/\\\s*$/.test(text) && i + 1 < lines.length)
            text = `${text.replace(/\\\s*$/, " ")}${lines[++i]!.trim()}`;
        const lineMarker = LINE_MARKER.exec(text);
        const needs = [...block.needs, ...(lineMarker !== null ? needsOf(lineMarker[1]!, `${file}:${start + 1}`) : [])];
        const command = text.trim().replace(/^\$\s+/, "");
        for (const part of command.split(/\s*&&\s*/)) {
            if (!/^(npm|npx|node)\s/.test(`${part} `)) continue;
            const argv = shellWords(part);
            if (argv.length > 0 && /^(npm|npx|node)$/.test(argv[0]!)) {
                out.push({ file, line: start + 1, text: part.replace(/\s+#.*$/, "").trim(), argv, needs });
            }
        }
    }
    return out;
}

/** Every command of README.md and docs/*.md. */
function allCommands(): DocCommand[] {
    const files = [
        "README.md",
        ...fs
            .readdirSync(path.join(ROOT, "docs"))
            .filter((f) => f.endsWith(".md"))
            .sort()
            .map((f) => `docs/${f}`),
    ];
    return files.flatMap((f) => docCommands(f, fs.readFileSync(path.join(ROOT, f), "utf8")));
}

const SCRIPTS = (
    JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> }
).scripts;

/** npm scripts and npm commands that are only parsed, with why. */
const ONLY_PARSED: Readonly<Record<string, string>> = {
    ci: "installs node_modules (what CI's first step does)",
    test: "is this test suite, with tsc, ESLint and Prettier",
    bench: "takes minutes of cold-process timings (tests/bench.spec.ts checks its options)",
};

/** What `npm run NAME -- ARGS` runs: the script's TypeScript entry (scripts/*.ts, bench/run.ts) and its arguments. */
function entryOf(c: DocCommand): { script: string; file: string; args: string[] } {
    const [, verb, name, ...rest] = c.argv;
    const where = `${c.file}:${c.line} \`${c.text}\``;
    assert.ok(verb === "run" || verb === "run-script", `${where}: only npm run … is run by this test`);
    const script = name!;
    const body = SCRIPTS[script];
    assert.ok(body !== undefined, `${where}: package.json has no script "${script}"`);
    const file = /(\S+\.(?:ts|js))\s*$/.exec(body)?.[1];
    assert.ok(file !== undefined, `${where}: script "${script}" (${body}) names no entry file`);
    const args = rest[0] === "--" ? rest.slice(1) : rest;
    return { script, file, args };
}

/**
 * A scratch project root as a fresh clone has it for new-team: Pulumi.yaml, every committed stack file and the teams
 * file (so a command naming a committed stack fails as it would in the clone). Removed by the caller.
 */
function scratchRoot(): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aml-stamp-docs-"));
    for (const f of fs.readdirSync(ROOT).filter((n) => /^Pulumi(\.[^.]+)?\.yaml$|^teams\.yaml$/.test(n))) {
        fs.copyFileSync(path.join(ROOT, f), path.join(dir, f));
    }
    return dir;
}

type Main = (argv: string[], io: { out: (t: string) => void; err: (t: string) => void }, root?: string) => unknown;

/** Runs one command; resolves to its exit code and what it printed. */
async function run(c: DocCommand): Promise<{ code: number; output: string }> {
    const { file, args } = entryOf(c);
    const mod = (await import(path.join(ROOT, file))) as { main?: Main };
    const printed: string[] = [];
    if (typeof mod.main === "function" && mod.main.length >= 2) {
        const io = { out: (t: string) => printed.push(t), err: (t: string) => printed.push(t) };
        const root = file === "scripts/newTeam.ts" ? scratchRoot() : undefined;
        try {
            const code = await mod.main(args, io, ...(root !== undefined ? [root] : []));
            return { code: typeof code === "number" ? code : 0, output: printed.join("") };
        } finally {
            if (root !== undefined) fs.rmSync(root, { recursive: true, force: true });
        }
    }
    const r = spawnSync(process.execPath, ["-r", "./scripts/register.js", file, ...args], {
        cwd: ROOT,
        encoding: "utf8",
    });
    return { code: r.status ?? 2, output: `${r.stdout}${r.stderr}` };
}

describe("every command a doc shows runs, or says what it needs", () => {
    const commands = allCommands();

    it("finds the commands of README.md and docs/*.md, with their markers", () => {
        assert.ok(commands.length >= 8, commands.map((c) => c.text).join("\n"));
        assert.ok(commands.some((c) => c.text === "npm run plan"));
        assert.ok(commands.every((c) => c.needs.every((n) => (NEEDS as readonly string[]).includes(n))));
    });

    it("parses blocks, continuations, prompts, && chains, quotes and both markers", () => {
        const md = [
            "```sh",
            "npm ci && npm run plan   # the plan",
            "$ npm run new-team -- --team a \\",
            '  --set \'tags={"x":"1 2"}\'',
            "npm run platform:gh-variables -- --stack main   # needs: pulumi",
            "pulumi up",
            "```",
            "<!-- needs: azure -->",
            "```bash",
            "npm run write-credentials -- --stack dev",
            "```",
            "```python",
            "npm run not-a-shell-block",
            "```",
        ].join("\n");
        assert.deepEqual(
            docCommands("x.md", md).map((c) => [c.line, c.argv.join(" | "), c.needs.join(",")]),
            [
                [2, "npm | ci", ""],
                [2, "npm | run | plan", ""],
                [3, 'npm | run | new-team | -- | --team | a | --set | tags={"x":"1 2"}', ""],
                [5, "npm | run | platform:gh-variables | -- | --stack | main", "pulumi"],
                [10, "npm | run | write-credentials | -- | --stack | dev", "azure"],
            ],
        );
        assert.throws(() => docCommands("x.md", "<!-- needs: cloud -->\n```sh\nnpm test\n```"), /needs: cloud/);
    });

    it("docs/architecture.md documents the markers", () => {
        const arch = fs.readFileSync(path.join(ROOT, "docs", "architecture.md"), "utf8");
        assert.match(arch, /<!-- needs: azure -->/);
        assert.match(arch, /# needs: pulumi/);
    });

    for (const c of commands) {
        const where = `${c.file}:${c.line} \`${c.text}\``;
        if (c.needs.length > 0) continue; // marked: needs Azure or the Pulumi CLI, not run here
        const npmVerb = c.argv[0] === "npm" ? c.argv[1] : undefined;
        const script = npmVerb === "run" ? c.argv[2] : npmVerb;
        if (script !== undefined && script in ONLY_PARSED) {
            it(`${where}: parsed only (${ONLY_PARSED[script]})`, () => {
                if (npmVerb === "ci") assert.ok(fs.existsSync(path.join(ROOT, "package-lock.json")));
                else assert.ok(SCRIPTS[script] !== undefined, `package.json has no script "${script}"`);
            });
            continue;
        }
        it(`${where}: exits 0`, async () => {
            const { code, output } = await run(c);
            assert.equal(code, 0, `${where} exited ${code}:\n${output.slice(-2000)}`);
        });
    }
});
