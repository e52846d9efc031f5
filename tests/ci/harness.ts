/**
 * Runs the jobs of .github/workflows/*.yml for real, the way a GitHub-hosted runner does, so that tests assert what
 * the steps do and print instead of the workflow text:
 * - a temporary git repository holds a copy of this repository's tracked files as the base commit (`main`) and the
 *   commits a test adds (the pull request, later pushes to main); every job gets a fresh clone as its workspace;
 * - every `run:` step runs with bash as GitHub runs it (`bash --noprofile --norc -e {0}`, GitHub docs
 *   "jobs.<job_id>.steps[*].shell"), with GITHUB_STEP_SUMMARY, GITHUB_OUTPUT, GITHUB_ENV, RUNNER_TEMP,
 *   GITHUB_WORKSPACE and the merged workflow/job/step `env:`; `${{ }}` expressions are substituted from the test's
 *   context (an unknown expression fails the test, tests/ci/expressions.ts);
 * - `uses:` steps are simulated for the few actions the workflows use (checkout, setup-node, azure/login, the
 *   pulumi/actions CLI install, upload/download-artifact into a store shared by the repository's jobs); any other
 *   action, or a pulumi/actions `command:` (not testable), throws;
 * - stub `pulumi`, `az`, `gh` and `curl` commands on PATH record their arguments, working directory, git HEAD and
 *   environment (curl answers what the test gives it, per URL); `npm ci` is stubbed (it links the shared node_modules and transpile cache) and `npm test` is
 *   stubbed (npm test runs this very suite), `npm publish` is stubbed (recorded, never sent), `npm run build` copies another job's build of the same
 *   commit when the test passes one (stub.built: the real build runs once per test run, tests/sharedBuild.ts), every other npm command
 *   (`npm run plan`, `npm run ci:stacks`, `npm run build`, `npm pack --dry-run`) is real.
 * Jobs with `id-token: write` get ACTIONS_ID_TOKEN_REQUEST_URL/TOKEN in every step, as GitHub sets them
 * (docs.github.com, "OpenID Connect": the permission exposes the request token to the whole job).
 */
import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse } from "yaml";
import { ROOT } from "../../offline/stackConfig";
import { type Ctx, evaluateCondition, substitute } from "./expressions";

export const WORKFLOWS = path.join(ROOT, ".github", "workflows");

interface Step {
    id?: string;
    name?: string;
    uses?: string;
    run?: string;
    if?: string | boolean;
    env?: Record<string, string>;
    with?: Record<string, unknown>;
    shell?: string;
    "working-directory"?: string;
    "continue-on-error"?: boolean;
}
export interface Job {
    name?: string;
    needs?: string | string[];
    if?: string;
    environment?: string | { name: string };
    permissions?: Record<string, string>;
    concurrency?: string | { group: string; "cancel-in-progress"?: boolean | string };
    env?: Record<string, string>;
    outputs?: Record<string, string>;
    strategy?: { matrix?: Record<string, unknown> };
    steps: Step[];
}
export interface Workflow {
    on: Record<string, unknown>;
    permissions?: Record<string, string>;
    concurrency?: unknown;
    env?: Record<string, string>;
    jobs: Record<string, Job>;
}

export function readWorkflow(file: string): Workflow {
    return parse(fs.readFileSync(path.join(WORKFLOWS, file), "utf8")) as Workflow;
}

/**
 * The `sub` claim of the OIDC token GitHub issues to a job (docs.github.com, "OpenID Connect reference", "Example
 * subject claims"): `repo:OWNER/REPO:environment:NAME` when the job references an environment, else
 * `repo:OWNER/REPO:pull_request` for pull_request events and `repo:OWNER/REPO:ref:<ref>` for pushes, schedules and
 * workflow_dispatch (schedules run on the default branch).
 */
export function oidcSubject(job: Job, event: { repository: string; eventName: string; ref: string }): string {
    const environment = typeof job.environment === "string" ? job.environment : job.environment?.name;
    const base = `repo:${event.repository}`;
    if (environment !== undefined) return `${base}:environment:${environment}`;
    return event.eventName === "pull_request" ? `${base}:pull_request` : `${base}:ref:${event.ref}`;
}

/** A job's concurrency group and cancel-in-progress, its expressions substituted from `ctx`. */
export function resolveConcurrency(job: Job, ctx: Ctx): { group: string; cancelInProgress: boolean } | undefined {
    if (job.concurrency === undefined) return undefined;
    if (typeof job.concurrency === "string")
        return { group: substitute(job.concurrency, ctx), cancelInProgress: false };
    return {
        group: substitute(job.concurrency.group, ctx),
        cancelInProgress: String(job.concurrency["cancel-in-progress"] ?? false) === "true",
    };
}

/** One invocation of a stub command. */
export interface Call {
    readonly tool: string;
    readonly args: string[];
    readonly cwd: string;
    /** `git rev-parse HEAD` in cwd when the command ran. */
    readonly head: string;
    readonly env: Record<string, string>;
    /** Contents of files passed as `key=@file` (gh api -F) at the time of the call. */
    readonly files: Record<string, string>;
    /** The step (name or run's first line) that ran the command. */
    readonly step: string;
}

export interface StepResult {
    readonly name: string;
    readonly skipped: boolean;
    readonly exitCode: number;
    readonly stdout: string;
    readonly stderr: string;
    readonly outputs: Record<string, string>;
    /** The environment the step ran with (run steps) or was given (uses steps). */
    readonly env: Record<string, string>;
    /** Substituted `with:` inputs of a uses step. */
    readonly with?: Record<string, string>;
    readonly uses?: string;
}

export interface JobResult {
    readonly ok: boolean;
    readonly skipped: boolean;
    readonly steps: StepResult[];
    readonly outputs: Record<string, string>;
    /** The job's step summaries, concatenated as GitHub shows them. */
    readonly summary: string;
    readonly calls: Call[];
    /** The job's resolved concurrency (group, cancel-in-progress) and environment. */
    readonly concurrency?: { group: string; cancelInProgress: boolean };
    readonly environment?: string;
    readonly workspace: string;
}

const STUB_RECORD = `
const fs = require("fs");
const [tool, ...args] = process.argv.slice(2);
const files = {};
for (const a of args) {
    const m = /=@(.+)$/.exec(a);
    if (m && fs.existsSync(m[1])) files[m[1]] = fs.readFileSync(m[1], "utf8");
}
fs.appendFileSync(process.env.CI_STUB_LOG, JSON.stringify({
    tool, args, cwd: process.cwd(), head: process.env.CI_STUB_HEAD || "", env: process.env, files,
    step: process.env.CI_STEP || "",
}) + "\\n");
`;

// curl: answers from CI_STUB_HTTP (URL path suffix → status and body), as `curl -sS -o FILE -w '%{http_code}' URL`
// does: the body into -o's file, the -w text on stdout with %{http_code} replaced; an unknown URL is a failed
// connection (exit 6 "Could not resolve host", status 000: curl man page, EXIT CODES and --write-out).
const STUB_CURL = `
const fs = require("fs");
const args = process.argv.slice(2);
let out, format = "", url;
for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === "-o" || a === "--output") out = args[++i];
    else if (a === "-w" || a === "--write-out") format = args[++i];
    else if (a === "-H" || a === "--header") i++;
    else if (!a.startsWith("-")) url = a;
}
const answers = JSON.parse(process.env.CI_STUB_HTTP || "{}");
const key = Object.keys(answers).find((k) => url !== undefined && url.endsWith(k));
const answer = key === undefined ? undefined : answers[key];
if (answer !== undefined && out !== undefined) fs.writeFileSync(out, answer.body ?? "");
process.stdout.write(format.replace("%{http_code}", answer === undefined ? "000" : String(answer.status)));
if (answer === undefined) {
    process.stderr.write("curl: (6) Could not resolve host (stub)\\n");
    process.exit(6);
}
`;

const RECORD = `CI_STUB_HEAD="$(git rev-parse HEAD 2>/dev/null || true)" node "$CI_STUB_DIR/record.js"`;

const STUBS: Record<string, string> = {
    pulumi: `#!/usr/bin/env bash
${RECORD} pulumi "$@"
stack=""
prev=""
for a in "$@"; do [ "$prev" = "--stack" ] && stack="$a"; prev="$a"; done
case "$1" in
  version) echo "v3.248.0" ;;
  login) echo "Logged in to \${1:-the backend} (stub)" ;;
  stack)
    if [ "$2" = select ]; then
      for s in $CI_STUB_STACKS; do [ "$s" = "$3" ] && exit 0; done
      echo "error: no stack named '$3' found" >&2; exit 255
    fi ;;
  preview)
    # With --json the real CLI prints only the JSON document on stdout (pulumi/pulumi pkg/backend/display/json.go).
    case " $* " in *" --json "*) ;; *) echo "Previewing update ($stack) (stub)" ;; esac
    [ -n "\${CI_STUB_PREVIEW_OUTPUT:-}" ] && printf '%s\\n' "$CI_STUB_PREVIEW_OUTPUT"
    exit "\${CI_STUB_PREVIEW_EXIT:-0}" ;;
  up)
    echo "Updating ($stack) (stub)"
    exit "\${CI_STUB_UP_EXIT:-0}" ;;
esac
exit 0
`,
    az: `#!/usr/bin/env bash
${RECORD} az "$@"
exit 0
`,
    curl: `#!/usr/bin/env bash
${RECORD} curl "$@"
exec node "$CI_STUB_DIR/curl.js" "$@"
`,
    gh: `#!/usr/bin/env bash
${RECORD} gh "$@"
exit 0
`,
    npm: `#!/usr/bin/env bash
${RECORD} npm "$@"
# npm publish never reaches a registry from a test: recorded (with its env, e.g. NODE_AUTH_TOKEN) and succeeds.
if [ "$1" = publish ]; then
  echo "+ aml-stamp (npm publish stub)"
  exit 0
fi
# \`npm run build\` of a commit another job of the test already built (runJob stub.built): that build's dist/.
if [ "$1" = run ] && [ "$2" = build ] && [ -n "\${CI_STUB_BUILT:-}" ]; then
  rm -rf dist && cp -R "$CI_STUB_BUILT" dist
  echo "build of this commit reused from $CI_STUB_BUILT (stub)"
  exit 0
fi
if [ "$1" = ci ] || [ "$1" = test ]; then
  if [ "$1" = ci ]; then
    [ -e node_modules ] || ln -s "$CI_NODE_MODULES" node_modules
    mkdir -p .cache && { [ -e .cache/ts ] || ln -s "$CI_TS_CACHE" .cache/ts; }
  fi
  exit 0
fi
exec "$CI_REAL_NPM" "$@"
`,
};

function git(cwd: string, ...args: string[]): string {
    return execFileSync("git", args, {
        cwd,
        encoding: "utf8",
        stdio: ["ignore", "pipe", "pipe"],
        env: {
            ...process.env,
            GIT_AUTHOR_NAME: "ci",
            GIT_AUTHOR_EMAIL: "ci@example.invalid",
            GIT_COMMITTER_NAME: "ci",
            GIT_COMMITTER_EMAIL: "ci@example.invalid",
        },
    }).trim();
}

/** A temporary "origin" repository: `main` starts as a copy of this repository's tracked files. */
export class TempRepo {
    readonly root: string;
    readonly origin: string;
    readonly base: string;
    private readonly bin: string;
    private jobs = 0;

    constructor() {
        this.root = fs.mkdtempSync(path.join(os.tmpdir(), "aml-stamp-ci-"));
        this.origin = path.join(this.root, "origin");
        fs.mkdirSync(this.origin);
        const files = execFileSync("git", ["ls-files", "-z"], { cwd: ROOT, encoding: "utf8" })
            .split("\0")
            .filter((f) => f !== "" && fs.existsSync(path.join(ROOT, f)));
        for (const f of files) {
            const dest = path.join(this.origin, f);
            fs.mkdirSync(path.dirname(dest), { recursive: true });
            fs.copyFileSync(path.join(ROOT, f), dest);
        }
        git(this.origin, "init", "-q", "-b", "main");
        git(this.origin, "add", "-A");
        git(this.origin, "commit", "-q", "-m", "base");
        // Packed: a local clone hardlinks one pack instead of ~400 loose objects (each job's clone, ~2.5x faster).
        git(this.origin, "repack", "-q", "-a", "-d");
        this.base = git(this.origin, "rev-parse", "HEAD");
        this.bin = path.join(this.root, "bin");
        fs.mkdirSync(this.bin);
        fs.writeFileSync(path.join(this.bin, "record.js"), STUB_RECORD);
        fs.writeFileSync(path.join(this.bin, "curl.js"), STUB_CURL);
        for (const [name, script] of Object.entries(STUBS)) {
            fs.writeFileSync(path.join(this.bin, name), script, { mode: 0o755 });
        }
    }

    /**
     * Commits `changes` (path → new content, or null to delete) on `branch` (created from `from`, default main's
     * base commit) and returns the commit.
     */
    commit(branch: string, changes: Record<string, string | null>, from: string = this.base): string {
        const exists = git(this.origin, "branch", "--list", branch) !== "";
        git(this.origin, "checkout", "-q", ...(exists ? [branch] : ["-b", branch, from]));
        for (const [file, content] of Object.entries(changes)) {
            const p = path.join(this.origin, file);
            if (content === null) fs.rmSync(p);
            else {
                fs.mkdirSync(path.dirname(p), { recursive: true });
                fs.writeFileSync(p, content);
            }
        }
        git(this.origin, "add", "-A");
        git(this.origin, "commit", "-q", "--allow-empty", "-m", `change on ${branch}`);
        git(this.origin, "repack", "-q", "-a", "-d");
        const sha = git(this.origin, "rev-parse", "HEAD");
        git(this.origin, "checkout", "-q", "main");
        return sha;
    }

    read(file: string): string {
        return fs.readFileSync(path.join(ROOT, file), "utf8");
    }

    /** Runs one job of a workflow (one matrix value) on a fresh runner. */
    runJob(opts: {
        workflow: string;
        job: string;
        /** The commit the event is for (GITHUB_SHA). */
        sha: string;
        context: Ctx;
        matrix?: Record<string, string>;
        needs?: Record<string, { outputs: Record<string, string>; result?: string }>;
        /** Stub behaviour: stacks `pulumi stack select` finds, exit code and output of `pulumi preview`/`up`. */
        stub?: {
            stacks?: string[];
            previewExit?: number;
            previewOutput?: string;
            upExit?: number;
            /** curl's answers: URL path suffix → HTTP status and body; any other URL fails to connect. */
            http?: Record<string, { status: number; body?: string }>;
            /**
             * The dist/ of another job's `npm run build` of the same commit: this job's `npm run build` copies it
             * (the build runs for real once per test run, not once per job).
             */
            built?: string;
        };
        /**
         * Run steps (by name prefix) this case does not run: their effect is asserted on the run of the whole job, so a
         * case that varies one step runs only the steps it is about. Reported as skipped.
         */
        skip?: readonly string[];
    }): JobResult {
        const wf = readWorkflow(opts.workflow);
        const job = wf.jobs[opts.job];
        if (job === undefined) throw new Error(`${opts.workflow} has no job ${opts.job}`);
        const runner = path.join(this.root, `runner-${++this.jobs}`);
        const workspace = path.join(runner, "work");
        const temp = path.join(runner, "temp");
        const home = path.join(runner, "home");
        fs.mkdirSync(temp, { recursive: true });
        fs.mkdirSync(home, { recursive: true });
        const log = path.join(runner, "calls.jsonl");
        fs.writeFileSync(log, "");
        const skip = opts.skip ?? [];
        const names = job.steps.map((st) => st.name ?? st.uses ?? (st.run ?? "").split("\n")[0]!);
        for (const prefix of skip) {
            if (!names.some((n, i) => job.steps[i]!.run !== undefined && n.startsWith(prefix)))
                throw new Error(`${opts.workflow} ${opts.job}: no run step named "${prefix}…" to skip`);
        }
        if (opts.stub?.built !== undefined && !fs.existsSync(path.join(opts.stub.built, "package.js")))
            throw new Error(`stub.built: ${opts.stub.built} holds no build (package.js)`);
        const needs = opts.needs ?? {};
        const ctx: Ctx = {
            ...opts.context,
            matrix: opts.matrix ?? {},
            needs: Object.fromEntries(
                Object.entries(needs).map(([k, v]) => [k, { outputs: v.outputs, result: v.result ?? "success" }]),
            ),
            runner: { temp, os: "Linux" },
            steps: {},
            env: {},
        };
        const jobIf = job.if;
        const environment = typeof job.environment === "string" ? job.environment : job.environment?.name;
        const concurrency = resolveConcurrency(job, ctx);
        const base = { workspace, concurrency, environment, calls: [] as Call[], outputs: {} };
        if (jobIf !== undefined && !evaluateCondition(jobIf, ctx, { failed: false })) {
            return { ...base, ok: true, skipped: true, steps: [], summary: "" };
        }
        git(this.root, "clone", "-q", this.origin, workspace);
        const realNpm = execFileSync("bash", ["-c", "command -v npm"], { encoding: "utf8" }).trim();
        const idToken = (job.permissions ?? wf.permissions ?? {})["id-token"] === "write";
        const runnerEnv: Record<string, string> = {
            PATH: `${this.bin}:${process.env["PATH"] ?? ""}`,
            HOME: home,
            CI: "true",
            GITHUB_ACTIONS: "true",
            GITHUB_WORKSPACE: workspace,
            GITHUB_SHA: opts.sha,
            RUNNER_TEMP: temp,
            CI_STUB_DIR: this.bin,
            CI_STUB_LOG: log,
            CI_STUB_STACKS: (opts.stub?.stacks ?? []).join(" "),
            CI_STUB_PREVIEW_EXIT: String(opts.stub?.previewExit ?? 0),
            CI_STUB_PREVIEW_OUTPUT: opts.stub?.previewOutput ?? "",
            CI_STUB_UP_EXIT: String(opts.stub?.upExit ?? 0),
            CI_STUB_HTTP: JSON.stringify(opts.stub?.http ?? {}),
            ...(opts.stub?.built !== undefined ? { CI_STUB_BUILT: opts.stub.built } : {}),
            // Default variables of every runner (docs.github.com, "Variables reference").
            GITHUB_API_URL: "https://api.github.example.invalid",
            GITHUB_REPOSITORY: String(
                (opts.context["github"] as { repository?: unknown } | undefined)?.repository ?? "",
            ),
            CI_NODE_MODULES: fs.realpathSync(path.join(ROOT, "node_modules")),
            CI_TS_CACHE: path.join(ROOT, ".cache", "ts"),
            CI_REAL_NPM: realNpm,
            ...(idToken
                ? {
                      ACTIONS_ID_TOKEN_REQUEST_URL: "https://token.actions.example.invalid/oidc",
                      ACTIONS_ID_TOKEN_REQUEST_TOKEN: "fake-oidc-request-token",
                  }
                : {}),
        };
        fs.mkdirSync(runnerEnv["CI_TS_CACHE"]!, { recursive: true });
        let addedEnv: Record<string, string> = {};
        const steps: StepResult[] = [];
        const summaries: string[] = [];
        let failed = false;
        const stepsCtx = ctx["steps"] as Record<string, unknown>;
        const mapEnv = (e: Record<string, string> | undefined, status: { failed: boolean }): Record<string, string> =>
            Object.fromEntries(Object.entries(e ?? {}).map(([k, v]) => [k, substitute(String(v), ctx, status)]));
        const workflowEnv = mapEnv(wf.env, { failed: false });
        const jobEnv = mapEnv(job.env, { failed: false });
        ctx["env"] = { ...workflowEnv, ...jobEnv };
        for (const [i, step] of job.steps.entries()) {
            const status = { failed };
            const name = names[i]!;
            const skipped = step.run !== undefined && skip.some((prefix) => name.startsWith(prefix));
            if (skipped || !evaluateCondition(step.if, ctx, status)) {
                steps.push({ name, skipped: true, exitCode: 0, stdout: "", stderr: "", outputs: {}, env: {} });
                if (step.id) stepsCtx[step.id] = { outputs: {}, outcome: "skipped", conclusion: "skipped" };
                continue;
            }
            const env = {
                ...runnerEnv,
                ...workflowEnv,
                ...jobEnv,
                ...addedEnv,
                ...mapEnv(step.env, status),
                CI_STEP: name,
            };
            let result: StepResult;
            if (step.run !== undefined) {
                const script = substitute(step.run, { ...ctx, env }, status);
                const files = {
                    summary: path.join(temp, `_summary_${i}`),
                    output: path.join(temp, `_output_${i}`),
                    env: path.join(temp, `_env_${i}`),
                };
                for (const f of Object.values(files)) fs.writeFileSync(f, "");
                const scriptFile = path.join(temp, `_step_${i}.sh`);
                fs.writeFileSync(scriptFile, script);
                if (step.shell !== undefined && step.shell !== "bash")
                    throw new Error(`unsupported shell ${step.shell}`);
                const args =
                    step.shell === "bash"
                        ? ["--noprofile", "--norc", "-eo", "pipefail", scriptFile]
                        : ["--noprofile", "--norc", "-e", scriptFile];
                const r = spawnSync("bash", args, {
                    cwd: path.join(workspace, step["working-directory"] ?? "."),
                    env: {
                        ...env,
                        GITHUB_STEP_SUMMARY: files.summary,
                        GITHUB_OUTPUT: files.output,
                        GITHUB_ENV: files.env,
                    },
                    encoding: "utf8",
                    maxBuffer: 64 * 1024 * 1024,
                });
                const outputs = parseKeyValues(fs.readFileSync(files.output, "utf8"));
                addedEnv = { ...addedEnv, ...parseKeyValues(fs.readFileSync(files.env, "utf8")) };
                summaries.push(fs.readFileSync(files.summary, "utf8"));
                result = {
                    name,
                    skipped: false,
                    exitCode: r.status ?? 1,
                    stdout: r.stdout,
                    stderr: r.stderr,
                    outputs,
                    env,
                };
            } else if (step.uses !== undefined) {
                const inputs = Object.fromEntries(
                    Object.entries(step.with ?? {}).map(([k, v]) => [k, substitute(String(v), ctx, status)]),
                );
                result = { ...this.simulateAction(step.uses, inputs, workspace, opts.sha), name, env };
            } else throw new Error(`step ${name} has neither run nor uses`);
            steps.push(result);
            const ok = result.exitCode === 0;
            if (step.id) {
                stepsCtx[step.id] = {
                    outputs: result.outputs,
                    outcome: ok ? "success" : "failure",
                    conclusion: ok || step["continue-on-error"] ? "success" : "failure",
                };
            }
            if (!ok && !step["continue-on-error"]) failed = true;
        }
        const calls = fs
            .readFileSync(log, "utf8")
            .split("\n")
            .filter((l) => l !== "")
            .map((l) => JSON.parse(l) as Call);
        const outputs = Object.fromEntries(
            Object.entries(job.outputs ?? {}).map(([k, v]) => [k, substitute(v, ctx, { failed })]),
        );
        return { ...base, ok: !failed, skipped: false, steps, summary: summaries.join(""), calls, outputs };
    }

    private simulateAction(
        uses: string,
        inputs: Record<string, string>,
        workspace: string,
        sha: string,
    ): Omit<StepResult, "name" | "env"> {
        const action = uses.split("@")[0];
        const done = { skipped: false, exitCode: 0, stdout: "", stderr: "", outputs: {}, with: inputs, uses };
        switch (action) {
            case "actions/checkout": {
                // actions/checkout action.yml: `ref` (branch, tag or SHA; default: the event's commit), `path`
                // (under $GITHUB_WORKSPACE). Only the workspace root is simulated.
                if (inputs["path"] !== undefined) throw new Error("checkout `path` is not simulated");
                const ref = inputs["ref"];
                const target =
                    ref === undefined || ref === "" ? sha : /^[0-9a-f]{40}$/.test(ref) ? ref : `origin/${ref}`;
                git(workspace, "checkout", "-q", "--detach", target);
                return done;
            }
            case "actions/setup-node":
            case "azure/login":
                return done;
            // Artifacts of the workflow run live in the scratch root, shared by every job the test runs
            // (actions/upload-artifact and download-artifact action.yml: name, path, pattern, merge-multiple).
            case "actions/upload-artifact": {
                const dest = path.join(this.root, "artifacts", inputs["name"] ?? "artifact");
                if (fs.existsSync(inputs["path"] ?? "")) fs.cpSync(inputs["path"]!, dest, { recursive: true });
                return done;
            }
            case "actions/download-artifact": {
                const store = path.join(this.root, "artifacts");
                const glob = new RegExp(`^${(inputs["name"] ?? inputs["pattern"] ?? "*").replace(/\*/g, ".*")}$`);
                for (const name of fs.existsSync(store) ? fs.readdirSync(store) : []) {
                    if (!glob.test(name)) continue;
                    const into =
                        inputs["merge-multiple"] === "true" ? inputs["path"]! : path.join(inputs["path"]!, name);
                    fs.cpSync(path.join(store, name), into, { recursive: true });
                }
                return done;
            }
            case "pulumi/actions":
                if (inputs["command"] !== undefined) {
                    throw new Error(
                        "pulumi/actions with `command:` is not testable: call the pinned CLI in a run step",
                    );
                }
                return done;
            default:
                throw new Error(`action ${uses} is not simulated by tests/ci/harness.ts`);
        }
    }

    cleanup(): void {
        fs.rmSync(this.root, { recursive: true, force: true });
    }
}

/** GITHUB_OUTPUT / GITHUB_ENV format: `key=value` lines and `key<<DELIM` … `DELIM` blocks. */
export function parseKeyValues(text: string): Record<string, string> {
    const out: Record<string, string> = {};
    const lines = text.split("\n");
    for (let i = 0; i < lines.length; i++) {
        const line = lines[i]!;
        const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
        if (heredoc) {
            const [, key, delim] = heredoc;
            const body: string[] = [];
            for (i++; i < lines.length && lines[i] !== delim; i++) body.push(lines[i]!);
            out[key!] = body.join("\n");
        } else if (line.includes("=")) {
            out[line.slice(0, line.indexOf("="))] = line.slice(line.indexOf("=") + 1);
        }
    }
    return out;
}
