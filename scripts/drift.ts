/**
 * `npm run --silent drift:report -- --results DIR --stacks JSON --summary FILE --issue-body FILE [--existing-issue N]
 * [--run-url URL]`: the report job of .github/workflows/drift.yml. Reads each stack's `pulumi preview --refresh
 * --expect-no-changes --json` result (`<stack>.json`, stdout, and `<stack>.exit`, the exit code), appends one table
 * to the step summary (stack × drifted resource × changed properties, access and network drift first), writes the
 * tracking issue's body and prints `action=open|update|close|none` and `issue=N` for GITHUB_OUTPUT.
 *
 * Engine facts (pulumi/pulumi at v3.248.0, the pinned CLI):
 * - `--json` prints one PreviewDigest document on stdout when the preview ends (pkg/backend/display/json.go,
 *   ShowPreviewDigest; the shape is pkg/display/json.go: `steps[]` of {op, urn, provider, oldState, newState,
 *   diffReasons, replaceReasons, detailedDiff: {path: {kind, inputDiff}}}, `diagnostics[]`, `changeSummary`,
 *   `duration`, `config` with secrets blinded). States are serialised without secrets (showSecrets false).
 * - `--refresh` runs the refresh steps first (pkg/resource/deploy/deployment_executor.go); in a preview they keep op
 *   `refresh` and are not counted (RefreshStep.Logical() is false, pkg/resource/deploy/step.go). What drifted shows
 *   as the program's steps against the refreshed state: `update`/`replace` with the properties the next `up` would
 *   set back, `create` for a resource deleted outside Pulumi.
 * - `--expect-no-changes` fails when engine.HasChanges (any op but same/read/discard/read-replacement,
 *   pkg/engine/update.go) with NoChangesExpectedError, exit code 7 (pkg/cmd/pulumi/cmd/exit_codes.go ExitNoChanges);
 *   0 is clean; anything else means the check itself failed.
 * - DIY backend: `Preview` applies with DryRun and never calls `b.Lock` (pkg/backend/diy/backend.go); nothing is
 *   persisted when DryRun. So the read-only preview identity can run it.
 */
import * as fs from "fs";
import * as path from "path";
import { type Command, Exit, type Io, type Options, parseOptions, runMain, usageError } from "./cli";

/** One `diagnostics[]` entry (pkg/display/json.go PreviewDiagnostic). */
export interface PreviewDiagnostic {
    readonly urn?: string;
    readonly prefix?: string;
    readonly message?: string;
    readonly severity?: string;
}

/** One `steps[]` entry (pkg/display/json.go PreviewStep). */
export interface PreviewStep {
    readonly op: string;
    readonly urn: string;
    readonly provider?: string;
    readonly oldState?: { readonly type?: string } & Record<string, unknown>;
    readonly newState?: { readonly type?: string } & Record<string, unknown>;
    readonly diffReasons?: readonly string[];
    readonly replaceReasons?: readonly string[];
    readonly detailedDiff?: Readonly<Record<string, { readonly kind: string; readonly inputDiff: boolean }>> | null;
}

/** The document `pulumi preview --json` prints (pkg/display/json.go PreviewDigest). */
export interface PreviewDigest {
    readonly config?: Record<string, string>;
    readonly steps?: readonly PreviewStep[];
    readonly diagnostics?: readonly PreviewDiagnostic[];
    readonly duration?: number;
    readonly changeSummary?: Readonly<Record<string, number>>;
    readonly maybeCorrupt?: boolean;
}

export type Exposure = "access" | "network";

/** One drifted resource of one stack. */
export interface DriftRow {
    readonly stack: string;
    readonly urn: string;
    /** The type token, e.g. `azure-native:storage:StorageAccount`. */
    readonly type: string;
    /** The resource's name (the URN's last segment). */
    readonly name: string;
    readonly op: string;
    /** Property paths that differ (detailedDiff keys, else diffReasons/replaceReasons), sorted. */
    readonly properties: readonly string[];
    /** Access and/or network exposure, empty for other drift. */
    readonly exposure: readonly Exposure[];
}

export interface StackResult {
    readonly stack: string;
    readonly status: "clean" | "drifted" | "failed";
    readonly rows: readonly DriftRow[];
    /** Why the check failed (failed only). */
    readonly error?: string;
}

/** Exit codes of `pulumi preview --expect-no-changes` (pkg/cmd/pulumi/cmd/exit_codes.go). */
export const EXIT_CLEAN = 0;
export const EXIT_DRIFT = 7;

/** Ops that are not changes (engine.HasChanges), plus refresh steps (not logical in a preview). */
const NOT_CHANGES = new Set(["same", "read", "discard", "read-replacement", "refresh"]);

/** Resource types whose drift is drift in access: role assignments and definitions, policy, Entra objects. */
const ACCESS_TYPES: readonly RegExp[] = [
    /^azure-native:authorization:/,
    /^azure-native:managedidentity:FederatedIdentityCredential$/,
    /^azure-native:keyvault:AccessPolicy$/,
    /^azuread:/,
];
/** Resource types that are network settings: every azure-native network resource, Azure ML's managed network. */
const NETWORK_TYPES: readonly RegExp[] = [
    /^azure-native:network:/,
    /^azure-native:machinelearningservices:ManagedNetwork/,
];
/** Property path segments that are access (who may sign in or use a key) on any resource. */
const ACCESS_PROPERTY =
    /^(accessPolicies|enableRbacAuthorization|allowSharedKeyAccess|disableLocalAuth|localAuthDisabled|adminUserEnabled|anonymousPullEnabled|authMode|defaultToOAuthAuthentication|identity|userAssignedIdentities|roleDefinitionId|principalId|principalType|condition|scope)$/;
/** Property path segments that are network exposure on any resource. */
const NETWORK_PROPERTY =
    /^(publicNetworkAccess|networkRuleSet|networkAcls|networkRules|ipRules|ipAllowlist|virtualNetworkRules|managedNetwork|outboundRules|isolationMode|allowBlobPublicAccess|allowPublicAccessWhenBehindVnet|enableNodePublicIp|remoteLoginPortPublicAccess|sshPublicAccess|privateEndpointConnections|subnet|defaultAction|bypass|publicNetworkAccessForIngestion|publicNetworkAccessForQuery)$/;

/** The segments of a property path as the engine prints it (`a.b[0]["c.d"]`, sdk/go/common/resource PropertyPath). */
function segments(property: string): string[] {
    return [...property.matchAll(/\["([^"]*)"\]|\[(\d+)\]|([^.[\]]+)/g)].map((m) => m[1] ?? m[2] ?? m[3]!);
}

/** Whether a drift of `type` in `properties` is a change of access, of network exposure, both or neither. */
export function classify(type: string, properties: readonly string[]): Exposure[] {
    const out: Exposure[] = [];
    const segs = properties.flatMap(segments);
    if (ACCESS_TYPES.some((re) => re.test(type)) || segs.some((s) => ACCESS_PROPERTY.test(s))) out.push("access");
    if (NETWORK_TYPES.some((re) => re.test(type)) || segs.some((s) => NETWORK_PROPERTY.test(s))) out.push("network");
    return out;
}

/** `urn:pulumi:<stack>::<project>::<qualified type>::<name>`: the resource's own type (last of the chain) and name. */
function urnParts(urn: string): { type: string; name: string } {
    const parts = urn.split("::");
    const name = parts.slice(3).join("::");
    const chain = parts[2] ?? "";
    return { type: chain.split("$").pop() ?? chain, name };
}

/** The drifted resources of one stack's digest (every step the engine counts as a change, but the root stack). */
export function driftRows(stack: string, digest: PreviewDigest): DriftRow[] {
    const rows: DriftRow[] = [];
    const seen = new Set<string>();
    for (const step of digest.steps ?? []) {
        if (NOT_CHANGES.has(step.op) || seen.has(step.urn)) continue;
        const { type: urnType, name } = urnParts(step.urn);
        const type = step.newState?.type ?? step.oldState?.type ?? urnType;
        if (type === "pulumi:pulumi:Stack") continue;
        seen.add(step.urn);
        const detailed = Object.keys(step.detailedDiff ?? {});
        const properties = [
            ...new Set(detailed.length > 0 ? detailed : [...(step.diffReasons ?? []), ...(step.replaceReasons ?? [])]),
        ].sort();
        rows.push({ stack, urn: step.urn, type, name, op: step.op, properties, exposure: classify(type, properties) });
    }
    return rows;
}

/** Parses a digest, naming the file and what was wrong. */
export function parseDigest(text: string, file: string): PreviewDigest {
    let doc: unknown;
    try {
        doc = JSON.parse(text);
    } catch (err) {
        throw new Error(`${file}: not the JSON document \`pulumi preview --json\` prints (${(err as Error).message})`);
    }
    if (typeof doc !== "object" || doc === null || Array.isArray(doc)) {
        throw new Error(`${file}: expected a JSON object with steps and changeSummary, got ${JSON.stringify(doc)}`);
    }
    const d = doc as PreviewDigest;
    if (d.steps !== undefined && !Array.isArray(d.steps)) throw new Error(`${file}: steps is not an array`);
    return d;
}

/** The first error diagnostic of a digest, if any. */
function firstError(digest: PreviewDigest | undefined): string | undefined {
    const d = digest?.diagnostics?.find((x) => x.severity === "error");
    return d === undefined ? undefined : `${d.prefix ?? ""}${d.message ?? ""}`.trim();
}

/**
 * One stack's result from the check's exit code and stdout: 0 clean, 7 drifted (its rows), anything else (or no
 * result) failed. `stderr` is the check's stderr, for the reason of a failure.
 */
export function stackResult(
    stack: string,
    exitCode: number | undefined,
    json: string | undefined,
    stderr = "",
): StackResult {
    if (exitCode === undefined) {
        return { stack, status: "failed", rows: [], error: "no result: the drift job did not run to the end" };
    }
    let digest: PreviewDigest | undefined;
    let parseError: string | undefined;
    if (json !== undefined && json.trim() !== "") {
        try {
            digest = parseDigest(json, `${stack}.json`);
        } catch (err) {
            parseError = (err as Error).message;
        }
    }
    if (exitCode === EXIT_CLEAN && parseError === undefined) return { stack, status: "clean", rows: [] };
    if (exitCode === EXIT_DRIFT && digest !== undefined) {
        return { stack, status: "drifted", rows: driftRows(stack, digest) };
    }
    const lastLine = stderr.trim().split("\n").pop() ?? "";
    const error = parseError ?? firstError(digest) ?? (lastLine !== "" ? lastLine : undefined);
    return { stack, status: "failed", rows: [], error: `exit ${exitCode}${error !== undefined ? `: ${error}` : ""}` };
}

const RANK = (r: DriftRow): number => (r.exposure.includes("access") ? 0 : r.exposure.includes("network") ? 1 : 2);

/** Access drift first, then network, then the rest; within each, by stack, type and name. */
export function sortRows(rows: readonly DriftRow[]): DriftRow[] {
    return [...rows].sort(
        (a, b) =>
            RANK(a) - RANK(b) ||
            a.stack.localeCompare(b.stack) ||
            a.type.localeCompare(b.type) ||
            a.name.localeCompare(b.name),
    );
}

/** A Markdown table cell: no line breaks, pipes escaped. */
function cell(text: string): string {
    return text.replace(/\r?\n/g, " ").replace(/\|/g, "\\|");
}

const MAX_PROPERTIES = 12;
const OP_LABEL: Record<string, string> = {
    create: "deleted outside Pulumi (up re-creates it)",
    replace: "changed; up replaces it",
    "create-replacement": "changed; up replaces it",
    update: "changed",
    delete: "in state, not in the program",
};

function row(r: DriftRow): string {
    const marks = r.exposure.map((e) => `**${e}**`).join(" ");
    const shown = r.properties.slice(0, MAX_PROPERTIES).map((p) => `\`${cell(p)}\``);
    if (r.properties.length > MAX_PROPERTIES) shown.push(`+${r.properties.length - MAX_PROPERTIES} more`);
    return `| \`${cell(r.stack)}\` | ${marks} | \`${cell(r.type)}\` \`${cell(r.name)}\` | ${cell(OP_LABEL[r.op] ?? r.op)} | ${shown.length > 0 ? shown.join(", ") : "—"} |`;
}

/**
 * The drift table within `budget` characters: rows that do not fit are counted, not cut mid-row. GitHub rejects a
 * step summary over 1 MiB ("$GITHUB_STEP_SUMMARY upload aborted, supports content up to a size of 1024k") and an
 * issue body over 65,536 characters.
 */
export function driftTable(rows: readonly DriftRow[], budget: number): string {
    const head = ["| stack | exposure | resource | drift | changed properties |", "|---|---|---|---|---|"];
    const lines = [...head];
    let size = head.join("\n").length;
    const sorted = sortRows(rows);
    let shown = 0;
    for (const r of sorted) {
        const line = row(r);
        if (size + line.length + 1 > budget) break;
        lines.push(line);
        size += line.length + 1;
        shown++;
    }
    if (shown < sorted.length) {
        lines.push("", `… and ${sorted.length - shown} more drifted resources: see the drift-* artifacts of the run.`);
    }
    return lines.join("\n");
}

function counts(results: readonly StackResult[]): { drifted: StackResult[]; failed: StackResult[]; clean: number } {
    return {
        drifted: results.filter((r) => r.status === "drifted"),
        failed: results.filter((r) => r.status === "failed"),
        clean: results.filter((r) => r.status === "clean").length,
    };
}

function exposureLine(rows: readonly DriftRow[]): string[] {
    const access = rows.filter((r) => r.exposure.includes("access")).length;
    const network = rows.filter((r) => r.exposure.includes("network")).length;
    const out: string[] = [];
    if (access > 0) out.push(`**Access drift** in ${access} resource${access === 1 ? "" : "s"}`);
    if (network > 0) out.push(`**network exposure drift** in ${network} resource${network === 1 ? "" : "s"}`);
    return out.length > 0
        ? [`${out.join(", ")}: treat as a security event (Azure Activity Log: who changed it).`, ""]
        : [];
}

const SUMMARY_BUDGET = 900 * 1024;
const ISSUE_BUDGET = 60_000;

/** The step summary: counts, failed checks, and the one drift table. */
export function renderSummary(results: readonly StackResult[], runUrl = ""): string {
    const { drifted, failed, clean } = counts(results);
    const rows = drifted.flatMap((r) => r.rows);
    const lines = [
        "## Drift detection",
        "",
        `${results.length} stack${results.length === 1 ? "" : "s"} checked with \`pulumi preview --refresh --expect-no-changes\`: ${clean} clean, ${drifted.length} drifted, ${failed.length} failed.${runUrl !== "" ? ` Run: ${runUrl}` : ""}`,
        "",
    ];
    if (failed.length > 0) {
        lines.push("**Checks that failed** (drift unknown):", "");
        for (const f of failed) lines.push(`- \`${f.stack}\`: ${cell(f.error ?? "failed")}`);
        lines.push("");
    }
    if (rows.length > 0) lines.push(...exposureLine(rows), driftTable(rows, SUMMARY_BUDGET), "");
    else if (drifted.length > 0) lines.push("Drifted stacks report no resource step: see their artifacts.", "");
    else if (failed.length === 0) lines.push("No drift: every stack matches its state in Azure.", "");
    for (const d of drifted.filter((r) => r.rows.length === 0)) lines.push(`- \`${d.stack}\`: drifted`);
    return `${lines.join("\n").trimEnd()}\n`;
}

/** The tracking issue's title (one issue, found again by its label). */
export const ISSUE_TITLE = "Drift: deployed stacks differ from the default branch";
export const ISSUE_LABEL = "drift";

/** The tracking issue's body. */
export function issueBody(results: readonly StackResult[], runUrl = ""): string {
    const { drifted, failed } = counts(results);
    const rows = drifted.flatMap((r) => r.rows);
    const lines = [
        "<!-- aml-stamp drift report: written by .github/workflows/drift.yml, replaced on every run -->",
        `The scheduled drift check found ${rows.length} drifted resource${rows.length === 1 ? "" : "s"} in ${drifted.length} stack${drifted.length === 1 ? "" : "s"}: ${drifted.map((d) => `\`${d.stack}\``).join(", ")}.${runUrl !== "" ? ` Run: ${runUrl}` : ""}`,
        "",
        ...exposureLine(rows),
        driftTable(rows, ISSUE_BUDGET),
        "",
        "What to do (docs/drift.md): find who changed it (Azure Activity Log of the resource); then either put it back",
        "(the next `pulumi up` of the stack from the default branch sets every listed property back, or run the deploy",
        "workflow) or keep it by changing the stack file or the program in a pull request. A change still being",
        "deployed while the check ran also shows here: the next run closes this issue when every stack is clean.",
    ];
    if (failed.length > 0) {
        lines.push(
            "",
            "Checks that failed (drift unknown):",
            ...failed.map((f) => `- \`${f.stack}\`: ${cell(f.error ?? "")}`),
        );
    }
    return `${lines.join("\n")}\n`;
}

export type IssueAction = "open" | "update" | "close" | "none";

/**
 * What to do with the tracking issue: open one when something drifted and none is open, update the open one, close
 * it when every stack was checked and is clean; a run with failed checks and no drift leaves it as it is.
 */
export function issueAction(results: readonly StackResult[], existing: number | undefined): IssueAction {
    const { drifted, failed } = counts(results);
    if (drifted.length > 0) return existing === undefined ? "open" : "update";
    if (failed.length === 0 && existing !== undefined) return "close";
    return "none";
}

/** The comment the tracking issue is closed with. */
export function closeComment(results: readonly StackResult[], runUrl = ""): string {
    return `Every stack (${results.length}) is clean again.${runUrl !== "" ? ` Run: ${runUrl}` : ""}`;
}

/** Reads `<dir>/<stack>.exit`, `.json` and `.stderr` for every stack the matrix ran. */
export function readResults(dir: string, stacks: readonly string[]): StackResult[] {
    const read = (f: string): string | undefined =>
        fs.existsSync(path.join(dir, f)) ? fs.readFileSync(path.join(dir, f), "utf8") : undefined;
    return stacks.map((stack) => {
        const exit = read(`${stack}.exit`)?.trim();
        const code = exit !== undefined && /^\d+$/.test(exit) ? Number(exit) : undefined;
        return stackResult(stack, code, read(`${stack}.json`), read(`${stack}.stderr`));
    });
}

/** The command line, declared once (scripts/cli.ts): parsing, `--help` and the sweep of tests/cli.spec.ts. */
export const DRIFT_REPORT_COMMAND = {
    name: "npm run --silent drift:report --",
    synopsis: ["--results DIR --stacks JSON --summary FILE --issue-body FILE [--existing-issue N] [--run-url URL]"],
    summary:
        "Reads each stack's drift check (DIR/<stack>.exit, DIR/<stack>.json from pulumi preview --json,\n" +
        "DIR/<stack>.stderr), appends the drift table to FILE (the step summary), writes the tracking issue's body,\n" +
        "and prints for GITHUB_OUTPUT: action=open|update|close|none, issue=N, title=..., and close-comment=...\n" +
        "Exit 1 when a check failed (drift unknown), else 0 (drift is reported by the issue, not the exit code).",
    options: {
        results: {
            type: "string",
            value: "DIR",
            description: "folder with the downloaded drift-* artifacts; required",
        },
        stacks: {
            type: "string",
            value: "JSON",
            description: "the stacks the matrix ran, as a JSON array (npm run ci:stacks); required",
        },
        summary: {
            type: "string",
            value: "FILE",
            description: "appended with the Markdown summary (GITHUB_STEP_SUMMARY); required",
        },
        "issue-body": {
            type: "string",
            value: "FILE",
            description: "written with the tracking issue's body; required",
        },
        "existing-issue": {
            type: "string",
            value: "N",
            description: "number of the open tracking issue; empty for none",
        },
        "run-url": {
            type: "string",
            value: "URL",
            description: "link to the workflow run, shown in the summary and the issue",
        },
    },
} as const satisfies Command<Options>;

/** The report step. Returns the exit code (2: usage). */
export function main(argv: readonly string[], io: Io): number {
    const values = parseOptions(DRIFT_REPORT_COMMAND, argv, io);
    if (values instanceof Exit) return values.code;
    const missing = (["results", "stacks", "summary", "issue-body"] as const).filter((k) => values[k] === undefined);
    if (missing.length > 0) {
        return usageError(DRIFT_REPORT_COMMAND, io, `drift:report: missing ${missing.map((m) => `--${m}`).join(", ")}`)
            .code;
    }
    const stacksText = String(values["stacks"]);
    let stacks: unknown;
    try {
        stacks = JSON.parse(stacksText);
    } catch {
        stacks = undefined;
    }
    if (!Array.isArray(stacks) || !stacks.every((s) => typeof s === "string" && /^[\w.-]+$/.test(s))) {
        io.err(`drift:report: --stacks ${JSON.stringify(stacksText)} is not a JSON array of stack names\n`);
        return 2;
    }
    const existingText = String(values["existing-issue"] ?? "").trim();
    if (existingText !== "" && !/^[1-9]\d*$/.test(existingText)) {
        io.err(`drift:report: --existing-issue ${JSON.stringify(existingText)} is not an issue number (or empty)\n`);
        return 2;
    }
    const dir = String(values["results"]);
    if (!fs.existsSync(dir) && stacks.length > 0) {
        io.err(`drift:report: --results ${dir} does not exist (no drift-* artifact was downloaded)\n`);
    }
    const existing = existingText === "" ? undefined : Number(existingText);
    const runUrl = String(values["run-url"] ?? "");
    const results = readResults(dir, stacks as string[]);
    fs.appendFileSync(String(values["summary"]), renderSummary(results, runUrl));
    fs.writeFileSync(String(values["issue-body"]), issueBody(results, runUrl));
    const action = issueAction(results, existing);
    io.out(
        [
            `action=${action}`,
            `issue=${existing ?? ""}`,
            `title=${ISSUE_TITLE}`,
            `label=${ISSUE_LABEL}`,
            `close-comment=${closeComment(results, runUrl)}`,
            "",
        ].join("\n"),
    );
    return results.some((r) => r.status === "failed") ? 1 : 0;
}

if (require.main === module) runMain("drift:report", main);
