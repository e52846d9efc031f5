// What `npm test`'s stages share: scripts/test.js makes a folder and names it in $AML_STAMP_TEST_BUILD for every
// stage; typecheck-and-lint makes the tests' artefacts there from its type-check's program (scripts/testArtefacts.js):
// the package build in `<folder>/dist`, then `<folder>/build.json`, and the package schema, `<folder>/schema.json`.
// The tests that need one (tests/sharedBuild.ts) wait for its result file. mocha run alone: its global setup makes
// the folder and runs scripts/testArtefacts.js itself. Where the stages' scratch files go: scratchParent.
"use strict";
const fs = require("fs");
const os = require("os");
const path = require("path");

const BUILD_ENV = "AML_STAMP_TEST_BUILD";
/** The artefacts, each with its result file `<folder>/<name>.json`. */
const ARTEFACTS = ["build", "schema"];

/** Writes `<dir>/<artefact>.json` whole (renamed into place, so a waiting reader never sees half of it). */
function writeResult(dir, artefact, result) {
    const file = path.join(dir, `${artefact}.json`);
    fs.writeFileSync(`${file}.tmp`, JSON.stringify({ code: result.code, output: result.output }));
    fs.renameSync(`${file}.tmp`, file);
}

/** The maker of `dir`'s artefacts ended (`why`) before writing some results: those fail, so no test waits forever. */
function writeMissingResults(dir, why) {
    for (const artefact of ARTEFACTS) {
        if (!fs.existsSync(path.join(dir, `${artefact}.json`)))
            writeResult(dir, artefact, { code: null, output: `${why} before making the ${artefact}\n` });
    }
}

// Linux's shared-memory filesystem and tmpfs's magic number (statfs(2) f_type; include/uapi/linux/magic.h).
const SHM = "/dev/shm";
const TMPFS_MAGIC = 0x01021994;
/** Free space a memory filesystem must have to take a run's scratch files (npm test peaks at about 100 MB). */
const SCRATCH_MIN_FREE = 1024 ** 3;

/**
 * Where a test run's scratch files go: $TMPDIR when it is set; else Linux's memory filesystem (/dev/shm, when it is
 * a writable tmpfs with 1 GiB free); else os.tmpdir(). Only where files are made moves: what the tests check is the
 * same. The workflow harness alone makes ~8,000 files (a clone of the tracked files per job), and creating a file
 * on this machine's ext4 /tmp costs ~0.6 ms of system time against ~0.03 ms on tmpfs: a local `git clone` of this
 * repository takes 0.40 s there and 0.03 s on /dev/shm.
 */
function scratchParent(env = process.env, platform = process.platform, statfs = fs.statfsSync, access = fs.accessSync) {
    const set = env["TMPDIR"];
    if (set !== undefined && set !== "") return set;
    if (platform === "linux") {
        try {
            const s = statfs(SHM);
            if (s.type === TMPFS_MAGIC && s.bavail * s.bsize >= SCRATCH_MIN_FREE) {
                access(SHM, fs.constants.W_OK);
                return SHM;
            }
        } catch {
            // no /dev/shm, or not writable: the default below
        }
    }
    return os.tmpdir();
}

module.exports = { BUILD_ENV, ARTEFACTS, writeResult, writeMissingResults, scratchParent, SCRATCH_MIN_FREE };
