/**
 * Keys outside the project's namespace get an answer too: provider keys are checked against the installed provider
 * SDK's declared config (credential-like ones refused in plain text, GUIDs are GUIDs, booleans are booleans, unknown
 * keys refused with a did-you-mean), and a namespace nothing reads (`aml-stmp:`) is named in an error, in new-team
 * and in the offline plan. In-process through main(argv, io).
 */
import assert from "node:assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse } from "yaml";
import {
    configNamespaces,
    providerKeys,
    providerSecretKeys,
    readStackConfig,
    ROOT,
    StackFileError,
} from "../offline/stackConfig";
import { main } from "../scripts/newTeam";
import { captureIo } from "./helpers";

const SUB = "11111111-2222-4333-8444-555555555555";

describe("provider keys and config namespaces", () => {
    let root: string;
    beforeEach(() => {
        root = fs.mkdtempSync(path.join(os.tmpdir(), "provider-keys-"));
        fs.copyFileSync(path.join(ROOT, "Pulumi.yaml"), path.join(root, "Pulumi.yaml"));
    });
    afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

    const newTeam = (...set: string[]): { code: number; err: string; out: string } => {
        const c = captureIo();
        const argv = ["--team", "nlp", "--env", "dev", ...set.flatMap((s) => ["--set", s])];
        const code = main(argv, c.io, root);
        return { code, err: c.err.join(""), out: c.out.join("") };
    };

    it("the namespaces: the project's, the engine's and those of the providers the program installs", () => {
        assert.deepEqual(configNamespaces(root), ["aml-stamp", "azure-native", "azuread", "pulumi"]);
        assert.ok(providerKeys("azure-native")!.some((k) => k.key === "subscriptionId" && k.guid));
        assert.equal(providerKeys("no-such-provider"), undefined);
    });

    it("every credential-like provider key is a secret key (azuread:clientCertificate included)", () => {
        assert.ok(providerSecretKeys("azuread").includes("clientCertificate"));
        for (const ns of ["azure-native", "azuread"]) {
            for (const k of providerSecretKeys(ns)) assert.match(k, /Secret|Password|Token|Certificate$|^clientId$/);
            assert.ok(!providerSecretKeys(ns).includes("clientCertificatePath"));
        }
    });

    for (const [set, key, says] of [
        ["azure-native:bogusKey=1", "azure-native:bogusKey", /not a config key of the azure-native provider/],
        ["azure-native:subscriptionid=x", "azure-native:subscriptionid", /Did you mean "subscriptionId"\?/],
        ["azure-native:subscriptionId=not-a-guid", "azure-native:subscriptionId", /must be a GUID/],
        ["azuread:tenantId=contoso", "azuread:tenantId", /must be a GUID/],
        ["azure-native:useMsi=yes", "azure-native:useMsi", /must be true or false/],
        ["azure-native:auxiliaryTenantIds=[x]", "azure-native:auxiliaryTenantIds", /must be a list of GUIDs/],
        [
            "aml-stmp:location=westeurope",
            "aml-stmp:location",
            /unknown config namespace "aml-stmp".*Did you mean "aml-stamp"\?/,
        ],
    ] as const) {
        it(`--set ${set}: refused naming ${key}, nothing written, no usage`, () => {
            const r = newTeam(set);
            assert.equal(r.code, 1, r.err);
            assert.ok(r.err.includes(key), r.err);
            assert.match(r.err, says);
            assert.doesNotMatch(r.err, /usage:/);
            assert.deepEqual(fs.readdirSync(root), ["Pulumi.yaml"]);
        });
    }

    it("azuread:clientCertificate is refused in plain text, without echoing the value", () => {
        const r = newTeam("azuread:clientCertificate=MIIKPAIBAzCC");
        assert.equal(r.code, 1);
        assert.match(r.err, /azuread:clientCertificate holds a credential/);
        assert.doesNotMatch(r.err, /MIIKPAIBAzCC/);
        assert.deepEqual(fs.readdirSync(root), ["Pulumi.yaml"]);
    });

    it("valid provider keys are written by their declared type", () => {
        const r = newTeam(
            `azure-native:subscriptionId=${SUB}`,
            "azure-native:useMsi=false",
            `azure-native:auxiliaryTenantIds=[${SUB}]`,
        );
        assert.equal(r.code, 0, r.err);
        const doc = parse(fs.readFileSync(path.join(root, "Pulumi.nlp-dev.yaml"), "utf8")) as {
            config: Record<string, unknown>;
        };
        assert.equal(doc.config["azure-native:subscriptionId"], SUB);
        assert.equal(doc.config["azure-native:useMsi"], false);
        assert.deepEqual(doc.config["azure-native:auxiliaryTenantIds"], [SUB]);
    });

    const stackFile = (lines: string): unknown => {
        fs.writeFileSync(
            path.join(root, "Pulumi.nlp-dev.yaml"),
            `config:\n  aml-stamp:team: nlp\n  aml-stamp:environment: dev\n${lines}`,
        );
        try {
            readStackConfig("nlp-dev", {}, root);
        } catch (err) {
            return err;
        }
        return undefined;
    };

    it("a stack file with a namespace typo is refused by the plan, naming file, key and the namespace meant", () => {
        const err = stackFile("  aml-stmp:location: westeurope\n");
        assert.ok(err instanceof StackFileError, String(err));
        assert.match(err.message, /^Pulumi\.nlp-dev\.yaml: aml-stmp:location: unknown config namespace "aml-stmp"/);
        assert.match(err.message, /Did you mean "aml-stamp"\?/);
    });

    it("a stack file's provider keys are checked the same way; secure values only by key", () => {
        const bad = stackFile("  azure-native:subscriptionId: not-a-guid\n");
        assert.ok(bad instanceof StackFileError, String(bad));
        assert.match(bad.message, /Pulumi\.nlp-dev\.yaml: azure-native:subscriptionId = "not-a-guid": must be a GUID/);
        assert.ok(stackFile("  azuread:clientCertificate: MIIK\n") instanceof StackFileError);
        assert.equal(
            stackFile(
                `  azure-native:subscriptionId: ${SUB}\n  azuread:clientCertificate:\n    secure: v1:abc\n  pulumi:disable-default-providers: []\n`,
            ),
            undefined,
        );
    });
});
