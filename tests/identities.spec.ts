/**
 * Every identity the seed's workflows need. One identity option (system | user created | user existing)
 * for the workspace, computes and endpoints; secrets in training; online endpoints with Entra auth and a scoring
 * role; the workspace user-assigned identity's documented grants under a reviewed exception; identity-based storage.
 */
import assert from "node:assert/strict";
import {
    assignmentsTo,
    type Evaluation,
    evaluateStack,
    inputs,
    parseDev,
    ofType,
    one,
    PRODUCTION,
    rejectsConfig as rejects,
    type Registered,
    roleGuid,
    thrown,
} from "./helpers";
import { T } from "./tokens";
import { ROLES } from "../lib/roles";
import { CUSTOM_ROLES, ML_ACTIONS, sharedCustomRoleId } from "../lib/customRoles";
import { exceptionCovers, exceptionMarker, ROLE_EXCEPTIONS } from "../lib/roleExceptions";
import {
    identityForm,
    type IdentitySpec,
    isUserAssigned,
    matchIdentity,
    parseUserAssignedIdentityId,
} from "../lib/identity";
import { onlineEndpointName, userAssignedIdentityName } from "../lib/names";
import { ENDPOINT_IGNORE_CHANGES } from "../components/onlineEndpoint";
import { COMPUTE_KINDS } from "../lib/computeKinds";
import { mandatory, policyConfigFor, runPolicies } from "../offline/policies";
import ra02 from "../policy/policies/roleAssignment/notPrivileged";
import { FAKE_CLIENT } from "../offline/mocks";
import { reviewerWarnings } from "../offline/render";
import { stackExemptions } from "../config/hardening";

const SUB = FAKE_CLIENT.subscriptionId;
const EXISTING = `/subscriptions/${SUB}/resourceGroups/rg-identities/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-shared`;
const CPU = { vmSize: "Standard_DS3_v2", maxNodes: 4 };
const ALICE = {
    userObjectId: "3f2a6c1e-8b4d-4e7a-9c5f-1d2e3f4a5b6c",
    vmSize: "Standard_DS11_v2",
    idleTimeBeforeShutdown: "PT60M",
};
const GROUP = "11111111-1111-4111-8111-111111111111";

type Props = Record<string, unknown>;
const byName = (e: Evaluation, type: string, name: string): Registered => {
    const r = ofType(e, type).find((x) => x.name === name);
    assert.ok(r, `no ${type} named ${name}`);
    return r;
};

/** Every identity-bearing resource under one option. */
function everywhere(identity: unknown): Record<string, unknown> {
    return {
        workspaceIdentity: identity,
        computeClusters: { cpu: { ...CPU, identity } },
        computeInstances: { alice: { ...ALICE, identity } },
        onlineEndpoints: { scoring: { identity, callers: { groups: [GROUP], automationPrincipal: true } } },
    };
}

describe("identities: one option for the workspace, computes and endpoints", () => {
    let system: Evaluation;
    let created: Evaluation;
    let existing: Evaluation;
    before(async () => {
        system = await evaluateStack(everywhere({ type: "system" }));
        created = await evaluateStack(everywhere({ type: "user", create: true }));
        existing = await evaluateStack(everywhere({ type: "user", resourceId: EXISTING }));
    });

    it("system-assigned: SystemAssigned on every resource, no user-assigned identity, principal from the resource", () => {
        assert.equal(ofType(system, T.userAssignedIdentity).length, 0);
        for (const type of [T.workspace, T.compute, T.onlineEndpoint]) {
            for (const r of ofType(system, type)) {
                assert.deepEqual(inputs(r)["identity"], { type: "SystemAssigned" }, r.name);
            }
        }
        assert.equal(inputs(one(system, T.workspace))["primaryUserAssignedIdentity"], undefined);
        const ws = system.outputs["workspace"]!.value as Props;
        assert.equal(ws["userAssignedIdentityId"], undefined);
        const wsOut = one(system, T.workspace).outputs["identity"] as Props;
        assert.equal(ws["principalId"], wsOut["principalId"]);
    });

    it("created: one UserAssignedIdentity per resource, named by lib/names.ts, parented to its component", () => {
        const uais = ofType(created, T.userAssignedIdentity).map((r) => ({
            name: inputs(r)["resourceName"],
            parent: r.parent,
        }));
        const id = { team: "ml-platform", environment: "dev" };
        assert.deepEqual(uais.map((u) => u.name).sort(), [
            userAssignedIdentityName(id, "compute-alice"),
            userAssignedIdentityName(id, "compute-cpu"),
            userAssignedIdentityName(id, "endpoint-scoring"),
            userAssignedIdentityName(id, "workspace"),
        ]);
        // Kinds are prefixed, so a compute keyed "workspace" never collides with the workspace's identity.
        assert.equal(new Set(uais.map((u) => u.name)).size, uais.length);
        for (const u of uais) assert.match(u.parent, /amlstamp:(workspace|compute|endpoint):/);
    });

    for (const [label, get] of [
        ["created", (): Evaluation => created],
        ["existing", (): Evaluation => existing],
    ] as const) {
        it(`${label}: every resource names its user-assigned identity; the principal is that identity's`, () => {
            const e = get();
            const ws = inputs(one(e, T.workspace));
            const wsIdentity = ws["identity"] as { type: string; userAssignedIdentities: string[] };
            // A workspace that uses a user-assigned identity: "type: user_assigned" with primary_user_assigned_identity
            // (how-to-identity-based-service-authentication.md); the property may not be combined with a system identity.
            assert.equal(wsIdentity.type, "UserAssigned");
            assert.equal(wsIdentity.userAssignedIdentities.length, 1);
            assert.equal(ws["primaryUserAssignedIdentity"], wsIdentity.userAssignedIdentities[0]);
            if (label === "existing") assert.equal(ws["primaryUserAssignedIdentity"], EXISTING);
            for (const type of [T.compute, T.onlineEndpoint]) {
                for (const r of ofType(e, type)) {
                    const identity = inputs(r)["identity"] as { type: string; userAssignedIdentities: string[] };
                    assert.equal(identity.type, "UserAssigned", r.name);
                    assert.equal(identity.userAssignedIdentities.length, 1, r.name);
                    if (label === "existing") assert.equal(identity.userAssignedIdentities[0], EXISTING);
                }
            }
            const wsOut = e.outputs["workspace"]!.value as Props;
            assert.equal(wsOut["userAssignedIdentityId"], ws["primaryUserAssignedIdentity"]);
            const principals = [
                wsOut["principalId"],
                ...Object.values(e.outputs["computes"]!.value as Record<string, Props>).map((c) => c["principalId"]),
                ...Object.values(e.outputs["onlineEndpoints"]!.value as Record<string, Props>).map(
                    (c) => c["principalId"],
                ),
            ];
            const uaiPrincipals =
                label === "created"
                    ? ofType(e, T.userAssignedIdentity).map((r) => r.outputs["principalId"])
                    : [principals[0]]; // the one existing identity (from the getUserAssignedIdentity invoke)
            for (const p of principals) {
                assert.ok(typeof p === "string" && p !== "");
                assert.ok(uaiPrincipals.includes(p), `${String(p)} is a user-assigned identity's principal`);
            }
        });
    }

    it("every role assignment to a managed identity uses principalType ServicePrincipal", () => {
        for (const e of [system, created, existing]) {
            const managed = new Set<string>([
                ...ofType(e, T.userAssignedIdentity).map((r) => String(r.outputs["principalId"])),
                ...e.resources
                    .map((r) => (r.outputs["identity"] as Props | undefined)?.["principalId"])
                    .filter((p): p is string => typeof p === "string"),
                String((e.outputs["workspace"]!.value as Props)["principalId"]),
            ]);
            for (const i of ofType(e, T.roleAssignment).map(inputs)) {
                if (managed.has(String(i["principalId"]))) assert.equal(i["principalType"], "ServicePrincipal");
            }
        }
    });

    it("computes and endpoints get the same grants whatever their identity type", () => {
        const lines = (e: Evaluation): string[] =>
            e.grants
                .filter((g) => /^(compute|online endpoint)/.test(g.principal) && g.kind === "ManagedIdentity")
                .map((g) => `${g.principal} -> ${g.role} @ ${g.scope}`)
                .sort();
        const computeLines = (e: Evaluation): string[] => lines(e).filter((l) => l.startsWith("compute"));
        assert.deepEqual(computeLines(created), computeLines(system));
        assert.deepEqual(computeLines(existing), computeLines(system));
    });

    it("a compute cluster switches identity in place; a compute instance is replaced (docs/identities.md)", () => {
        // how-to-identity-based-service-authentication.md, "Compute cluster": "If you have an existing compute
        // cluster, you can change between user-managed and system-managed identity". Instances: creation-time setting.
        assert.ok(!(COMPUTE_KINDS.cluster.replaceOnChanges as readonly string[]).includes("identity"));
        assert.ok((COMPUTE_KINDS.instance.replaceOnChanges as readonly string[]).includes("identity"));
    });
});

describe("secrets in training: keyVaultSecrets", () => {
    it("assigns Key Vault Secrets User at the workspace key vault to the compute identity, nothing else there", async () => {
        const e = await evaluateStack({
            computeClusters: { cpu: { ...CPU, keyVaultSecrets: true } },
            computeInstances: {},
        });
        const principal = String((e.outputs["computes"]!.value as Record<string, Props>)["cpu"]!["principalId"]);
        const kv = assignmentsTo(e, principal).filter((i) => /Microsoft\.KeyVault\/vaults\//.test(String(i["scope"])));
        assert.equal(kv.length, 1);
        assert.equal(roleGuid(kv[0]!), ROLES.keyVaultSecretsUser.id); // 4633458b-17de-408a-b874-0445c86b69e6
        assert.equal(roleGuid(kv[0]!), "4633458b-17de-408a-b874-0445c86b69e6");
        assert.match(String(kv[0]!["scope"]), /\/providers\/Microsoft\.KeyVault\/vaults\/kv-/);
        assert.equal(kv[0]!["principalType"], "ServicePrincipal");
        assert.ok(e.grants.some((g) => g.role === "Key Vault Secrets User" && g.scope === "key vault"));
    });

    it("off by default: no key vault assignment for a compute", async () => {
        const e = await evaluateStack({ computeClusters: { cpu: CPU }, computeInstances: {} });
        assert.ok(!e.grants.some((g) => g.principal.startsWith("compute") && g.scope === "key vault"));
    });

    it("refuses any other key vault role for a compute identity", async () => {
        await rejects(
            {
                computeClusters: {
                    cpu: { ...CPU, roles: [{ role: "Key Vault Reader", scope: "workspace" }] },
                },
            },
            "computeClusters.cpu.roles[0].role",
            /keyVaultSecrets: true/,
        );
        await rejects(
            { computeClusters: { cpu: { ...CPU, roles: [{ role: "Key Vault Secrets User", scope: "keyVault" }] } } },
            "computeClusters.cpu.roles[0].scope",
            /keyVaultSecrets: true/,
        );
    });

    it("keyVaultSecrets must be a boolean", () =>
        rejects(
            { computeInstances: { alice: { ...ALICE, keyVaultSecrets: "yes" } } },
            "computeInstances.alice.keyVaultSecrets",
            /true or false/,
        ));
});

describe("online endpoints", () => {
    let dev: Evaluation;
    before(async () => {
        dev = await evaluateStack();
    });

    it("the dev stack declares one endpoint with Entra token auth and a system-assigned identity", () => {
        const ep = inputs(one(dev, T.onlineEndpoint));
        assert.equal(ep["endpointName"], onlineEndpointName("scoring", { team: "ml-platform", environment: "dev" }));
        assert.deepEqual(ep["identity"], { type: "SystemAssigned" });
        assert.equal((ep["properties"] as Props)["authMode"], "AADToken");
        assert.equal((ep["properties"] as Props)["traffic"], undefined);
    });

    it("outputs per endpoint: name, scoring URI, identity principal id", () => {
        const out = dev.outputs["onlineEndpoints"]!;
        assert.equal(out.secret, false);
        const scoring = (out.value as Record<string, Props>)["scoring"]!;
        assert.deepEqual(Object.keys(scoring).sort(), ["name", "principalId", "scoringUri"]);
        assert.match(String(scoring["scoringUri"]), /^https:\/\/.+\/score$/);
        const r = one(dev, T.onlineEndpoint);
        assert.equal(scoring["principalId"], (r.outputs["identity"] as Props)["principalId"]);
    });

    it("the traffic map is owned by the deployment workflow: ignored, never set", () => {
        const r = one(dev, T.onlineEndpoint);
        assert.deepEqual([...r.options.ignoreChanges].sort(), [...ENDPOINT_IGNORE_CHANGES].sort());
        assert.ok(r.options.ignoreChanges.includes("properties.traffic"));
        assert.ok(!("traffic" in (inputs(r)["properties"] as Props)));
        assert.ok(!("mirrorTraffic" in (inputs(r)["properties"] as Props)));
    });

    it("system-assigned endpoint identity: no role assignment (Azure assigns AcrPull and Storage Blob Data Reader)", () => {
        const principal = String((one(dev, T.onlineEndpoint).outputs["identity"] as Props)["principalId"]);
        assert.deepEqual(assignmentsTo(dev, principal), []);
    });

    it("user-assigned endpoint identity: AcrPull, Storage Blob Data Reader, AzureML Metrics Writer, each at its resource", async () => {
        const e = await evaluateStack({ onlineEndpoints: { scoring: { identity: { type: "user", create: true } } } });
        const principal = String(
            (e.outputs["onlineEndpoints"]!.value as Record<string, Props>)["scoring"]!["principalId"],
        );
        const got = assignmentsTo(e, principal)
            .map((i) => `${roleGuid(i)} ${String(i["scope"]).split("/providers/").pop()?.split("/")[0]}`)
            .sort();
        assert.deepEqual(
            got,
            [
                `${ROLES.acrPull.id} Microsoft.ContainerRegistry`, // 7f951dda-4ed3-4680-a7ca-43fe172d538d
                `${ROLES.storageBlobDataReader.id} Microsoft.Storage`, // 2a2b9908-6ea1-4ae2-8e65-a410df84e7d1
                `${ROLES.azureMLMetricsWriter.id} Microsoft.MachineLearningServices`, // 635dd51f-...
            ].sort(),
        );
        for (const i of assignmentsTo(e, principal)) assert.equal(i["principalType"], "ServicePrincipal");
    });

    it("callers get the platform's scoring role, with only score/action, at the endpoint's scope", () => {
        // The role is defined once per subscription by the platform; the team stack only assigns it.
        assert.equal(ofType(dev, T.roleDefinition).length, 0, "a team stack declares no role definition");
        assert.deepEqual(CUSTOM_ROLES.endpointScorer.actions, [
            "Microsoft.MachineLearningServices/workspaces/onlineEndpoints/score/action",
        ]);
        assert.deepEqual(CUSTOM_ROLES.endpointScorer.notActions, []);
        assert.equal(
            ML_ACTIONS.onlineEndpointScore,
            "Microsoft.MachineLearningServices/workspaces/onlineEndpoints/score/action",
        );
        const scorerId = sharedCustomRoleId(SUB, "endpointScorer");
        const scoring = ofType(dev, T.roleAssignment)
            .map(inputs)
            .filter((i) => i["roleDefinitionId"] === scorerId);
        assert.deepEqual(scoring.map((i) => i["principalType"]).sort(), ["Group", "ServicePrincipal"]);
        for (const i of scoring) assert.match(String(i["scope"]), /\/onlineEndpoints\/scoring-ml-platform-dev$/);
    });

    it("no callers: the scoring role is assigned to nobody", async () => {
        const e = await evaluateStack({ onlineEndpoints: { scoring: {} } });
        const scorerId = sharedCustomRoleId(SUB, "endpointScorer");
        assert.equal(ofType(e, T.roleAssignment).filter((r) => inputs(r)["roleDefinitionId"] === scorerId).length, 0);
    });

    it("key and aml_token auth: only outside production, with the reason in the plan", async () => {
        await rejects(
            { onlineEndpoints: { scoring: { authMode: "key" } } },
            "onlineEndpoints.scoring.authModeReason",
            /required when authMode is key/,
        );
        const e = await evaluateStack({
            onlineEndpoints: {
                scoring: { authMode: "aml_token", authModeReason: "legacy client cannot get Entra tokens" },
            },
        });
        const p = inputs(one(e, T.onlineEndpoint))["properties"] as Props;
        assert.equal(p["authMode"], "AMLToken");
        assert.match(String(p["description"]), /Auth aml_token: legacy client cannot get Entra tokens/);
        for (const mode of ["key", "aml_token"]) {
            await rejects(
                {
                    ...PRODUCTION,
                    onlineEndpoints: { scoring: { authMode: mode, authModeReason: "we really want keys" } },
                },
                "onlineEndpoints.scoring.authMode",
                /production stacks allow only aad_token/,
            );
        }
    });

    it("config errors name the key, the value and what is allowed", async () => {
        await rejects({ onlineEndpoints: { Scoring: {} } }, "onlineEndpoints.Scoring", /endpoint names \(the keys\)/);
        await rejects(
            { onlineEndpoints: { scoring: { authMode: "password" } } },
            "onlineEndpoints.scoring.authMode",
            /aad_token .* key or aml_token/,
        );
        await rejects(
            { onlineEndpoints: { scoring: { callers: { groups: ["not-a-guid"] } } } },
            "onlineEndpoints.scoring.callers.groups[0]",
            /group object id/,
        );
        await rejects(
            {
                automation: { enabled: false },
                onlineEndpoints: { scoring: { callers: { automationPrincipal: true } } },
            },
            "onlineEndpoints.scoring.callers.automationPrincipal",
            /needs automation.enabled/,
        );
        const msg = await rejects(
            { onlineEndpoints: { scoring: { identity: { type: "managed" } } } },
            "onlineEndpoints.scoring.identity",
            /\{type: system\}.*\{type: user, create: true\}.*resourceId/,
        );
        assert.match(msg, /"managed"/);
    });
});

describe("identity forms (lib/identity.ts): one tag per form, every branch through it", () => {
    const UAI =
        "/subscriptions/00000000-0000-4000-8000-000000000001/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-x";
    const forms: [IdentitySpec, string, boolean][] = [
        [{ type: "system" }, "system", false],
        [{ type: "user", create: true }, "created", true],
        [{ type: "user", resourceId: UAI }, "existing", true],
    ];

    it("identityForm, isUserAssigned and matchIdentity agree on each form", () => {
        for (const [spec, form, user] of forms) {
            assert.equal(identityForm(spec), form);
            assert.equal(isUserAssigned(spec), user);
            const seen = matchIdentity(spec, {
                system: () => "system",
                created: () => "created",
                existing: (s) => (s.resourceId === UAI ? "existing" : "wrong id"),
            });
            assert.equal(seen, form);
        }
    });

    it("a matchIdentity call that leaves a form out does not compile", () => {
        // @ts-expect-error `existing` is missing: tsc (npm run typecheck) fails if this ever compiles.
        const partial = (spec: IdentitySpec): string => matchIdentity(spec, { system: () => "s", created: () => "c" });
        assert.throws(() => partial({ type: "user", resourceId: UAI }), TypeError);
    });
});

describe("identity option config errors", () => {
    for (const [key, overrides] of [
        ["workspaceIdentity", { workspaceIdentity: { type: "user" } }],
        [
            "computeClusters.cpu.identity",
            { computeClusters: { cpu: { ...CPU, identity: { type: "user", create: false } } } },
        ],
        ["onlineEndpoints.scoring.identity", { onlineEndpoints: { scoring: { identity: { type: "user", x: 1 } } } }],
    ] as const) {
        it(`${key}: names the key, the value and the three allowed forms`, async () => {
            const msg = await rejects(overrides, key, /\{type: system\}.*\{type: user, create: true\}.*resourceId/);
            assert.match(msg, /"type":"user"/);
        });
    }

    it("a malformed resourceId names the field and the id shape", () =>
        rejects(
            {
                computeInstances: {
                    alice: { ...ALICE, identity: { type: "user", resourceId: "/subscriptions/x/id" } },
                },
            },
            "computeInstances.alice.identity.resourceId",
            /ARM id of a user-assigned identity: \/subscriptions\/<id>\/resourceGroups/,
        ));

    it("parses a user-assigned identity id into its parts", () => {
        assert.deepEqual(parseUserAssignedIdentityId(EXISTING), {
            subscriptionId: SUB,
            resourceGroupName: "rg-identities",
            name: "id-shared",
        });
        assert.equal(parseUserAssignedIdentityId("/subscriptions/x/resourceGroups/y"), undefined);
    });
});

describe("workspace user-assigned identity", () => {
    let e: Evaluation;
    before(async () => {
        e = await evaluateStack({ workspaceIdentity: { type: "user", create: true } });
    });

    const wsGrants = (ev: Evaluation): Registered[] =>
        ofType(ev, T.roleAssignment).filter((r) => /-mlw-id-/.test(r.name));

    it("gets the documented roles: Contributor (reviewed exception) on storage, key vault, registry, App Insights and the workspace, Storage Blob Data Contributor and Key Vault Administrator", () => {
        const got = wsGrants(e)
            .map(inputs)
            .map((i) => `${roleGuid(i)} ${String(i["scope"]).split("/providers/").pop()?.split("/")[0]}`)
            .sort();
        const C = ROLES.contributor.id; // b24988ac-6180-42a0-ab88-20f7382dd24c
        assert.deepEqual(
            got,
            [
                `${C} Microsoft.Storage`,
                `${ROLES.storageBlobDataContributor.id} Microsoft.Storage`, // ba92f5b4-2d11-453d-a403-e96b0029c9fe
                `${C} Microsoft.KeyVault`,
                `${ROLES.keyVaultAdministrator.id} Microsoft.KeyVault`, // 00482a5a-887f-4fb3-b363-3b7fe8e74483
                `${C} Microsoft.Insights`,
                `${C} Microsoft.ContainerRegistry`,
                `${C} Microsoft.MachineLearningServices`,
                // With the managed network (AllowInternetOutbound here): the approver role on the resource group.
                `${ROLES.azureAIEnterpriseNetworkConnectionApprover.id} `,
            ].sort(),
        );
        for (const i of wsGrants(e).map(inputs)) {
            assert.equal(i["principalType"], "ServicePrincipal");
            if (roleGuid(i) === C) assert.ok(String(i["description"]).includes(exceptionMarker("WS-UAI-CONTRIBUTOR")));
        }
        const ledger = e.grants.filter((g) => g.principal === "workspace user-assigned identity");
        assert.equal(ledger.filter((g) => g.exception === "WS-UAI-CONTRIBUTOR").length, 5);
    });

    it("the role assignments on the dependencies exist before the workspace (dependsOn)", () => {
        const ws = one(e, T.workspace);
        const deps = new Set(ws.dependencies);
        const uai = one(e, T.userAssignedIdentity);
        const beforeWs = wsGrants(e).filter((r) => !r.name.endsWith("-mlw-id-mlw-contributor"));
        assert.equal(beforeWs.length, 7);
        for (const r of beforeWs) {
            assert.ok(deps.has(r.urn), `${r.name} is created before the workspace`);
            assert.ok(r.dependencies.includes(uai.urn), `${r.name} waits for the identity`);
        }
        assert.ok(deps.has(uai.urn), "the workspace waits for its identity");
        const atWorkspace = wsGrants(e).find((r) => r.name.endsWith("-mlw-id-mlw-contributor"))!;
        assert.ok(atWorkspace.dependencies.includes(ws.urn), "workspace-scope grant after the workspace");
    });

    it("the policy pack accepts exactly these privileged assignments and nothing else", async () => {
        assert.deepEqual(mandatory(await runPolicies(e.resources)), []);
        const contributor = `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/${ROLES.contributor.id}`;
        const check = (props: Props): string[] => {
            const out: string[] = [];
            if (ra02.kind === "resource") ra02.check(props, (m) => out.push(m), {});
            return out;
        };
        const storage = `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st1`;
        const marker = `aml-stamp: x: ${exceptionMarker("WS-UAI-CONTRIBUTOR")} y`;
        assert.deepEqual(check({ roleDefinitionId: contributor, scope: storage, description: marker }), []);
        assert.equal(check({ roleDefinitionId: contributor, scope: storage, description: "no marker" }).length, 1);
        assert.equal(
            check({
                roleDefinitionId: contributor,
                scope: `/subscriptions/${SUB}/resourceGroups/rg`,
                description: marker,
            }).length,
            1,
            "never at a resource group",
        );
        assert.equal(
            check({ roleDefinitionId: contributor, scope: storage, description: "[reviewed exception MADE-UP]" })
                .length,
            1,
        );
        const owner = `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/${ROLES.owner.id}`;
        assert.equal(check({ roleDefinitionId: owner, scope: storage, description: marker }).length, 1, "Owner never");
        assert.ok(exceptionCovers(ROLE_EXCEPTIONS["WS-UAI-CONTRIBUTOR"], contributor, storage));
    });

    it("grant() refuses a privileged role without an exception that covers its scope", async () => {
        const { grant } = await import("../components/access");
        const err = await thrown(() =>
            grant(
                "x",
                {
                    principal: { id: "p", kind: "ManagedIdentity", label: "p" },
                    role: { builtIn: ROLES.contributor },
                    scope: "/subscriptions/s/resourceGroups/rg",
                    scopeLabel: "resource group",
                    reason: "r",
                    subscriptionId: "s",
                    exception: "WS-UAI-CONTRIBUTOR",
                },
                {},
            ),
        );
        assert.match(err.message, /does not cover Contributor on the resource group/);
    });

    it("production defaults to the system-assigned identity, exempted from Azure Policy 5f0c7d88 (w4: the CI deploy identity cannot assign the UAI's Contributor); user-assigned is an explicit opt-in", async () => {
        const prod = await evaluateStack(PRODUCTION);
        const ws = inputs(one(prod, T.workspace));
        assert.equal(ws["primaryUserAssignedIdentity"], undefined);
        assert.deepEqual(ws["identity"], { type: "SystemAssigned" });
        assert.ok(!ofType(prod, T.roleAssignment).some((r) => roleGuid(inputs(r)) === ROLES.contributor.id));
        // With the stack's own pack config (its documented built-in exemptions), as the CLI runs the pack.
        const cfg = parseDev(PRODUCTION);
        const exemption = stackExemptions(cfg).find((x) => x.key === "workspace-system-identity");
        assert.ok(exemption, "production with a system-assigned workspace identity carries the exemption");
        assert.deepEqual(
            exemption.definitions.map((d) => d.name),
            ["5f0c7d88-c7de-45b8-ac49-db49e72eaa78"],
        );
        assert.match(exemption.reason, /WS-UAI-CONTRIBUTOR/);
        assert.match(exemption.reason, /deploy identity/);
        const config = policyConfigFor(cfg);
        assert.deepEqual(mandatory(await runPolicies(prod.resources, { config })), []);
        assert.ok(!(await runPolicies(prod.resources, { config })).some((v) => /5f0c7d88/.test(v.message)));
        // The plan warns that the opt-in needs an administrator to deploy.
        assert.ok(!reviewerWarnings(cfg, []).some((w) => /WS-UAI-CONTRIBUTOR/.test(w)));

        const optIn = { ...PRODUCTION, workspaceIdentity: { type: "user", create: true } };
        const opted = await evaluateStack(optIn);
        assert.match(
            String(inputs(one(opted, T.workspace))["primaryUserAssignedIdentity"]),
            /userAssignedIdentities\/id-ml-platform-prod-workspace$/,
        );
        const optedCfg = parseDev(optIn);
        assert.ok(!stackExemptions(optedCfg).some((x) => x.key === "workspace-system-identity"));
        const warning = reviewerWarnings(optedCfg, []).find((w) => /WS-UAI-CONTRIBUTOR/.test(w));
        assert.ok(warning, "the plan warns about the opt-in");
        assert.match(warning, /aml-stamp:workspaceIdentity/);
        assert.match(warning, /CI deploy identity cannot make/);
        assert.match(warning, /administrator/);

        const dev = await evaluateStack();
        assert.equal(inputs(one(dev, T.workspace))["primaryUserAssignedIdentity"], undefined);
        assert.ok(!stackExemptions(parseDev()).some((x) => x.key === "workspace-system-identity"));
    });
});

describe("identity-based storage where shared keys are off", () => {
    it("production: the automation principal and each cluster identity get Storage Blob Data Contributor at the storage account, with the scenario", async () => {
        const prod = await evaluateStack(PRODUCTION);
        const rows = prod.grants.filter((g) => /identity-based storage \(shared keys off\)/.test(g.reason));
        assert.deepEqual(rows.map((g) => `${g.kind} ${g.role} @ ${g.scope}`).sort(), [
            "ManagedIdentity Storage Blob Data Contributor @ workspace default storage",
            "ServicePrincipal Storage Blob Data Contributor @ workspace default storage",
        ]);
        for (const g of rows)
            assert.match(g.reason, /how-to-disable-local-auth-storage#scenarios-for-role-assignments/);
        const ras = ofType(prod, T.roleAssignment)
            .filter((r) => rows.some((g) => g.resourceName === r.name))
            .map(inputs);
        for (const i of ras) {
            assert.equal(roleGuid(i), ROLES.storageBlobDataContributor.id);
            assert.match(String(i["scope"]), /Microsoft\.Storage\/storageAccounts\//);
            assert.equal(i["principalType"], "ServicePrincipal");
        }
    });

    it("Parallel Run Step opt-in: Storage Table and Queue Data Contributor for that cluster, production only", async () => {
        const prod = await evaluateStack({
            ...PRODUCTION,
            computeClusters: { cpu: { ...CPU, parallelRunStorage: true } },
        });
        const principal = String((prod.outputs["computes"]!.value as Record<string, Props>)["cpu"]!["principalId"]);
        const guids = assignmentsTo(prod, principal)
            .filter((i) => /Microsoft\.Storage\/storageAccounts\/[^/]+$/.test(String(i["scope"])))
            .map(roleGuid)
            .sort();
        assert.deepEqual(
            guids,
            [
                // No Storage Blob Data Reader: Contributor holds all of it (config/spec.ts).
                ROLES.storageBlobDataContributor.id,
                "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3", // Storage Table Data Contributor
                "974c5e8b-45b9-4653-ba55-5f855dd0fb88", // Storage Queue Data Contributor
            ].sort(),
        );
        assert.equal(ROLES.storageTableDataContributor.id, "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3");
        assert.equal(ROLES.storageQueueDataContributor.id, "974c5e8b-45b9-4653-ba55-5f855dd0fb88");
        await rejects(
            { computeClusters: { cpu: { ...CPU, parallelRunStorage: true } } },
            "computeClusters.cpu.parallelRunStorage",
            /only on production stacks/,
        );
    });

    it("dev (shared keys on): none of it", async () => {
        const dev = await evaluateStack();
        assert.ok(!dev.grants.some((g) => /identity-based storage \(shared keys off\)/.test(g.reason)));
        assert.equal(byName(dev, T.storage, "ml-platform-dev-st").inputs["allowSharedKeyAccess"], true);
    });
});
