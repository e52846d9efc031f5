/**
 * Stack files are edited, never regenerated: `new-team --from teams.yaml` changes only the keys the teams file owns
 * and keeps everything else of an existing stack file byte for byte (the secrets provider fields Pulumi needs to
 * decrypt the stack, secure values, provider keys, comments, order). In-process through main(argv, io).
 */
import assert from "node:assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import fc from "fast-check";
import { parse, stringify } from "yaml";
import { ROOT } from "../offline/stackConfig";
import { compareStackFiles } from "../offline/teamsFile";
import { planTeamsFile } from "../offline/stackFiles";
import { editYaml, lineDiff } from "../offline/yamlEdit";
import { main } from "../scripts/newTeam";
import { captureIo } from "./helpers";

const TEAMS = `teams:
  vision:
    location: swedencentral
    config:
      tags:
        cost-center: "5120"
        owner: vision@contoso.com
    environments:
      dev:
        config:
          keyVaultRetentionDays: 9
`;

/** What `pulumi stack init --secrets-provider azurekeyvault://…` and `pulumi config set --secret` leave in a file. */
const STACK = `# Team vision, environment dev.   Hand-written note: ask #ml-platform before changing the region.
secretsprovider: azurekeyvault://aml-state.vault.azure.net/keys/state
encryptedkey: ZXhhbXBsZS1lbmNyeXB0ZWQta2V5LXdyYXBwZWQtYnktdGhlLWtleS12YXVsdC1rZXktdGhhdC1pcy1sb25nZXItdGhhbi1laWdodHktY2hhcmFjdGVycw==
config:
    # the stamp's identity
    aml-stamp:team: vision
    aml-stamp:environment: dev
    aml-stamp:location: swedencentral     # must not move
    azure-native:subscriptionId: "11111111-2222-4333-8444-555555555555"
    azuread:clientSecret:
        secure: v1:c2VjcmV0LWNpcGhlcnRleHQ=
    aml-stamp:keyVaultRetentionDays: 7   # chosen once: Azure fixes it at creation
    aml-stamp:tags: {cost-center: "5120", owner: vision@contoso.com}
    pulumi:disable-default-providers: []
# kept at the end
`;

describe("stack files are edited in place (new-team --from teams.yaml)", () => {
    let root: string;
    beforeEach(() => {
        root = fs.mkdtempSync(path.join(os.tmpdir(), "stack-edit-"));
        fs.copyFileSync(path.join(ROOT, "Pulumi.yaml"), path.join(root, "Pulumi.yaml"));
        fs.writeFileSync(path.join(root, "teams.yaml"), TEAMS);
        fs.writeFileSync(path.join(root, "Pulumi.vision-dev.yaml"), STACK);
    });
    afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

    it("changes only the owned key that differs; every other byte stays", () => {
        const c = captureIo();
        assert.equal(main(["--from", "teams.yaml"], c.io, root), 0, c.err.join(""));
        const after = fs.readFileSync(path.join(root, "Pulumi.vision-dev.yaml"), "utf8");
        assert.equal(
            after,
            STACK.replace("aml-stamp:keyVaultRetentionDays: 7 ", "aml-stamp:keyVaultRetentionDays: 9 "),
        );
        assert.match(c.out.join(""), /updated +Pulumi\.vision-dev\.yaml/);
    });

    it("provider keys and other namespaces the teams file does not name are not disagreements", () => {
        fs.writeFileSync(path.join(root, "Pulumi.vision-dev.yaml"), STACK.replace(": 7 ", ": 9 "));
        const plans = planTeamsFile(root)!;
        assert.deepEqual(compareStackFiles(plans), []);
        const c = captureIo();
        assert.equal(main(["--from", "teams.yaml"], c.io, root), 0, c.err.join(""));
        assert.match(c.out.join(""), /unchanged Pulumi\.vision-dev\.yaml/);
    });

    it("a project key the teams file does not set is removed (the teams file owns the aml-stamp: keys)", () => {
        const file = path.join(root, "Pulumi.vision-dev.yaml");
        fs.writeFileSync(
            file,
            STACK.replace("# kept at the end\n", "    aml-stamp:logRetentionDays: 60\n# kept at the end\n"),
        );
        assert.equal(main(["--from", "teams.yaml"], captureIo().io, root), 0);
        assert.doesNotMatch(fs.readFileSync(file, "utf8"), /logRetentionDays/);
        assert.match(fs.readFileSync(file, "utf8"), /encryptedkey: ZXhh/);
    });

    it("--dry-run writes nothing and shows the diff it would write", () => {
        const c = captureIo();
        assert.equal(main(["--from", "teams.yaml", "--dry-run"], c.io, root), 0, c.err.join(""));
        assert.equal(fs.readFileSync(path.join(root, "Pulumi.vision-dev.yaml"), "utf8"), STACK);
        const out = c.out.join("");
        assert.match(out, /^ {4}- {5}aml-stamp:keyVaultRetentionDays: 7 {3}# chosen once/m);
        assert.match(out, /^ {4}\+ {5}aml-stamp:keyVaultRetentionDays: 9 {3}# chosen once/m);
        assert.doesNotMatch(out, /^ {4}[-+] .*encryptedkey/m);
    });
});

describe("editYaml: sets and removes entries, keeps the rest byte for byte", () => {
    it("a new key goes after the last entry, at the mapping's indentation", () => {
        const text = "config:\n    a:b: 1   # one\n# end\n";
        assert.equal(
            editYaml(text, [{ path: ["config", "a:c"], value: { x: [1] } }]),
            "config:\n    a:b: 1   # one\n    a:c:\n      x:\n        - 1\n# end\n",
        );
    });

    it("creates the mapping when it is missing, empty or a flow mapping", () => {
        assert.equal(editYaml("# c\n", [{ path: ["config", "k"], value: "v" }]), "# c\nconfig:\n  k: v\n");
        assert.equal(editYaml("config:\n", [{ path: ["config", "k"], value: "v" }]), "config:\n  k: v\n");
        assert.equal(editYaml("config: ~\n# c\n", [{ path: ["config", "k"], value: "v" }]), "config:\n  k: v\n# c\n");
        assert.equal(
            editYaml("a: 1\nconfig:\n\nb: 2\n", [{ path: ["config", "k"], value: "v" }]),
            "a: 1\nconfig:\n  k: v\n\nb: 2\n",
        );
        assert.equal(editYaml("config: {a: 1}\n", [{ path: ["config", "k"], value: 2 }]), "config:\n  a: 1\n  k: 2\n");
    });

    it("removes an entry with its lines, and nothing else", () => {
        const text = "config:\n  a: 1\n  b:\n    c: 2\n  d: 3\n";
        assert.equal(editYaml(text, [{ path: ["config", "b"], value: undefined }]), "config:\n  a: 1\n  d: 3\n");
    });

    it("keeps CRLF line endings", () => {
        assert.equal(
            editYaml("config:\r\n  a: 1\r\n", [{ path: ["config", "b"], value: 2 }]),
            "config:\r\n  a: 1\r\n  b: 2\r\n",
        );
    });

    it("lineDiff shows removed then added lines with context", () => {
        assert.equal(lineDiff("a\nb\nc\n", "a\nB\nc\n"), "@@ line 1\n  a\n- b\n+ B\n  c\n");
        assert.equal(lineDiff("x\n", "x\n"), "");
    });
});

describe("new-team --from: an existing stack file it cannot edit", () => {
    it("names the file and writes nothing, no stack trace", () => {
        const root = fs.mkdtempSync(path.join(os.tmpdir(), "stack-edit-"));
        try {
            fs.copyFileSync(path.join(ROOT, "Pulumi.yaml"), path.join(root, "Pulumi.yaml"));
            fs.writeFileSync(path.join(root, "teams.yaml"), TEAMS);
            fs.writeFileSync(path.join(root, "Pulumi.vision-dev.yaml"), "- not a mapping\n");
            const c = captureIo();
            assert.equal(main(["--from", "teams.yaml"], c.io, root), 1);
            assert.match(c.err.join(""), /Pulumi\.vision-dev\.yaml: cannot be edited: the top level is not a mapping/);
            assert.equal(fs.readFileSync(path.join(root, "Pulumi.vision-dev.yaml"), "utf8"), "- not a mapping\n");
        } finally {
            fs.rmSync(root, { recursive: true, force: true });
        }
    });
});

describe("editYaml property: any edits of any config keep every line they do not own", () => {
    it("the result parses to the edited config; the secrets-provider lines and every comment stay", () => {
        const key = fc.stringMatching(/^[a-z][a-zA-Z0-9-]{0,8}:[a-z][a-zA-Z0-9.]{0,10}$/);
        const scalar = fc.oneof(
            fc.string({ maxLength: 12 }),
            fc.integer(),
            fc.boolean(),
            fc.constantFrom("true", "0123", "~", "a: b", "#x"),
        );
        const value = fc.oneof(
            scalar,
            fc.array(scalar, { maxLength: 3 }),
            fc.dictionary(fc.stringMatching(/^[a-z]{1,6}$/), scalar, { maxKeys: 3 }),
        );
        fc.assert(
            fc.property(
                fc.uniqueArray(fc.tuple(key, value), { selector: ([k]) => k, minLength: 1, maxLength: 6 }),
                fc.array(fc.tuple(fc.nat(), fc.option(value, { nil: undefined })), { maxLength: 4 }),
                fc.option(key, { nil: undefined }),
                (entries, picks, added) => {
                    const lines = [
                        "secretsprovider: azurekeyvault://v.vault.azure.net/keys/k",
                        "encryptedkey: ZW5j",
                        "config:",
                    ];
                    entries.forEach(([k, v], i) => {
                        lines.push(`  # comment ${i}`);
                        lines.push(
                            ...stringify({ [k]: v }, { lineWidth: 0 })
                                .trimEnd()
                                .split("\n")
                                .map((l) => `  ${l}`),
                        );
                    });
                    const text = `${lines.join("\n")}\n# end\n`;
                    const expected: Record<string, unknown> = Object.fromEntries(entries);
                    const edits = picks.map(([n, v]) => ({
                        path: ["config", entries[n % entries.length]![0]] as const,
                        value: v,
                    }));
                    if (added !== undefined && !(added in expected)) edits.push({ path: ["config", added], value: 1 });
                    for (const e of edits) {
                        if (e.value === undefined) delete expected[e.path[1]];
                        else expected[e.path[1]] = e.value;
                    }
                    const out = editYaml(text, edits);
                    const doc = parse(out) as { config?: Record<string, unknown> | null; encryptedkey: string };
                    assert.deepEqual(doc.config ?? {}, JSON.parse(JSON.stringify(expected)));
                    for (const l of [lines[0], lines[1], "# end", ...entries.map((_e, i) => `  # comment ${i}`)]) {
                        assert.ok(out.includes(`${l}\n`), `${l} kept in\n${out}`);
                    }
                },
            ),
            { numRuns: 200 },
        );
    });
});
