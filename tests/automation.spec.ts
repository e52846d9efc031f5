import assert from "node:assert/strict";
import { setClock } from "../lib/clock";
import {
    devWithSecretInVault,
    type Evaluation,
    evaluateStack,
    inputs,
    isSecretValue,
    one,
    ofType,
    outputs,
    parseDev,
    type Registered,
} from "./helpers";
import { T } from "./tokens";
import { mandatory, policyConfigFor, runPolicies } from "../offline/policies";
import { FAKE_CLIENT } from "../offline/mocks";
import { planModel, renderText } from "../offline/render";
import { ROLES } from "../lib/roles";

/** Evaluates the dev stack with lib/clock pinned to `at`. */
async function evaluateAt(at: string, config: Record<string, unknown> = {}): Promise<Evaluation> {
    setClock(new Date(at));
    try {
        return await evaluateStack(config);
    } finally {
        setClock(undefined);
    }
}

const passwordsOf = (e: Evaluation): Registered[] => ofType(e, T.password).sort((a, b) => a.name.localeCompare(b.name));

/** Every string leaf that is not inside a secret wrapper. */
function plainStrings(value: unknown, out: string[] = []): string[] {
    if (isSecretValue(value)) return out;
    if (typeof value === "string") out.push(value);
    else if (Array.isArray(value)) for (const v of value) plainStrings(v, out);
    else if (value !== null && typeof value === "object") for (const v of Object.values(value)) plainStrings(v, out);
    return out;
}

describe("AutomationPrincipal (dev stack under mocks, clock pinned)", () => {
    // Epoch 2025-01-06, P = 90: windows start 2025-01-06, 2025-04-06, 2025-07-05, 2025-10-03, ...
    let dev: Evaluation;
    /** dev with automation.storeSecretInKeyVault (devWithSecretInVault). */
    let stored: Evaluation;
    before(async () => {
        dev = await evaluateAt("2025-05-01T12:00:00Z");
        stored = await evaluateAt("2025-05-01T12:00:00Z", devWithSecretInVault());
    });

    it("declares the application and service principal, owned by the deploying identity by default", () => {
        const app = inputs(one(dev, T.application));
        assert.equal(app["displayName"], "aml-ml-platform-dev-automation");
        assert.deepEqual(app["owners"], [FAKE_CLIENT.objectId]);
        assert.equal(app["signInAudience"], "AzureADMyOrg");
        const sp = inputs(one(dev, T.servicePrincipal));
        assert.equal(sp["clientId"], one(dev, T.application).outputs["clientId"]);
        assert.deepEqual(sp["owners"], [FAKE_CLIENT.objectId]);
    });

    it("two password slots with calendar end dates (never the 2-year default), created before the old ones are deleted", () => {
        const [a, b] = passwordsOf(dev).map(inputs) as [Record<string, unknown>, Record<string, unknown>];
        assert.deepEqual(a["rotateWhenChanged"], { slot: "a", window: "2025-01-06" });
        assert.equal(a["endDate"], "2025-10-03T00:00:00Z"); // 2025-01-06 + 270 days
        assert.deepEqual(b["rotateWhenChanged"], { slot: "b", window: "2025-04-06" });
        assert.equal(b["endDate"], "2026-01-01T00:00:00Z"); // 2025-04-06 + 270 days
        for (const p of passwordsOf(dev)) {
            assert.equal(p.options.deleteBeforeReplace, false);
            assert.ok(p.urn.includes(`${T.automationComponent}$${T.password}`), p.urn);
            assert.ok(p.name.startsWith("ml-platform-dev-"), p.name);
        }
    });

    it("identical registrations for two instants in one window", async () => {
        const later = await evaluateAt("2025-07-04T23:59:59Z");
        const shape = (e: Evaluation): unknown =>
            e.resources
                .filter((r) => r.type !== T.budget) // its start date is the month of evaluation, sent at creation only
                .map((r) => [r.urn, r.inputs, r.options])
                .sort((x, y) => String(x[0]).localeCompare(String(y[0])));
        assert.deepEqual(shape(later), shape(dev));
        assert.deepEqual(later.outputs, dev.outputs);
    });

    it("the first evaluation after a boundary replaces exactly one password (slot a), and the outputs switch to it", async () => {
        const after = await evaluateAt("2025-07-05T00:00:00Z");
        const before = passwordsOf(dev);
        const now = passwordsOf(after);
        const changed = now
            .filter((p, i) => JSON.stringify(p.inputs) !== JSON.stringify(before[i]!.inputs))
            .map((p) => p.name);
        assert.deepEqual(changed, ["ml-platform-dev-secret-a"]);
        const others = (e: Evaluation) =>
            e.resources
                .filter((r) => r.type !== T.password && r.type !== T.keyVaultSecret && r.type !== T.budget)
                .map((r) => [r.urn, r.inputs]);
        assert.deepEqual(others(after), others(dev), "nothing else changes");
        assert.equal((after.outputs["secretRotation"]!.value as { newest: string }).newest, "a");
        assert.match(
            String(after.outputs["servicePrincipalEnv"]!.value),
            new RegExp(`AZURE_CLIENT_SECRET=${String(outputs(now[0]!)["value"])}`),
        );
    });

    it("federated credentials: GitHub issuer, validated subjects, Entra audience", () => {
        const fics = ofType(dev, T.federated).map(inputs);
        assert.deepEqual(fics.map((f) => f["subject"]).sort(), [
            "repo:contoso/ml-platform:environment:dev",
            "repo:contoso/ml-platform:ref:refs/heads/main",
        ]);
        for (const f of fics) {
            assert.equal(f["issuer"], "https://token.actions.githubusercontent.com");
            assert.deepEqual(f["audiences"], ["api://AzureADTokenExchange"]);
            assert.equal(f["applicationId"], one(dev, T.application).id);
        }
    });

    it("AzureML Data Scientist at workspace scope, principalType ServicePrincipal, through grant()", () => {
        const ra = inputs(ofType(dev, T.roleAssignment).find((r) => r.urn.includes(T.automationComponent))!);
        assert.equal(ra["principalType"], "ServicePrincipal");
        assert.equal(ra["principalId"], one(dev, T.servicePrincipal).outputs["objectId"]);
        assert.equal(ra["scope"], one(dev, T.workspace).id);
        assert.match(String(ra["scope"]), /\/providers\/Microsoft\.MachineLearningServices\/workspaces\/mlw-/);
        assert.ok(String(ra["roleDefinitionId"]).endsWith(ROLES.azureMLDataScientist.id));
        assert.ok(
            dev.grants.some(
                (g) => g.kind === "ServicePrincipal" && g.role === "AzureML Data Scientist" && g.scope === "workspace",
            ),
        );
    });

    it("roles come from the catalog", async () => {
        const e = await evaluateAt("2025-05-01T12:00:00Z", {
            automation: { roles: ["AzureML Data Scientist", "AzureML Compute Operator"] },
        });
        const ids = ofType(e, T.roleAssignment).map((r) => String(inputs(r)["roleDefinitionId"]).split("/").pop());
        assert.ok(ids.includes(ROLES.azureMLComputeOperator.id));
    });

    it("stores the newest secret in the key vault, secret-marked, expiring with the password", () => {
        assert.equal(ofType(dev, T.keyVaultSecret).length, 0, "dev keeps it out of the vault its cluster reads");
        const kv = one(stored, T.keyVaultSecret);
        const props = kv.inputs["properties"] as Record<string, unknown>;
        assert.ok(isSecretValue(props["value"]), "secret value is marked secret");
        const newest = passwordsOf(stored)[1]!; // slot b is newest in 2025-05
        assert.ok(
            isSecretValue(newest.outputs["value"]),
            "the password's value output is secret (SDK additionalSecretOutputs)",
        );
        assert.equal((props["value"] as { value: unknown }).value, outputs(newest)["value"]);
        assert.equal(
            (props["attributes"] as Record<string, unknown>)["expires"],
            Date.parse("2026-01-01T00:00:00Z") / 1000,
        );
    });

    it("outputs: automation and secretRotation plain, servicePrincipalEnv secret with the three EnvironmentCredential lines", () => {
        const auto = dev.outputs["automation"]!;
        assert.equal(auto.secret, false);
        const ids = auto.value as Record<string, string>;
        assert.equal(ids["clientId"], one(dev, T.application).outputs["clientId"]);
        assert.equal(ids["tenantId"], FAKE_CLIENT.tenantId);
        assert.equal(ids["objectId"], one(dev, T.servicePrincipal).outputs["objectId"]);
        const env = dev.outputs["servicePrincipalEnv"]!;
        assert.equal(env.secret, true);
        assert.match(
            String(env.value),
            /^AZURE_CLIENT_ID=[0-9a-f-]{36}\nAZURE_TENANT_ID=[0-9a-f-]{36}\nAZURE_CLIENT_SECRET=\S+\n$/,
        );
        const rot = dev.outputs["secretRotation"]!;
        assert.equal(rot.secret, false);
        assert.equal((rot.value as { nextRotation: string }).nextRotation, "2025-07-05T00:00:00Z");
    });

    it("no credential appears in any plain output or plain resource input", () => {
        const secrets = passwordsOf(dev).map((p) => String(outputs(p)["value"]));
        assert.equal(secrets.length, 2);
        const plain = [
            ...Object.values(dev.outputs)
                .filter((o) => !o.secret)
                .flatMap((o) => plainStrings(o.value)),
            ...dev.resources.flatMap((r) => plainStrings(r.inputs)),
        ];
        for (const s of secrets)
            assert.ok(!plain.some((p) => p.includes(s)), "a password value leaked into plain data");
    });

    it("the offline plan shows the principal, masked credentials and the rotation timeline", () => {
        const text = renderText(planModel(stored));
        assert.match(text, /azuread:index\/application:Application {2}ml-platform-dev-app/);
        assert.match(text, /servicePrincipalEnv: "\[secret\]"/);
        assert.match(text, /properties\.value: \[secret\]/);
        assert.match(text, /today's window: 2025-04-06 \.\. 2025-07-05; next rotation 2025-07-05/);
        assert.match(text, /slot b: \[secret\] .* ends 2026-01-01 {2}<- newest/);
        for (const p of passwordsOf(stored)) assert.ok(!text.includes(String(outputs(p)["value"])));
    });
});

describe("AutomationPrincipal options", () => {
    it("federation only: no password, no key vault secret, no secret line", async () => {
        const e = await evaluateAt("2025-05-01T12:00:00Z", {
            automation: {
                clientSecrets: false,
                federatedCredentials: [{ name: "ci", github: { repo: "contoso/ml-platform", branch: "main" } }],
            },
        });
        assert.equal(ofType(e, T.password).length, 0);
        assert.equal(ofType(e, T.keyVaultSecret).length, 0);
        assert.equal(ofType(e, T.federated).length, 1);
        assert.equal(e.outputs["servicePrincipalEnv"]!.secret, true);
        assert.doesNotMatch(String(e.outputs["servicePrincipalEnv"]!.value), /AZURE_CLIENT_SECRET/);
        assert.deepEqual(e.outputs["secretRotation"]!.value, { clientSecrets: false });
    });

    it("disabled: no Entra resources and no automation outputs", async () => {
        const e = await evaluateAt("2025-05-01T12:00:00Z", {
            automation: { enabled: false },
            onlineEndpoints: {}, // the dev endpoint names the automation principal as a caller
        });
        assert.equal(e.resources.filter((r) => r.type.startsWith("azuread:")).length, 0);
        assert.equal(e.outputs["automation"]?.value, undefined);
    });

    it("disabled: the offline plan renders (text and JSON) without the automation outputs", async () => {
        // `automation: {enabled: false}` is a documented option; the text plan used to crash on the undefined
        // outputs (TypeError reading 'split', exit 2).
        // The dev endpoint names the automation principal as a caller: drop the endpoints too.
        const override = { automation: { enabled: false }, onlineEndpoints: {} };
        const e = await evaluateAt("2025-05-01T12:00:00Z", override);
        // The same steps as `npm run plan` (scripts/plan.ts): policies over the evaluation, then the model and text.
        const violations = await runPolicies(e.resources, { config: policyConfigFor(parseDev(override)) });
        assert.equal(mandatory(violations).length, 0);
        const model = planModel(e, violations);
        const text = renderText(model);
        assert.match(text, /Stack outputs \(secrets masked\):/);
        assert.match(text, /clientConfig:/);
        for (const key of ["automation", "servicePrincipalEnv", "secretRotation"]) {
            assert.ok(!(key in model.outputs), `${key} is not a stack output (the engine drops undefined exports)`);
            assert.doesNotMatch(text, new RegExp(`^  ${key}:`, "m"));
        }
        assert.doesNotMatch(text, /Client secret rotation/);
        JSON.parse(JSON.stringify(model));
    });
});
