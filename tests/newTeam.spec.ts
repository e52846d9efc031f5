import assert from "node:assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import fc from "fast-check";
import { parse } from "yaml";
import { ConfigError, parseConfig } from "../config";
import { readStackConfig, ROOT } from "../offline/stackConfig";
import { main, parseNewTeamArgs } from "../scripts/newTeam";
import {
    AnswerError,
    type NewTeamAnswers,
    planStackFile,
    StackExistsError,
    UsageError,
    writeStackFile,
} from "../offline/stackFiles";
import { captureIo, evaluateStack, newTeamProductionStack, PRODUCTION_SETS, thrown } from "./helpers";
import { mandatory, policyConfigFor, runPolicies } from "../offline/policies";

/** A scratch project root holding the real Pulumi.yaml (the shared defaults), so stack files land there. */
function scratchRoot(pulumiYaml?: string): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "new-team-"));
    fs.writeFileSync(
        path.join(dir, "Pulumi.yaml"),
        pulumiYaml ?? fs.readFileSync(path.join(ROOT, "Pulumi.yaml"), "utf8"),
    );
    return dir;
}

function answers(argv: string[]): NewTeamAnswers {
    const a = parseNewTeamArgs(argv);
    assert.ok(a);
    return a;
}

describe("new-team", () => {
    let root: string;
    beforeEach(() => {
        root = scratchRoot();
    });
    afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

    it("writes Pulumi.<team>-<env>.yaml that the program's config parser accepts", () => {
        const c = captureIo();
        const code = main(
            [
                "--team",
                "vision",
                "--env",
                "prod",
                "--location",
                "swedencentral",
                "--production",
                "--set",
                'tags={"owner":"v@contoso.com"}',
                ...PRODUCTION_SETS,
            ],
            c.io,
            root,
        );
        assert.equal(code, 0, c.err.join(""));
        const file = path.join(root, "Pulumi.vision-prod.yaml");
        assert.ok(fs.existsSync(file));
        const cfg = parseConfig(readStackConfig("vision-prod", {}, root).config);
        assert.equal(cfg.team, "vision");
        assert.equal(cfg.environment, "prod");
        assert.equal(cfg.location, "swedencentral");
        assert.equal(cfg.production, true);
        assert.deepEqual(cfg.tags, { owner: "v@contoso.com" });
        // Follow-up steps: stack init (no secret step: no key of the project is secret).
        const printed = c.out.join("");
        assert.match(printed, /pulumi stack init vision-prod/);
    });

    it("writes only what differs from the Pulumi.yaml defaults (team, environment and location always)", () => {
        const plan = planStackFile(
            answers(["--team", "vision", "--env", "dev", "--set", "protect=true", "--set", "logRetentionDays=60"]),
            root,
        );
        assert.deepEqual(Object.keys(plan.config).sort(), [
            "aml-stamp:environment",
            "aml-stamp:location",
            "aml-stamp:logRetentionDays",
            "aml-stamp:team",
        ]);
        assert.equal(
            plan.config["aml-stamp:logRetentionDays"],
            60,
            "integers are written as numbers, by the declared type",
        );
    });

    it("passes provider keys through (spreading stacks across subscriptions)", () => {
        const sub = "11111111-2222-4333-8444-555555555555";
        const plan = planStackFile(
            answers(["--team", "nlp", "--env", "dev", "--set", `azure-native:subscriptionId=${sub}`]),
            root,
        );
        assert.equal(plan.config["azure-native:subscriptionId"], sub);
    });

    describe("invalid answers: nothing is written and the error names the key", () => {
        for (const [argv, key] of [
            [["--team", "Vision", "--env", "dev"], "aml-stamp:team"],
            [["--team", "vision", "--env", "dev-1"], "aml-stamp:environment"],
            [["--team", "vision", "--env", "dev", "--location", "West Europe"], "aml-stamp:location"],
            [
                ["--team", "vision", "--env", "dev", "--set", "keyVaultRetentionDays=3"],
                "aml-stamp:keyVaultRetentionDays",
            ],
            [
                ["--team", "vision", "--env", "dev", "--set", "containerRegistrySku=Free"],
                "aml-stamp:containerRegistrySku",
            ],
            [["--team", "vision", "--env", "prod", "--production", "--set", "protect=false"], "aml-stamp:protect"],
            [["--team", "vision", "--env", "dev", "--set", "teem=x"], "aml-stamp:teem"],
        ] as const) {
            it(`${argv.slice(2).join(" ") || argv.join(" ")} → ${key}`, async () => {
                const err = await thrown(() => planStackFile(answers([...argv]), root));
                assert.ok(err instanceof ConfigError, String(err));
                assert.equal(err.problems[0]?.key, key);
                const c = captureIo();
                assert.equal(main([...argv], c.io, root), 1);
                assert.ok(c.err.join("").includes(key), "the CLI names the key");
                assert.deepEqual(fs.readdirSync(root), ["Pulumi.yaml"], "nothing written");
            });
        }
    });

    it("refuses to overwrite an existing stack file", async () => {
        const file = path.join(root, "Pulumi.vision-dev.yaml");
        fs.writeFileSync(file, "config:\n  aml-stamp:team: keep-me\n");
        const err = await thrown(() =>
            writeStackFile(planStackFile(answers(["--team", "vision", "--env", "dev"]), root)),
        );
        assert.ok(err instanceof StackExistsError);
        const c = captureIo();
        assert.equal(main(["--team", "vision", "--env", "dev"], c.io, root), 1);
        assert.match(c.err.join(""), /already exists/);
        assert.equal(fs.readFileSync(file, "utf8"), "config:\n  aml-stamp:team: keep-me\n", "untouched");
    });

    describe("usage errors (exit 2)", () => {
        for (const argv of [
            ["--env", "dev"],
            ["--team", "vision"],
            ["--team", "vision", "--env", "dev", "--set", "novalue"],
            ["--team", "vision", "--env", "dev", "--set", "team=other"],
            ["--team", "vision", "--env", "dev", "--bogus"],
        ]) {
            it(argv.join(" "), () => {
                assert.throws(() => planStackFile(answers(argv), root), UsageError);
                assert.equal(main(argv, captureIo().io, root), 2);
            });
        }
    });

    it("refuses to write a key Pulumi.yaml declares secret in plain text", () => {
        const base = fs.readFileSync(path.join(ROOT, "Pulumi.yaml"), "utf8");
        const secretRoot = scratchRoot(
            `${base}\n  apiToken:\n    type: string\n    secret: true\n    description: A token.\n`,
        );
        try {
            assert.throws(
                () => planStackFile(answers(["--team", "a1", "--env", "dev", "--set", "apiToken=abc"]), secretRoot),
                /pulumi config set --secret apiToken/,
            );
        } finally {
            fs.rmSync(secretRoot, { recursive: true, force: true });
        }
    });

    it("round-trips any tag map through the YAML file unchanged (quoting of numbers, booleans, null-like text)", () => {
        // "__proto__" is left out: plain-object tag maps cannot hold it as a key anywhere in JavaScript.
        const tagName = fc.stringMatching(/^[A-Za-z0-9 _.:@+=-]{1,20}$/).filter((k) => k !== "__proto__");
        const tagValue = fc.oneof(
            fc.constantFrom("true", "0123", "null", "1e3", "~", "yes", "", " x"),
            fc.string({ maxLength: 40 }),
        );
        fc.assert(
            fc.property(fc.dictionary(tagName, tagValue, { maxKeys: 8 }), (tags) => {
                const plan = planStackFile(
                    answers(["--team", "vision", "--env", "dev", "--set", `tags=${JSON.stringify(tags)}`]),
                    root,
                );
                const doc = parse(plan.text) as { config: Record<string, unknown> };
                const cfg = parseConfig(readStackConfig("vision-dev", {}, root, doc).config);
                assert.deepEqual(cfg.tags, { ...tags });
            }),
            { numRuns: 60 },
        );
    });
});

describe("new-team --production (hardened profile)", () => {
    it("writes a stack that evaluates with zero mandatory policy violations", async () => {
        const plan = newTeamProductionStack();
        assert.equal(plan.config["aml-stamp:publicNetworkAccess"], "Disabled");
        assert.equal(plan.config["aml-stamp:managedNetworkIsolation"], "AllowOnlyApprovedOutbound");
        assert.equal(plan.config["aml-stamp:containerRegistrySku"], "Premium");
        assert.equal(plan.config["aml-stamp:imageBuildCompute"], "image-build");
        const cfg = parseConfig(readStackConfig(plan.stack, {}, ROOT, { config: plan.config }).config);
        const e = await evaluateStack({}, { stack: plan.stack, stackDoc: { config: plan.config } });
        const must = mandatory(await runPolicies(e.resources, { config: policyConfigFor(cfg) }));
        // Workspace_UAIEnabled_Audit (5f0c7d88) is exempted (workspace-system-identity): the default workspace identity
        // is system-assigned, whose grants the CI deploy identity can make (tests/deployerCanAssign.spec.ts).
        assert.deepEqual(
            must.map((v) => v.message),
            [],
        );
    });

    it("without a private endpoint subnet it writes nothing and names the key", () => {
        const c = captureIo();
        assert.equal(main(["--team", "risk", "--env", "prod", "--production", "--dry-run"], c.io), 1);
        assert.match(c.err.join(""), /aml-stamp:privateEndpointSubnetId = "": production stacks require the subnet/);
    });
});

describe("new-team --set: nested keys and parse errors (failed before: unknown key / hidden JSON error)", () => {
    let root: string;
    beforeEach(() => (root = scratchRoot()));
    afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

    it("--set a.b=value sets one field of an object key, decoded by the field's type", () => {
        const plan = planStackFile(
            answers([
                "--team",
                "nlp",
                "--env",
                "dev",
                "--set",
                "automation.rotationDays=30",
                "--set",
                "automation.clientSecrets=false",
                "--set",
                'automation.federatedCredentials=[{"name":"gh","github":{"repo":"contoso/nlp","branch":"main"}}]',
                "--set",
                "tags.cost-center=4711",
            ]),
            root,
        );
        assert.deepEqual(plan.config["aml-stamp:automation"], {
            rotationDays: 30,
            clientSecrets: false,
            federatedCredentials: [{ name: "gh", github: { repo: "contoso/nlp", branch: "main" } }],
        });
        // tag values are text: the field's schema says so, so 4711 stays the string "4711"
        assert.deepEqual(plan.config["aml-stamp:tags"], { "cost-center": "4711" });
    });

    it("a misspelled head of a nested key suggests the key", async () => {
        const err = await thrown(() =>
            planStackFile(answers(["--team", "nlp", "--env", "dev", "--set", "automaton.rotationDays=30"]), root),
        );
        assert.ok(err instanceof AnswerError);
        assert.match(err.message, /Did you mean "automation"\?/);
    });

    it("a value that is not valid YAML/JSON shows the parser's error and names the key", async () => {
        const err = await thrown(() =>
            planStackFile(answers(["--team", "nlp", "--env", "dev", "--set", "tags={bad json"]), root),
        );
        assert.ok(err instanceof AnswerError, String(err));
        assert.match(err.message, /--set tags=\{bad json: not valid YAML\/JSON \(.+\)/);
    });
});

describe("new-team's answers say what is true (no misleading answer)", () => {
    let root: string;
    beforeEach(() => (root = scratchRoot()));
    afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

    it("the next steps name deploy.yml and no `pulumi config set --secret` (no key of the project is secret)", () => {
        const c = captureIo();
        assert.equal(main(["--team", "nlp", "--env", "dev"], c.io, root), 0, c.err.join(""));
        const out = c.out.join("");
        assert.doesNotMatch(out, /pulumi config set --secret/);
        assert.doesNotMatch(out, /main workflow/);
        assert.match(out, /\.github\/workflows\/deploy\.yml/);
        assert.match(out, /\.github\/workflows\/pull-request\.yml/);
        const file = fs.readFileSync(path.join(root, "Pulumi.nlp-dev.yaml"), "utf8");
        assert.doesNotMatch(file, /pulumi config set --secret KEY VALUE/);
        // The steps are numbered 1, 2, 3, ... without a gap.
        const numbers = [...out.matchAll(/^ {2}(\d+)\. /gm)].map((m) => Number(m[1]));
        assert.deepEqual(
            numbers,
            numbers.map((_n, i) => i + 1),
        );
    });

    for (const [argv, says] of [
        [["--set", "tags={bad json"], /--set tags=\{bad json: not valid YAML\/JSON/],
        [["--set", "automaton.rotationDays=30"], /Did you mean "automation"\?/],
        [["--set", "logRetentionDays.x=1"], /aml-stamp:logRetentionDays is of type integer, not an object with fields/],
        [["--set", "azure-native:clientSecret=x"], /holds a credential/],
    ] as const) {
        it(`${argv.join(" ")}: an answer error, exit 1, no usage text`, () => {
            const c = captureIo();
            assert.equal(main(["--team", "nlp", "--env", "dev", ...argv], c.io, root), 1);
            assert.match(c.err.join(""), says);
            assert.match(c.err.join(""), /^new-team: nothing written\./);
            assert.doesNotMatch(c.err.join(""), /usage:/);
        });
    }

    it("usage errors still print the usage (exit 2)", () => {
        const c = captureIo();
        assert.equal(main(["--team", "nlp"], c.io, root), 2);
        assert.match(c.err.join(""), /--env is required\n\nusage: npm run new-team/);
    });
});
