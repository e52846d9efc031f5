/**
 * `npm run -s release-notes -- --tag vX.Y.Z`: the CHANGELOG.md section of that version on stdout, for the GitHub
 * release (.github/workflows/release.yml). Exits 1 naming the problem, before anything is published, when the tag is
 * not `v` + package.json `version`, the version is not semver, or CHANGELOG.md has no dated section for it or the
 * section lacks "### Upgrading a deployed stack" (what the release does to deployed stacks, CHANGELOG.md header).
 */
import * as fs from "fs";
import * as path from "path";
import { type Command, Exit, type Io, type Options, parseOptions, runMain, usageError } from "./cli";

const ROOT = path.join(__dirname, "..");

/** semver.org 2.0.0, the "suggested regular expression" (numbers without leading zeros, pre-release, build). */
const SEMVER =
    /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;

export const UPGRADE_HEADING = "### Upgrading a deployed stack";

function escape(s: string): string {
    return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** The body of `## [version] - YYYY-MM-DD` up to the next `## ` heading, or undefined. */
export function changelogSection(changelog: string, version: string): string | undefined {
    const lines = changelog.split("\n");
    const head = new RegExp(`^## \\[${escape(version)}\\] - \\d{4}-\\d{2}-\\d{2}\\s*$`);
    const start = lines.findIndex((l) => head.test(l));
    if (start < 0) return undefined;
    let end = lines.findIndex((l, i) => i > start && l.startsWith("## "));
    if (end < 0) end = lines.length;
    return lines
        .slice(start + 1, end)
        .join("\n")
        .trim();
}

/** The release notes for `tag`, or the problems that must stop the release. */
export function releaseNotes(
    tag: string,
    packageVersion: string,
    changelog: string,
): { notes: string } | { problems: string[] } {
    const problems: string[] = [];
    if (!SEMVER.test(packageVersion)) {
        problems.push(`package.json version = ${JSON.stringify(packageVersion)}: not a semver version (X.Y.Z)`);
    }
    if (tag !== `v${packageVersion}`) {
        problems.push(`tag ${JSON.stringify(tag)}: must be "v" + package.json version, i.e. "v${packageVersion}"`);
    }
    const section = changelogSection(changelog, packageVersion);
    if (section === undefined) {
        problems.push(`CHANGELOG.md: no "## [${packageVersion}] - YYYY-MM-DD" section`);
    } else if (!section.includes(UPGRADE_HEADING)) {
        problems.push(
            `CHANGELOG.md [${packageVersion}]: no "${UPGRADE_HEADING}" part (what the release does to stacks)`,
        );
    }
    return problems.length > 0 ? { problems } : { notes: section! };
}

/** The command line, declared once (scripts/cli.ts): parsing, `--help` and the sweep of tests/cli.spec.ts. */
export const RELEASE_NOTES_COMMAND = {
    name: "npm run -s release-notes --",
    synopsis: ["--tag vX.Y.Z"],
    summary: "The CHANGELOG.md section of a version on stdout (the GitHub release's notes); exit 1 naming the problem.",
    options: {
        tag: {
            type: "string",
            value: "vX.Y.Z",
            description: 'the release tag: "v" + package.json version; required',
        },
    },
} as const satisfies Command<Options>;

/** The CLI: exit 0 (the notes on stdout), 1 (the problems that stop the release) or 2 (usage). */
export function main(argv: readonly string[], io: Io): number {
    const values = parseOptions(RELEASE_NOTES_COMMAND, argv, io);
    if (values instanceof Exit) return values.code;
    if (values.tag === undefined || values.tag === "") {
        return usageError(RELEASE_NOTES_COMMAND, io, "release-notes: --tag vX.Y.Z is required").code;
    }
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { version: string };
    const result = releaseNotes(values.tag, pkg.version, fs.readFileSync(path.join(ROOT, "CHANGELOG.md"), "utf8"));
    if ("problems" in result) {
        for (const p of result.problems) io.err(`release-notes: ${p}\n`);
        return 1;
    }
    io.out(`${result.notes}\n`);
    return 0;
}

if (require.main === module) runMain("release-notes", main);
