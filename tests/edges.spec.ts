/**
 * Errors and edge paths, tried as a new user would: each gets a clear error that names the
 * file or key, the value and what is allowed, and leaves nothing behind.
 */
import assert from "node:assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { ConfigError, loadConfig } from "../config";
import { evaluate } from "../offline/evaluate";
import { planAll, renderPlanAll } from "../offline/planAll";
import {
    escNote,
    listStacks,
    providerSecretKeys,
    readProject,
    readStackConfig,
    ROOT,
    SECRET_PLACEHOLDER,
    StackFileError,
} from "../offline/stackConfig";
import { main as newTeam, parseNewTeamArgs } from "../scripts/newTeam";
import { AnswerError, planStackFile } from "../offline/stackFiles";
import { PULUMI_CLI_MISSING, automationApiSource, requirePulumiCli, resolveDir } from "../scripts/writeCredentials";
import { planModel, renderText } from "../offline/render";
import { main as plan } from "../scripts/plan";
import { runCommand } from "./helpers";

/** The error `fn` throws (fails when it does not throw). */
function thrown(fn: () => unknown): Error {
    try {
        fn();
    } catch (err) {
        return err as Error;
    }
    throw new Error("expected an error, none was thrown");
}

/** A scratch directory, removed after the suite (the `after` hook inside the describe). */
const scratch: string[] = [];
function tmp(prefix: string): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    scratch.push(dir);
    return dir;
}

/** A scratch project root with the real Pulumi.yaml and the given stack files. */
function project(files: Record<string, string>): string {
    const dir = tmp("aml-stamp-edges-");
    fs.copyFileSync(path.join(ROOT, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
    for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
    return dir;
}

/** `npm run plan -- ARGS`, in-process (scripts/plan.ts main), as the process would exit and print. */
function runPlan(args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
    return runCommand("offline plan", plan, args);
}

describe("edge paths", () => {
    after(() => {
        for (const d of scratch.splice(0)) fs.rmSync(d, { recursive: true, force: true });
    });

    describe("an unknown or malformed flag", () => {
        it("plan --bogus names the flag and prints the usage (exit 2, no stack trace)", async () => {
            const r = await runPlan(["--bogus"]);
            assert.equal(r.status, 2, r.stderr);
            assert.match(r.stderr, /Unknown option '--bogus'/);
            assert.match(r.stderr, /usage: npm run plan --/);
            assert.doesNotMatch(r.stderr, /\n\s+at /);
            assert.equal(r.stdout, "");
        });

        it("plan --stack without its value says so (exit 2)", async () => {
            const r = await runPlan(["--stack"]);
            assert.equal(r.status, 2, r.stderr);
            assert.match(r.stderr, /--stack/);
            assert.doesNotMatch(r.stderr, /\n\s+at /);
        });
    });

    describe("plan --stack NAME for a stack without a file", () => {
        it("names the file looked for and lists the stacks that exist (exit 1, no stack trace)", async () => {
            const r = await runPlan(["--stack", "nope-dev"]);
            assert.equal(r.status, 1, r.stderr);
            assert.match(r.stderr, /no stack file Pulumi\.nope-dev\.yaml for stack "nope-dev"/);
            assert.match(r.stderr, new RegExp(`Stacks with a file: ${listStacks().join(", ")}`));
            assert.doesNotMatch(r.stderr, /not set|at .*\.ts:\d+/);
            assert.equal(r.stdout, "");
        });

        it("readStackConfig refuses a missing stack file instead of reading it as empty", () => {
            const err = thrown(() => readStackConfig("nope-dev"));
            assert.ok(err instanceof StackFileError, String(err));
            assert.equal(err.file, "Pulumi.nope-dev.yaml");
        });
    });

    describe("YAML syntax errors", () => {
        it("a stack file: file, line and column, and the parser's message", () => {
            const root = project({ "Pulumi.x-dev.yaml": "config:\n  aml-stamp:team: x1\n  aml-stamp:tags: [open\n" });
            const err = thrown(() => readStackConfig("x-dev", {}, root));
            assert.ok(err instanceof StackFileError, String(err));
            assert.match(err.message, /^Pulumi\.x-dev\.yaml:4:1: invalid YAML: Flow sequence .* must .* end with a \]/);
        });

        it("Pulumi.yaml: file, line and column", () => {
            const root = tmp("aml-stamp-edges-");
            fs.writeFileSync(path.join(root, "Pulumi.yaml"), "name: aml-stamp\nconfig:\n  team: {type: string\n");
            const err = thrown(() => readProject(root));
            assert.ok(err instanceof StackFileError, String(err));
            assert.match(err.message, /^Pulumi\.yaml:\d+:\d+: invalid YAML: /);
        });

        it("plan --all names the file, line and column", async () => {
            const root = project({ "Pulumi.x-dev.yaml": "config:\n  aml-stamp:team: [x\n" });
            const r = await planAll({ root });
            assert.equal(r.ok, false);
            assert.match(renderPlanAll(r), /Pulumi\.x-dev\.yaml:3:1: invalid YAML/);
        });

        it("a stack file that is not a mapping of config keys", () => {
            const root = project({ "Pulumi.x-dev.yaml": "config:\n  - aml-stamp:team\n" });
            assert.match(
                thrown(() => readStackConfig("x-dev", {}, root)).message,
                /Pulumi\.x-dev\.yaml: `config:` must be a mapping/,
            );
        });
    });

    describe("new-team refuses provider credentials in plain text", () => {
        it("derives the credential keys from the provider SDKs (schema `secret: true`)", () => {
            for (const ns of ["azure-native", "azuread"]) {
                const keys = providerSecretKeys(ns);
                for (const k of ["clientSecret", "clientCertificatePassword", "oidcToken"]) {
                    assert.ok(keys.includes(k), `${ns}:${k} in ${keys.join(",")}`);
                }
                assert.ok(!keys.includes("subscriptionId") && !keys.includes("tenantId"));
            }
            assert.deepEqual(providerSecretKeys("no-such-provider"), []);
        });

        for (const key of [
            "azure-native:clientSecret",
            "azuread:clientSecret",
            "azure-native:clientCertificatePassword",
        ]) {
            it(`--set ${key}=… is refused, pointing to pulumi config set --secret, and nothing is written`, () => {
                const root = project({});
                const argv = ["--team", "nlp", "--env", "dev", "--set", `${key}=hunter2`];
                const err = thrown(() => planStackFile(parseNewTeamArgs(argv)!, root));
                assert.ok(err instanceof AnswerError, String(err));
                assert.match(err.message, new RegExp(`pulumi config set --secret ${key} <value>`));
                assert.doesNotMatch(err.message, /hunter2/);
                const errs: string[] = [];
                assert.equal(newTeam(argv, { out: () => undefined, err: (t) => errs.push(t) }, root), 1);
                assert.deepEqual(fs.readdirSync(root), ["Pulumi.yaml"]);
            });
        }

        it("a stack file holding a provider credential in plain text is refused by the plan, naming file and key", () => {
            const root = project({
                "Pulumi.x-dev.yaml":
                    "config:\n  aml-stamp:team: x1\n  aml-stamp:environment: dev\n  azure-native:clientSecret: hunter2\n",
            });
            const err = thrown(() => readStackConfig("x-dev", {}, root));
            assert.ok(err instanceof StackFileError, String(err));
            assert.match(
                err.message,
                /^Pulumi\.x-dev\.yaml: azure-native:clientSecret holds a credential in plain text/,
            );
            assert.match(err.message, /pulumi config set --secret azure-native:clientSecret/);
            assert.doesNotMatch(err.message, /hunter2/);
            // Encrypted, it is fine (and secret).
            const ok = project({
                "Pulumi.x-dev.yaml":
                    "config:\n  aml-stamp:team: x1\n  azure-native:clientSecret:\n    secure: v1:abc\n",
            });
            assert.deepEqual(readStackConfig("x-dev", {}, ok).secretKeys, ["azure-native:clientSecret"]);
        });

        it("other provider keys are written as given (checked by their SDK's type: tests/providerKeys.spec.ts)", () => {
            const root = project({});
            const sub = "11111111-2222-4333-8444-555555555555";
            const argv = ["--team", "nlp", "--env", "dev", "--set", `azure-native:subscriptionId=${sub}`];
            assert.equal(planStackFile(parseNewTeamArgs(argv)!, root).config["azure-native:subscriptionId"], sub);
        });
    });

    describe("plan --all: what two stacks must not share", () => {
        it("two stack files with the same team and environment fail, naming both files", async () => {
            const stack = "config:\n  aml-stamp:team: same\n  aml-stamp:environment: dev\n";
            const root = project({ "Pulumi.a-dev.yaml": stack, "Pulumi.b-dev.yaml": stack });
            const r = await planAll({ root });
            assert.equal(r.ok, false, renderPlanAll(r));
            const text = renderPlanAll(r);
            assert.match(text, /FAIL {2}Pulumi\.b-dev\.yaml/);
            assert.match(
                text,
                /Pulumi\.b-dev\.yaml and Pulumi\.a-dev\.yaml both declare team "same", environment "dev"/,
            );
        });

        it("two stacks in one existing resource group share the platform's custom roles: no definition to collide", async () => {
            // Before the platform layer each stack declared "AzureML Compute User (rg-shared)" and the two
            // collided on the tenant-unique name; now the platform defines the role once per subscription and both
            // stacks only assign it (lib/customRoles.ts sharedCustomRoleId).
            const stack = (team: string, group: string): string =>
                [
                    "config:",
                    `  aml-stamp:team: ${team}`,
                    "  aml-stamp:environment: dev",
                    "  aml-stamp:existingResourceGroup: rg-shared",
                    "  aml-stamp:access:",
                    "    customRoles:",
                    "      computeUser:",
                    `        groups: [${group}]`,
                    "",
                ].join("\n");
            const root = project({
                "Pulumi.a-dev.yaml": stack("teama", "00000000-0000-0000-0000-000000000001"),
                "Pulumi.b-dev.yaml": stack("teamb", "00000000-0000-0000-0000-000000000002"),
            });
            const r = await planAll({ root });
            assert.equal(r.ok, true, renderPlanAll(r));
            assert.doesNotMatch(renderPlanAll(r), /role definition/);
        });
    });

    describe("write-credentials", () => {
        it("without the Pulumi CLI: says it is missing and how to install it", async () => {
            const empty = tmp("aml-stamp-nopath-");
            assert.throws(() => requirePulumiCli({ PATH: empty }), { message: PULUMI_CLI_MISSING });
            assert.match(
                PULUMI_CLI_MISSING,
                /not installed or not on PATH.*https:\/\/www\.pulumi\.com\/docs\/install\//,
            );
            const saved = process.env["PATH"];
            process.env["PATH"] = empty;
            try {
                await assert.rejects(automationApiSource.outputs("dev"), { message: PULUMI_CLI_MISSING });
            } finally {
                process.env["PATH"] = saved;
            }
        });

        it("--dir is resolved against the caller's directory (npm run: INIT_CWD), not the package root", () => {
            const env = { INIT_CWD: "/home/me/project" };
            assert.equal(resolveDir("out", env, ROOT), "/home/me/project/out");
            assert.equal(resolveDir(undefined, env, ROOT), "/home/me/project");
            assert.equal(resolveDir("/abs/dir", env, ROOT), "/abs/dir");
            assert.equal(resolveDir("out", {}, "/work/here"), "/work/here/out");
        });
    });

    describe("secure config values keep their secretness", () => {
        const base = { "aml-stamp:team": "ml-platform", "aml-stamp:environment": "dev" };

        it("a secure: value of a project key is refused by the program, naming the key, never used in clear", async () => {
            const stackDoc = { config: { ...base, "aml-stamp:existingResourceGroup": { secure: "v1:abc" } } };
            const err = (await evaluate({ stackDoc }).catch((e: unknown) => e)) as ConfigError;
            // The evaluation loads its own copy of config/ (fresh modules per evaluation): compare by name.
            assert.equal(err.name, "ConfigError", String(err));
            assert.equal(err.problems[0]?.key, "aml-stamp:existingResourceGroup");
            assert.match(err.message, /set as a secret/);
            assert.doesNotMatch(err.message, new RegExp(SECRET_PLACEHOLDER));
        });

        it("the keys the CLI lists in PULUMI_CONFIG_SECRET_KEYS are refused the same way", () => {
            pulumi.runtime.setAllConfig({ ...base, "aml-stamp:location": "westeurope" }, ["aml-stamp:location"]);
            const err = thrown(() => loadConfig());
            assert.ok(err instanceof ConfigError, String(err));
            assert.equal(err.problems[0]?.key, "aml-stamp:location");
        });

        it("a secure provider key stays secret for the SDK and never appears in the plan", async () => {
            const stackDoc = { config: { ...base, "azure-native:clientSecret": { secure: "v1:abc" } } };
            const e = await evaluate({ stackDoc });
            const runtime = pulumi.runtime as unknown as { isConfigSecret(k: string): boolean };
            assert.equal(runtime.isConfigSecret("azure-native:clientSecret"), true);
            const text = renderText(planModel(e, []));
            assert.doesNotMatch(text, new RegExp(SECRET_PLACEHOLDER));
            assert.doesNotMatch(JSON.stringify(planModel(e, [])), new RegExp(SECRET_PLACEHOLDER));
        });
    });

    describe("ESC: what an imported environment can add (objects deep-merge)", () => {
        it("lists the keys the stack leaves to the environment and the objects it can still add keys to", () => {
            const lines = escNote({
                environment: ["aml-stamp/shared"],
                config: { "aml-stamp:team": "x1", "aml-stamp:tags": { a: "b" } },
            }).join("\n");
            assert.match(lines, /imports aml-stamp\/shared, not resolved offline/);
            assert.match(lines, /leaves out \(replacing its default\): .*aml-stamp:location/);
            assert.doesNotMatch(lines.split("\n")[1]!, /aml-stamp:tags/);
            assert.match(lines, /add keys inside the objects this stack file sets .*: aml-stamp:tags$/m);
            assert.match(lines, /pkg\/workspace\/config\.go mergeConfig/);
        });

        it("says nothing for a stack that imports no environment", () => {
            assert.deepEqual(escNote({ config: { "aml-stamp:team": "x1" } }), []);
        });
    });
});
