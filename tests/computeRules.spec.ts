import assert from "node:assert/strict";
import fc from "fast-check";
import {
    COMPUTE_KEY_PATTERN,
    computeName,
    computeTag,
    cronProblem,
    durationSeconds,
    vmSizeAllowed,
} from "../lib/compute";
import { ENVIRONMENT_PATTERN, nameProblems, TEAM_PATTERN } from "../lib/names";
import { IDLE_SHUTDOWN_ACTIONS } from "../lib/idleShutdownRole";
import { CUSTOM_ROLES, sharedCustomRoleName } from "../lib/customRoles";

const team = fc.stringMatching(/^[a-z][a-z0-9]{1,10}(-[a-z0-9]{1,4})?$/).filter((t) => TEAM_PATTERN.test(t));
const environment = fc.stringMatching(ENVIRONMENT_PATTERN);
const key = fc.stringMatching(/^[a-z][a-z0-9]{0,8}(-[a-z0-9]{1,7})?$/).filter((k) => COMPUTE_KEY_PATTERN.test(k));

describe("lib/compute", () => {
    it("every generated compute name satisfies Azure's compute name rule", () => {
        fc.assert(
            fc.property(key, team, environment, (k, t, e) => {
                const name = computeName(k, t, e);
                assert.deepEqual(nameProblems("compute", name), [], name);
                assert.ok(name.startsWith(`${k}-`));
            }),
        );
    });

    it("the compute name rule: 3-24, letters digits hyphens, starts with a letter, a hyphen needs a letter after it", () => {
        assert.deepEqual(nameProblems("compute", "cpu-abc123"), []);
        assert.notDeepEqual(nameProblems("compute", "ab"), []);
        assert.notDeepEqual(nameProblems("compute", "a".repeat(25)), []);
        assert.notDeepEqual(nameProblems("compute", "1cpu"), []);
        assert.notDeepEqual(nameProblems("compute", "cpu_1"), []);
        assert.notDeepEqual(nameProblems("compute", "cpu-123"), []);
        assert.deepEqual(nameProblems("compute", "cpu-1-a"), []);
    });

    it("the team tag is deterministic and differs between team environments", () => {
        assert.equal(computeTag("ml-platform", "dev"), computeTag("ml-platform", "dev"));
        const tags = new Set<string>();
        for (const t of ["ml-platform", "vision", "nlp", "fraud"])
            for (const e of ["dev", "test", "prod"]) tags.add(computeTag(t, e));
        assert.equal(tags.size, 12);
        assert.match(computeTag("x1", "dev"), /^[a-z][a-z0-9]{5}$/);
    });

    it("ISO 8601 durations: days, hours, minutes, seconds", () => {
        assert.equal(durationSeconds("PT15M"), 900);
        assert.equal(durationSeconds("PT1H30M"), 5400);
        assert.equal(durationSeconds("P3D"), 259200);
        assert.equal(durationSeconds("P1DT2H"), 93600);
        assert.equal(durationSeconds("PT120S"), 120);
        for (const bad of ["", "P", "PT", "P1DT", "15M", "PT1.5H", "P1W", "P1M", "pt15m", "PT-5M"]) {
            assert.equal(durationSeconds(bad), undefined, bad);
        }
        fc.assert(
            fc.property(fc.nat(9), fc.nat(23), fc.nat(59), fc.nat(59), (d, h, m, s) => {
                assert.equal(durationSeconds(`P${d}DT${h}H${m}M${s}S`), d * 86400 + h * 3600 + m * 60 + s);
            }),
        );
    });

    it("cron: the documented 5-field subset", () => {
        for (const ok of ["0 18 * * *", "0 8 * * 1-5", "30 7,12 1-15 1,6-8 0", "59 23 31 12 6"])
            assert.equal(cronProblem(ok), undefined, ok);
        assert.match(cronProblem("0 18 * *")!, /5 fields/);
        assert.match(cronProblem("0 18 * * * *")!, /5 fields/);
        assert.match(cronProblem("60 18 * * *")!, /minute.*0-59/);
        assert.match(cronProblem("0 18 0 * *")!, /day of month.*1-31/);
        assert.match(cronProblem("0 18 * 13 *")!, /month.*1-12/);
        assert.match(cronProblem("0 18 * * 7")!, /day of week.*0-6/);
        assert.match(cronProblem("0 18 * * 5-1")!, /low-high/);
        assert.match(cronProblem("*/5 * * * *")!, /numbers, ranges/);
        assert.match(cronProblem("0 18 * * MON")!, /numbers, ranges/);
    });

    it("VM sizes match the allow-list case-insensitively", () => {
        assert.ok(vmSizeAllowed("standard_ds3_v2", ["Standard_DS3_v2"]));
        assert.ok(!vmSizeAllowed("Standard_DS4_v2", ["Standard_DS3_v2"]));
    });
});

describe("lib/idleShutdownRole", () => {
    it("only Microsoft.MachineLearningServices read and stop actions, no wildcard, no write or delete", () => {
        for (const a of IDLE_SHUTDOWN_ACTIONS) {
            assert.match(a, /^Microsoft\.MachineLearningServices\/workspaces\/(computes\/)?(read|stop\/action)$/);
        }
    });
    it("the role name carries the subscription (custom role names are unique per directory; one platform per subscription)", () => {
        const shape = CUSTOM_ROLES.idleShutdown;
        assert.notEqual(sharedCustomRoleName(shape, "sub-a"), sharedCustomRoleName(shape, "sub-b"));
    });
});
