/**
 * Onboarding many teams: one reviewed teams file, new-team --from writes or updates every stack
 * file, plan --all checks that they agree. Failed before: there was no teams file, no --from, no check.
 */
import assert from "node:assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse, stringify } from "yaml";
import { main } from "../scripts/newTeam";
import { checkTeamsFile, planAll, renderPlanAll } from "../offline/planAll";
import { listStacks, ROOT } from "../offline/stackConfig";
import { captureIo } from "./helpers";

const TEAMS = {
    teams: {
        nlp: {
            location: "northeurope",
            config: {
                tags: { "cost-center": "6001" },
                access: { dataScientists: ["11111111-1111-4111-8111-111111111111"] },
            },
            environments: {
                dev: {
                    config: {
                        keyVaultRetentionDays: 7,
                        computeInstances: {
                            bob: {
                                userObjectId: "3f2a6c1e-8b4d-4e7a-9c5f-1d2e3f4a5b6c",
                                memberOf: "11111111-1111-4111-8111-111111111111",
                                vmSize: "Standard_DS11_v2",
                                idleTimeBeforeShutdown: "PT60M",
                                schedule: { timeZone: "GMT Standard Time", stop: "0 19 * * 1-5" },
                            },
                        },
                    },
                },
                test: { location: "westeurope" },
            },
        },
    },
};

describe("the teams file (new-team --from, plan --all)", () => {
    let root: string;
    beforeEach(() => {
        root = fs.mkdtempSync(path.join(os.tmpdir(), "teams-"));
        fs.copyFileSync(path.join(ROOT, "Pulumi.yaml"), path.join(root, "Pulumi.yaml"));
        fs.writeFileSync(path.join(root, "teams.yaml"), stringify(TEAMS));
    });
    afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

    it("writes every stack file, the environment's settings over the team's, then reports them unchanged", async () => {
        const c = captureIo();
        assert.equal(main(["--from", "teams.yaml"], c.io, root), 0, c.err.join(""));
        assert.deepEqual(listStacks(root), ["nlp-dev", "nlp-test"]);
        const dev = parse(fs.readFileSync(path.join(root, "Pulumi.nlp-dev.yaml"), "utf8")) as {
            config: Record<string, unknown>;
        };
        assert.equal(dev.config["aml-stamp:location"], "northeurope");
        assert.deepEqual(dev.config["aml-stamp:tags"], { "cost-center": "6001" });
        assert.equal(dev.config["aml-stamp:keyVaultRetentionDays"], 7);
        const test = parse(fs.readFileSync(path.join(root, "Pulumi.nlp-test.yaml"), "utf8")) as {
            config: Record<string, unknown>;
        };
        assert.equal(test.config["aml-stamp:location"], "westeurope");

        const again = captureIo();
        assert.equal(main(["--from", "teams.yaml"], again.io, root), 0);
        assert.match(again.out.join(""), /unchanged Pulumi\.nlp-dev\.yaml\nunchanged Pulumi\.nlp-test\.yaml/);

        const r = await planAll({ root });
        assert.ok(r.ok, renderPlanAll(r));
        assert.match(renderPlanAll(r), /ok {4}teams\.yaml: its 2 stack files agree with it/);
    });

    it("plan --all names the stack file and key that disagree, and a missing stack file", async () => {
        assert.equal(main(["--from", "teams.yaml"], captureIo().io, root), 0);
        const file = path.join(root, "Pulumi.nlp-dev.yaml");
        fs.writeFileSync(file, fs.readFileSync(file, "utf8").replace('cost-center: "6001"', 'cost-center: "9999"'));
        fs.rmSync(path.join(root, "Pulumi.nlp-test.yaml"));
        const check = checkTeamsFile(root, listStacks(root))!;
        assert.deepEqual(
            check.disagreements.map((d) => `${d.file} ${d.key}`),
            ["Pulumi.nlp-dev.yaml aml-stamp:tags", "Pulumi.nlp-test.yaml (file)"],
        );
        const r = await planAll({ root });
        assert.equal(r.ok, false);
        assert.match(renderPlanAll(r), /FAIL {2}Pulumi\.nlp-dev\.yaml \(aml-stamp:tags\) disagrees with teams\.yaml/);
    });

    it("an update keeps the stack file's secure values", () => {
        assert.equal(main(["--from", "teams.yaml"], captureIo().io, root), 0);
        const file = path.join(root, "Pulumi.nlp-dev.yaml");
        const doc = parse(fs.readFileSync(file, "utf8")) as { config: Record<string, unknown> };
        doc.config["azure-native:clientSecret"] = { secure: "v1:abc" };
        doc.config["aml-stamp:keyVaultRetentionDays"] = 30;
        fs.writeFileSync(file, stringify(doc));
        const c = captureIo();
        assert.equal(main(["--from", "teams.yaml"], c.io, root), 0);
        assert.match(c.out.join(""), /updated {3}Pulumi\.nlp-dev\.yaml/);
        const after = parse(fs.readFileSync(file, "utf8")) as { config: Record<string, unknown> };
        assert.deepEqual(after.config["azure-native:clientSecret"], { secure: "v1:abc" });
        assert.equal(after.config["aml-stamp:keyVaultRetentionDays"], 7);
    });

    it("a bad teams file names the teams-file key, suggests the field, and writes nothing", () => {
        const bad = structuredClone(TEAMS) as { teams: { nlp: Record<string, unknown> } };
        bad.teams.nlp["enviroments"] = bad.teams.nlp["environments"];
        delete bad.teams.nlp["environments"];
        fs.writeFileSync(path.join(root, "teams.yaml"), stringify(bad));
        const c = captureIo();
        assert.equal(main(["--from", "teams.yaml"], c.io, root), 1);
        assert.match(
            c.err.join(""),
            /teams\.yaml: teams\.nlp\.enviroments: unknown field\. Did you mean "environments"\?/,
        );
        assert.deepEqual(listStacks(root), []);
    });

    it("a config the program rejects names the team environment in the teams file", () => {
        const bad = structuredClone(TEAMS);
        (bad.teams.nlp.environments.dev.config as Record<string, unknown>)["keyVaultRetentionDays"] = 3;
        fs.writeFileSync(path.join(root, "teams.yaml"), stringify(bad));
        const c = captureIo();
        assert.equal(main(["--from", "teams.yaml"], c.io, root), 1);
        assert.match(
            c.err.join(""),
            /teams\.yaml: teams\.nlp\.environments\.dev: .*aml-stamp:keyVaultRetentionDays = 3/s,
        );
        assert.deepEqual(listStacks(root), []);
    });
});
