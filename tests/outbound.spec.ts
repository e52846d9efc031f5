import assert from "node:assert/strict";
import * as fs from "fs";
import { parse } from "yaml";
import { ConfigError } from "../config";
import { expandOutbound } from "../config/outbound";
import { resolveStamp } from "../config/spec";
import { GUARDRAILS_FILE, loadGuardrails, parseGuardrails } from "../config/guardrails";
import {
    fqdnAllowed,
    OUTBOUND_PRESET_NAMES,
    OUTBOUND_PRESETS,
    outboundRuleProblem,
    presetRules,
    resourceTypeOf,
} from "../lib/outbound";
import { policyConfigFor, runPolicies } from "../offline/policies";
import { planModel, renderMarkdown, renderText } from "../offline/render";
import { type Evaluation, evaluateStack, inputs, one, parseDev, PRODUCTION } from "./helpers";
import { T } from "./tokens";

/** The datastore's storage account a team reaches through the managed network. */
const LAKE =
    "/subscriptions/00000000-0000-4000-8000-00000000b001/resourceGroups/rg-data/providers/Microsoft.Storage/storageAccounts/stlake";
const LAKE_RULE = { type: "PrivateEndpoint", name: "team-lake", serviceResourceId: LAKE, subresourceTarget: "dfs" };
/** A production stack with the Python-packages preset and a private endpoint rule. */
const WITH_OUTBOUND = { ...PRODUCTION, outbound: ["python-packages", LAKE_RULE] };

function configError(overrides: Record<string, unknown>): ConfigError {
    try {
        parseDev(overrides);
    } catch (err) {
        if (err instanceof ConfigError) return err;
        throw err;
    }
    assert.fail(`accepted: ${JSON.stringify(overrides)}`);
}

describe("outbound rules: lib/outbound.ts", () => {
    it("an FQDN is inside a pattern when equal or under a *. pattern, never wider", () => {
        const patterns = ["pypi.org", "*.pythonhosted.org"];
        assert.ok(fqdnAllowed("pypi.org", patterns));
        assert.ok(fqdnAllowed("PyPI.org", patterns));
        assert.ok(fqdnAllowed("files.pythonhosted.org", patterns));
        assert.ok(fqdnAllowed("*.pythonhosted.org", patterns));
        assert.ok(fqdnAllowed("*.cdn.pythonhosted.org", patterns));
        assert.ok(!fqdnAllowed("pythonhosted.org", patterns), "the wildcard does not cover the apex");
        assert.ok(!fqdnAllowed("*.org", patterns));
        assert.ok(!fqdnAllowed("evilpythonhosted.org", patterns));
        assert.ok(!fqdnAllowed("pypi.org.evil.com", patterns));
    });

    it("each preset is the hosts Microsoft documents, rules named <preset>-<host>", () => {
        assert.deepEqual(OUTBOUND_PRESETS["python-packages"].fqdns, ["pypi.org", "*.pythonhosted.org"]);
        assert.deepEqual(OUTBOUND_PRESETS.conda.fqdns, ["anaconda.com", "*.anaconda.com", "*.anaconda.org"]);
        assert.deepEqual(
            presetRules("python-packages").map((r) => r.name),
            ["python-packages-pypi-org", "python-packages-any-pythonhosted-org"],
        );
        for (const p of OUTBOUND_PRESET_NAMES) assert.match(OUTBOUND_PRESETS[p].source, /MicrosoftDocs\/azure-ai-docs/);
    });

    it("the committed guardrails allow every preset", () => {
        const g = loadGuardrails();
        for (const p of OUTBOUND_PRESET_NAMES) {
            for (const r of presetRules(p)) assert.equal(outboundRuleProblem(r, g.outbound), undefined, r.name);
        }
    });

    it("a private endpoint target is judged by its resource type and sub-resource", () => {
        assert.equal(resourceTypeOf(LAKE), "Microsoft.Storage/storageAccounts");
        const allow = {
            fqdns: [],
            serviceTags: [],
            privateEndpointTargets: { "Microsoft.Storage/storageAccounts": ["blob"] },
        };
        const rule = { type: "PrivateEndpoint" as const, name: "x", serviceResourceId: LAKE, sparkEnabled: false };
        assert.equal(outboundRuleProblem({ ...rule, subresourceTarget: "blob" }, allow), undefined);
        assert.match(
            outboundRuleProblem({ ...rule, subresourceTarget: "dfs" }, allow) ?? "",
            /sub-resource dfs .* allowed: blob/,
        );
        const vault = LAKE.replace("Microsoft.Storage/storageAccounts/stlake", "Microsoft.KeyVault/vaults/kv");
        assert.match(
            outboundRuleProblem({ ...rule, serviceResourceId: vault, subresourceTarget: "vault" }, allow) ?? "",
            /Microsoft\.KeyVault\/vaults is not in the platform's allow-list; allowed targets: Microsoft\.Storage\/storageAccounts \(blob\)/,
        );
    });
});

describe("outbound rules: config", () => {
    it("presets expand in place; an FQDN an earlier preset allows is not repeated", () => {
        const rules = expandOutbound(["hugging-face", "docker-hub"]).map((r) => r.rule.name);
        assert.equal(rules.length, OUTBOUND_PRESETS["hugging-face"].fqdns.length);
        assert.ok(rules.every((n) => n.startsWith("hugging-face-")));
    });

    it("a preset may also be written {preset: <name>} (the typed Stamp's form); an unknown one is refused", () => {
        const rules = (outbound: unknown[]) =>
            resolveStamp(parseDev({ ...PRODUCTION, outbound })).workspace.outboundRules;
        assert.deepEqual(rules([{ preset: "python-packages" }, LAKE_RULE]), rules(["python-packages", LAKE_RULE]));
        const err = configError({ ...PRODUCTION, outbound: [{ preset: "npm" }] });
        const p = err.problems.find((x) => x.key === "aml-stamp:outbound[0]");
        assert.ok(p, err.message);
        assert.match(p.message, /unknown preset; must be a preset name \(python-packages, /);
    });

    it("a disallowed FQDN is refused, naming the rule and listing what the platform allows", () => {
        const err = configError({
            ...PRODUCTION,
            outbound: ["python-packages", { type: "FQDN", name: "paste", destination: "pastebin.com" }],
        });
        const p = err.problems.find((x) => x.key === "aml-stamp:outbound[1]");
        assert.ok(p, err.message);
        assert.match(p.message, /rule paste: FQDN pastebin\.com is not in the platform's allow-list/);
        assert.match(p.message, /allowed FQDN patterns: pypi\.org, \*\.pythonhosted\.org, /);
        assert.match(p.message, /platform\/guardrails\.yaml outbound\.fqdns/);
        assert.equal(err.problems.length, 1, err.message);
    });

    it("a service tag or private endpoint target outside the allow-list is refused", () => {
        const err = configError({
            ...PRODUCTION,
            outbound: [
                { type: "ServiceTag", name: "adf", serviceTag: "DataFactory" },
                { ...LAKE_RULE, subresourceTarget: "web" },
            ],
        });
        assert.match(err.message, /aml-stamp:outbound\[0\].*service tag DataFactory .* allowed service tags: none/);
        assert.match(err.message, /aml-stamp:outbound\[1\].*sub-resource web of Microsoft\.Storage\/storageAccounts/);
    });

    it("FQDN and ServiceTag rules need AllowOnlyApprovedOutbound; no rule without a managed network", () => {
        const internet = configError({ outbound: ["conda", LAKE_RULE] });
        assert.match(
            internet.message,
            /aml-stamp:outbound\[0\].*only valid with managedNetworkIsolation AllowOnlyApprovedOutbound/,
        );
        assert.equal(internet.problems.length, 1, "the private endpoint rule is valid with internet outbound");
        const disabled = configError({ managedNetworkIsolation: "Disabled", outbound: [LAKE_RULE] });
        assert.match(
            disabled.message,
            /aml-stamp:outbound\[0\].*need a managed network; managedNetworkIsolation is Disabled/,
        );
    });

    it("bad entries name the field and what it takes", () => {
        const err = configError({
            ...PRODUCTION,
            outbound: [
                "pip",
                { type: "FQDN", name: "Bad Name", destination: "pypi.org" },
                { type: "PrivateEndpoint", name: "lake", serviceResourceId: "stlake", subresourceTarget: "dfs" },
                { type: "FQDN", name: "x1", destination: "pypi.org", port: 8080 },
                { type: "Fqdn", name: "x2" },
            ],
        });
        assert.match(
            err.message,
            /aml-stamp:outbound\[0\] = "pip": unknown preset; must be a preset name \(python-packages, conda, hugging-face, docker-hub\)/,
        );
        assert.match(err.message, /aml-stamp:outbound\[1\]\.name = "Bad Name": must be a rule name/);
        assert.match(err.message, /aml-stamp:outbound\[2\]\.serviceResourceId = "stlake": must be the ARM id/);
        assert.match(
            err.message,
            /aml-stamp:outbound\[3\]\.port = 8080: unknown field; a FQDN rule takes: type, name, destination/,
        );
        assert.match(
            err.message,
            /aml-stamp:outbound\[4\] = .*must be a preset name .* or a rule \{type: FQDN \| ServiceTag \| PrivateEndpoint/,
        );
    });

    it("rule names and presets at most once", () => {
        const err = configError({ ...PRODUCTION, outbound: ["conda", "conda", LAKE_RULE, LAKE_RULE] });
        assert.match(err.message, /aml-stamp:outbound\[1\] = "conda": each preset at most once/);
        assert.match(err.message, /aml-stamp:outbound\[3\].*rule name team-lake is already used by outbound\[2\]/);
    });

    it("the spec carries the rules, and the platform's firewall SKU only with an FQDN rule", () => {
        const spec = resolveStamp(parseDev(WITH_OUTBOUND));
        assert.deepEqual(
            spec.workspace.outboundRules.map((r) => r.name),
            ["python-packages-pypi-org", "python-packages-any-pythonhosted-org", "team-lake"],
        );
        assert.equal(spec.workspace.firewallSku, "Standard");
        const basic = parseGuardrails({
            ...loadGuardrailsDoc(),
            outbound: { ...loadGuardrails().outbound, firewallSku: "Basic" },
        });
        assert.equal(resolveStamp(parseDev(WITH_OUTBOUND), basic).workspace.firewallSku, "Basic");
        const peOnly = resolveStamp(parseDev({ ...PRODUCTION, outbound: [LAKE_RULE] }));
        assert.equal(peOnly.workspace.firewallSku, undefined, "no FQDN rule: no firewall");
        assert.deepEqual(resolveStamp(parseDev()).workspace.outboundRules, []);
    });

    it("a guardrails file without outbound allows nothing; a bad one names its key", () => {
        const doc = loadGuardrailsDoc();
        delete doc["outbound"];
        assert.deepEqual(parseGuardrails(doc).outbound, {
            firewallSku: "Standard",
            fqdns: [],
            serviceTags: [],
            privateEndpointTargets: {},
        });
        assert.throws(
            () =>
                parseGuardrails({
                    ...doc,
                    outbound: { firewallSku: "Premium", fqdns: [], serviceTags: [], privateEndpointTargets: {} },
                }),
            /platform\/guardrails\.yaml:outbound\.firewallSku = "Premium": must be Standard or Basic/,
        );
    });
});

describe("outbound rules: the production stack with a preset and a private endpoint rule", () => {
    let e: Evaluation;
    before(async () => {
        e = await evaluateStack(WITH_OUTBOUND);
    });

    it("plans: the workspace's managedNetwork holds the rules inline, with the platform's firewall SKU", () => {
        const network = inputs(one(e, T.workspace))["managedNetwork"] as Record<string, unknown>;
        assert.equal(network["isolationMode"], "AllowOnlyApprovedOutbound");
        assert.equal(network["firewallSku"], "Standard");
        assert.deepEqual(network["outboundRules"], {
            "python-packages-pypi-org": { type: "FQDN", category: "UserDefined", destination: "pypi.org" },
            "python-packages-any-pythonhosted-org": {
                type: "FQDN",
                category: "UserDefined",
                destination: "*.pythonhosted.org",
            },
            "team-lake": {
                type: "PrivateEndpoint",
                category: "UserDefined",
                destination: { serviceResourceId: LAKE, subresourceTarget: "dfs", sparkEnabled: false },
            },
        });
        assert.equal(ofTypeCount(e, "azure-native:machinelearningservices:ManagedNetworkSettingsRule"), 0);
    });

    it("passes the policy pack with the guardrails' config: no violation at all", async () => {
        const violations = await runPolicies(e.resources, { config: policyConfigFor(parseDev(WITH_OUTBOUND)) });
        assert.deepEqual(
            violations.map((v) => `${v.policy}: ${v.message}`),
            [],
        );
        assert.deepEqual(policyConfigFor(parseDev(WITH_OUTBOUND))["workspace-outbound-allowed"], {
            fqdns: loadGuardrails().outbound.fqdns,
            serviceTags: [],
            privateEndpointTargets: loadGuardrails().outbound.privateEndpointTargets,
        });
    });

    it("the plan's summary shows what the workspace reaches outbound, and that the firewall is billed", () => {
        const m = planModel(e);
        assert.deepEqual(m.summary.outbound, {
            isolation: "AllowOnlyApprovedOutbound",
            internet: false,
            rules: [
                "FQDN *.pythonhosted.org (ports 80, 443) [preset python-packages]",
                "FQDN pypi.org (ports 80, 443) [preset python-packages]",
                `private endpoint to ${LAKE} (dfs)`,
            ],
            firewall: { sku: "Standard", billed: true },
        });
        const line = renderText(m)
            .split("\n")
            .find((l) => l.startsWith("  reaches outbound: "));
        assert.match(
            line ?? "",
            /approved only: Azure ML's required rules .*, and FQDN \*\.pythonhosted\.org .*; FQDN pypi\.org/,
        );
        assert.match(line ?? "", /Azure Firewall Standard \(billed, SKU chosen by the platform\)/);
        assert.match(renderMarkdown(m), /- \*\*Reaches outbound\*\*: approved only: /);
    });

    it("the dev plan says the internet; a production plan without rules says only Azure ML's", async () => {
        assert.match(
            renderText(planModel(await evaluateStack())),
            /reaches outbound: the internet \(managedNetworkIsolation AllowInternetOutbound\)/,
        );
        const prod = planModel(await evaluateStack(PRODUCTION));
        assert.equal(prod.summary.outbound?.firewall, undefined);
        assert.match(renderText(prod), /reaches outbound: approved only: Azure ML's required rules \(.*\) only\n/);
    });

    it("stacks without outbound rules send no outboundRules and no firewallSku", async () => {
        const prod = await evaluateStack(PRODUCTION);
        const network = inputs(one(prod, T.workspace))["managedNetwork"] as Record<string, unknown>;
        assert.ok(!("outboundRules" in network) && !("firewallSku" in network), JSON.stringify(network));
    });
});

function ofTypeCount(e: Evaluation, type: string): number {
    return e.resources.filter((r) => r.type === type).length;
}

function loadGuardrailsDoc(): Record<string, unknown> {
    return parse(fs.readFileSync(GUARDRAILS_FILE, "utf8")) as Record<string, unknown>;
}
