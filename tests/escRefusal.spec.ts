/**
 * ESC environments need a backend that opens them: the Pulumi CLI fails a stack that imports one on a DIY backend
 * ("backend … does not support environments", pulumi/pulumi pkg/cmd/pulumi/config/io.go openStackEnv). new-team
 * --esc, teams.yaml `esc:` and a stack file's `environment:` are refused, naming the key and value, unless
 * Pulumi.yaml's `backend.url` is Pulumi Cloud. In-process through main(argv, io).
 */
import assert from "node:assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse } from "yaml";
import { projectBackend, readStackConfig, ROOT, StackFileError } from "../offline/stackConfig";
import { main } from "../scripts/newTeam";
import { captureIo } from "./helpers";

const CLOUD = "\nbackend:\n  url: https://api.pulumi.com\n";
const REASON = /does not support environments \(pulumi\/pulumi pkg\/cmd\/pulumi\/config\/io\.go openStackEnv/;

function scratch(extra = ""): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "esc-"));
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), fs.readFileSync(path.join(ROOT, "Pulumi.yaml"), "utf8") + extra);
    return dir;
}

const teams = (esc: string[]): string =>
    `teams:\n  nlp:\n    environments:\n      dev:\n        esc: ${JSON.stringify(esc)}\n`;

describe("ESC environments are refused unless the backend is Pulumi Cloud", () => {
    const roots: string[] = [];
    const root = (extra = ""): string => {
        const r = scratch(extra);
        roots.push(r);
        return r;
    };
    after(() => roots.forEach((r) => fs.rmSync(r, { recursive: true, force: true })));

    it("the project's backend: Pulumi.yaml backend.url, the platform's Azure Blob backend when it sets none", () => {
        assert.deepEqual(projectBackend(root()), { url: undefined, cloud: false });
        assert.deepEqual(projectBackend(root(CLOUD)), { url: "https://api.pulumi.com", cloud: true });
        assert.deepEqual(projectBackend(root("\nbackend:\n  url: azblob://state\n")), {
            url: "azblob://state",
            cloud: false,
        });
        assert.equal(projectBackend(ROOT).cloud, false, "the committed project is on the DIY backend");
    });

    it("new-team --esc on a DIY backend: refused with the key, the value and the reason; nothing written", () => {
        const r = root();
        const c = captureIo();
        assert.equal(main(["--team", "nlp", "--env", "dev", "--esc", "aml-stamp/shared"], c.io, r), 1);
        const err = c.err.join("");
        assert.match(err, /--esc aml-stamp\/shared/);
        assert.match(err, REASON);
        assert.doesNotMatch(err, /usage:/, "not a usage error");
        assert.deepEqual(fs.readdirSync(r), ["Pulumi.yaml"]);
    });

    it("new-team --esc on Pulumi Cloud writes the environment: list", () => {
        const r = root(CLOUD);
        const c = captureIo();
        assert.equal(main(["--team", "nlp", "--env", "dev", "--esc", "aml-stamp/shared"], c.io, r), 0, c.err.join(""));
        const doc = parse(fs.readFileSync(path.join(r, "Pulumi.nlp-dev.yaml"), "utf8")) as { environment: string[] };
        assert.deepEqual(doc.environment, ["aml-stamp/shared"]);
    });

    it("teams.yaml esc: on a DIY backend names the teams-file key and value", () => {
        const r = root();
        fs.writeFileSync(path.join(r, "teams.yaml"), teams(["aml-stamp/shared"]));
        const c = captureIo();
        assert.equal(main(["--from", "teams.yaml"], c.io, r), 1);
        assert.match(c.err.join(""), /teams\.yaml: teams\.nlp\.environments\.dev: esc aml-stamp\/shared/);
        assert.match(c.err.join(""), REASON);
        assert.deepEqual(fs.readdirSync(r).sort(), ["Pulumi.yaml", "teams.yaml"]);
    });

    it("teams.yaml esc values are validated like --esc (a bad reference is never written)", () => {
        for (const bad of ["bad env!", "../../x"]) {
            const r = root(CLOUD);
            fs.writeFileSync(path.join(r, "teams.yaml"), teams(["aml-stamp/shared", bad]));
            const c = captureIo();
            assert.equal(main(["--from", "teams.yaml"], c.io, r), 1, bad);
            assert.ok(c.err.join("").includes(`esc ${bad}: expected an ESC environment reference`), c.err.join(""));
            assert.deepEqual(fs.readdirSync(r).sort(), ["Pulumi.yaml", "teams.yaml"]);
            const cli = captureIo();
            assert.equal(main(["--team", "nlp", "--env", "dev", "--esc", bad], cli.io, r), 1);
            assert.ok(cli.err.join("").includes(`--esc ${bad}: expected an ESC environment reference`));
        }
    });

    it("a stack file's environment: on a DIY backend is refused by the plan, naming the file, key and value", () => {
        const r = root();
        fs.writeFileSync(
            path.join(r, "Pulumi.nlp-dev.yaml"),
            "environment:\n  - aml-stamp/shared\nconfig:\n  aml-stamp:team: nlp\n  aml-stamp:environment: dev\n",
        );
        const err = (() => {
            try {
                readStackConfig("nlp-dev", {}, r);
            } catch (e) {
                return e;
            }
            return undefined;
        })();
        assert.ok(err instanceof StackFileError, String(err));
        assert.match(err.message, /^Pulumi\.nlp-dev\.yaml: environment \["aml-stamp\/shared"\]/);
        assert.match(err.message, REASON);
        const cloud = root(CLOUD);
        fs.copyFileSync(path.join(r, "Pulumi.nlp-dev.yaml"), path.join(cloud, "Pulumi.nlp-dev.yaml"));
        assert.equal(readStackConfig("nlp-dev", {}, cloud).config["aml-stamp:team"], "nlp");
    });
});
