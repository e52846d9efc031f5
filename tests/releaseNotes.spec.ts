/** scripts/releaseNotes.ts: what the release workflow publishes as notes, and what stops a release. */
import assert from "node:assert/strict";
import * as fs from "fs";
import * as path from "path";
import { changelogSection, releaseNotes, UPGRADE_HEADING } from "../scripts/releaseNotes";
import { ROOT } from "../offline/stackConfig";

const CHANGELOG = [
    "# Changelog",
    "",
    "## [1.1.0] - 2027-02-01",
    "",
    "### Added",
    "- b",
    "",
    UPGRADE_HEADING,
    "- nothing replaced",
    "",
    "## [1.0.0] - 2027-01-01",
    "",
    "### Added",
    "- a",
    "",
].join("\n");

describe("release notes (CHANGELOG.md section of the tag's version)", () => {
    it("returns the section body, up to the next version", () => {
        assert.equal(changelogSection(CHANGELOG, "1.1.0"), `### Added\n- b\n\n${UPGRADE_HEADING}\n- nothing replaced`);
        assert.equal(changelogSection(CHANGELOG, "1.0.0"), "### Added\n- a");
        assert.equal(changelogSection(CHANGELOG, "1.0"), undefined, "no prefix match");
        assert.equal(changelogSection(CHANGELOG, "2.0.0"), undefined);
    });
    it("refuses a tag that is not v + package.json version, naming both", () => {
        const r = releaseNotes("v1.0.1", "1.1.0", CHANGELOG);
        assert.ok("problems" in r);
        assert.deepEqual(r.problems, ['tag "v1.0.1": must be "v" + package.json version, i.e. "v1.1.0"']);
    });
    it("refuses a version without a dated section, or a section that does not say what an upgrade does", () => {
        const missing = releaseNotes("v2.0.0", "2.0.0", CHANGELOG);
        assert.ok("problems" in missing && /no "## \[2\.0\.0\] - YYYY-MM-DD" section/.test(missing.problems[0]!));
        const noUpgrade = releaseNotes("v1.0.0", "1.0.0", CHANGELOG);
        assert.ok("problems" in noUpgrade && noUpgrade.problems[0]!.includes(UPGRADE_HEADING));
    });
    it("refuses a package.json version that is not semver", () => {
        const r = releaseNotes("v1.0", "1.0", CHANGELOG);
        assert.ok("problems" in r && r.problems.some((p) => p.includes("not a semver version")));
    });
    it("the committed CHANGELOG.md has a releasable section for package.json's version", () => {
        const { version } = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { version: string };
        const r = releaseNotes(`v${version}`, version, fs.readFileSync(path.join(ROOT, "CHANGELOG.md"), "utf8"));
        assert.ok("notes" in r, JSON.stringify(r));
    });
});
