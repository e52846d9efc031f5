import assert from "node:assert/strict";
import {
    assignmentsTo,
    type Evaluation,
    evaluateStack,
    inputs,
    ofType,
    parseDev,
    PRODUCTION,
    type Registered,
    roleGuid,
    thrown,
    rejectsConfig as rejects,
    withGuardrails,
    unwrapSecrets,
} from "./helpers";
import { T } from "./tokens";
import { mandatory, policyConfigFor, runPolicies } from "../offline/policies";
import { PRIVILEGED_ROLE_NAMES, ROLES } from "../lib/roles";
import { PEOPLE_CUSTOM_ROLE_KEYS, sharedCustomRoleId } from "../lib/customRoles";
import { DEFAULT_CA_APPLICATIONS } from "../lib/conditionalAccess";
import { FAKE_CLIENT, INVOKES } from "../offline/mocks";
import { grant } from "../components/access";
import ra02 from "../policy/policies/roleAssignment/notPrivileged";

const DS = "11111111-1111-4111-8111-111111111111";
const RG = `/subscriptions/${FAKE_CLIENT.subscriptionId}/resourceGroups/rg-ml-platform-dev`;

/** Resources of `type` declared inside the component of type `component` (other components declare some too). */
function within(e: Evaluation, type: string, component: string): Registered[] {
    return ofType(e, type).filter((r) => r.urn.includes(`${component}$`));
}

describe("human access (dev stack under mocks)", () => {
    let dev: Evaluation;
    before(async () => {
        dev = await evaluateStack();
    });

    it("grants data scientists AzureML Data Scientist on the workspace and the two storage data roles on the storage", () => {
        const a = assignmentsTo(dev, DS);
        const byRole = new Map(a.map((i) => [roleGuid(i), String(i["scope"])]));
        assert.match(
            byRole.get(ROLES.azureMLDataScientist.id) ?? "",
            /\/Microsoft\.MachineLearningServices\/workspaces\/[^/]+$/,
        );
        assert.match(
            byRole.get(ROLES.storageBlobDataContributor.id) ?? "",
            /\/Microsoft\.Storage\/storageAccounts\/[^/]+$/,
        );
        assert.match(
            byRole.get(ROLES.storageFileDataPrivilegedContributor.id) ?? "",
            /\/Microsoft\.Storage\/storageAccounts\/[^/]+$/,
        );
    });

    it("every human grant is principalType Group, through grant() (deterministic name, reason recorded)", () => {
        const groups = ofType(dev, T.roleAssignment).filter((r) => r.urn.includes("amlstamp:access:HumanAccess"));
        assert.equal(groups.length, 8);
        for (const r of groups) {
            const i = inputs(r);
            assert.equal(i["principalType"], "Group");
            assert.match(String(i["roleAssignmentName"]), /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-/);
            assert.match(String(i["description"]), /^aml-stamp: group /);
        }
    });

    it("compute operators get AzureML Compute Operator and readers Reader, on the workspace", () => {
        const op = assignmentsTo(dev, "22222222-2222-4222-8222-222222222222").find(
            (i) => roleGuid(i) === ROLES.azureMLComputeOperator.id,
        );
        const rd = assignmentsTo(dev, "33333333-3333-4333-8333-333333333333").find(
            (i) => roleGuid(i) === ROLES.reader.id,
        );
        for (const i of [op, rd]) assert.match(String(i?.["scope"]), /workspaces\/[^/]+$/);
    });

    it("an extra level gets its catalog role at its scope (auditors: Key Vault Reader on the vault)", () => {
        const [i] = assignmentsTo(dev, "44444444-4444-4444-8444-444444444444");
        assert.equal(roleGuid(i!), ROLES.keyVaultReader.id);
        assert.match(String(i!["scope"]), /Microsoft\.KeyVault\/vaults\/[^/]+$/);
    });

    it("assigns the platform's shared custom roles, declaring no definition: compute roles at the resource group, the scorer at its endpoint", () => {
        assert.equal(ofType(dev, T.roleDefinition).length, 0);
        const keys = [...PEOPLE_CUSTOM_ROLE_KEYS, "endpointScorer" as const];
        const ids = keys.map((k) => sharedCustomRoleId(FAKE_CLIENT.subscriptionId, k));
        const custom = ofType(dev, T.roleAssignment)
            .map(inputs)
            .filter((i) => ids.includes(String(i["roleDefinitionId"])));
        assert.equal(custom.length, 4); // computeAdmin, computeUser, and the scorer for the endpoint's group and automation callers
        for (const i of custom) {
            if (i["roleDefinitionId"] === ids[2]) assert.match(String(i["scope"]), /\/onlineEndpoints\//);
            else assert.equal(i["scope"], RG);
        }
    });

    it("has no Conditional Access policy by default", () => {
        assert.equal(ofType(dev, T.conditionalAccess).length, 0);
    });

    it("the dev stack has zero mandatory policy violations", async () => {
        assert.deepEqual(mandatory(await runPolicies(dev.resources)), []);
    });
});

const CA_ALLOWED = { conditionalAccess: { allowed: true } };

describe("human access options", () => {
    it("Conditional Access needs the platform's permission (platform/guardrails.yaml conditionalAccess.allowed)", () =>
        rejects(
            { conditionalAccess: { enabled: true } },
            "conditionalAccess.enabled",
            /platform\/guardrails\.yaml conditionalAccess\.allowed/,
        ));

    it("Conditional Access: report-only by default, for the team's groups and the Azure ML sign-in apps", async () => {
        const e = await withGuardrails(CA_ALLOWED, () => evaluateStack({ conditionalAccess: { enabled: true } }));
        const [ca] = ofType(e, T.conditionalAccess).map(inputs);
        assert.equal(ca?.["state"], "enabledForReportingButNotEnforced");
        const conditions = ca?.["conditions"] as {
            applications: { includedApplications: string[] };
            users: { includedGroups: string[] };
        };
        assert.deepEqual(conditions.applications.includedApplications, [
            "d7304df8-741f-47d3-9bc2-df0e24e2071f",
            "cb2ff863-7f30-4ced-ab89-a00194bcf6d9",
            "0736f41a-0425-4b46-bdb5-1563eff02385",
        ]);
        assert.equal(conditions.users.includedGroups.length, 5); // every group the dev stack names
        assert.deepEqual(ca?.["grantControls"], { operator: "OR", builtInControls: ["mfa"] });
    });

    describe("Conditional Access targets have a service principal in the tenant", () => {
        // "Before adding the conditional access policy, verify that the application ID is listed in the Enterprise
        // applications ... If no entry appears ... create a service principal for the application ID"
        // (MicrosoftDocs/azure-ai-docs articles/machine-learning/how-to-setup-authentication.md, "Check for service
        // principal").
        const SP = T.servicePrincipal;
        const TOKEN = "azuread:index/getServicePrincipals:getServicePrincipals";
        const APPS = [...DEFAULT_CA_APPLICATIONS];

        /** Evaluates with the offline tenant holding service principals for `present` (and records the lookups). */
        async function withTenant(present: string[], config: Record<string, unknown>) {
            const original = INVOKES[TOKEN];
            const lookups: Record<string, unknown>[] = [];
            INVOKES[TOKEN] = (args) => {
                lookups.push(args);
                const found = ((args["clientIds"] as string[] | undefined) ?? []).filter((id) => present.includes(id));
                return { ...original!(args), clientIds: found, objectIds: found.map((id) => `sp-of-${id}`) };
            };
            try {
                return { e: await withGuardrails(CA_ALLOWED, () => evaluateStack(config)), lookups };
            } finally {
                INVOKES[TOKEN] = original!;
            }
        }

        it("the offline tenant has none: one service principal per targeted app, created, never deleted", async () => {
            const e = await withGuardrails(CA_ALLOWED, () => evaluateStack({ conditionalAccess: { enabled: true } }));
            const sps = within(e, SP, "amlstamp:access:ConditionalAccess");
            assert.deepEqual(sps.map((r) => inputs(r)["clientId"]).sort(), [...APPS].sort());
            for (const r of sps) {
                assert.equal(r.options.retainOnDelete, true, "a first-party app's service principal is never deleted");
                assert.equal(inputs(r)["useExisting"], undefined, "never adopts (and rewrites) an existing one");
                assert.ok(!/[[\]]|-\d+$/.test(r.name) && r.name.endsWith(String(inputs(r)["clientId"])), r.name);
            }
        });

        it("only the missing ones are created, after looking all targets up (ignoreMissing)", async () => {
            const { e, lookups } = await withTenant([APPS[0]!, APPS[2]!], { conditionalAccess: { enabled: true } });
            assert.deepEqual(lookups, [{ clientIds: APPS, ignoreMissing: true }]);
            const sps = within(e, SP, "amlstamp:access:ConditionalAccess").map((r) => inputs(r)["clientId"]);
            assert.deepEqual(sps, [APPS[1]]);
        });

        it("nothing is created when every target has one; no lookup without Conditional Access", async () => {
            const all = await withTenant(APPS, { conditionalAccess: { enabled: true } });
            assert.equal(within(all.e, SP, "amlstamp:access:ConditionalAccess").length, 0);
            const off = await withTenant([], {});
            assert.deepEqual(off.lookups, []);
        });
    });

    it("Conditional Access: enforce and compliant device from config", async () => {
        const e = await withGuardrails(CA_ALLOWED, () =>
            evaluateStack({
                conditionalAccess: { enabled: true, enforce: true, requireCompliantDevice: true, operator: "AND" },
            }),
        );
        const [ca] = ofType(e, T.conditionalAccess).map(inputs);
        assert.equal(ca?.["state"], "enabled");
        assert.deepEqual(ca?.["grantControls"], { operator: "AND", builtInControls: ["mfa", "compliantDevice"] });
    });

    it("declares no custom role nobody is assigned", async () => {
        const e = await evaluateStack({
            access: { readers: ["33333333-3333-4333-8333-333333333333"] },
            onlineEndpoints: {},
        });
        assert.equal(ofType(e, T.roleDefinition).length, 0);
        assert.equal(within(e, T.roleAssignment, "amlstamp:access:HumanAccess").length, 1);
    });

    it("refuses to give a custom role to an automation principal the stack does not have", async () => {
        const err = await thrown(() =>
            evaluateStack({
                automation: { enabled: false },
                access: { customRoles: { computeAdmin: { automationPrincipal: true } } },
            }),
        );
        assert.equal(err.name, "ConfigError");
        assert.match(
            err.message,
            /aml-stamp:access\.customRoles\.computeAdmin\.automationPrincipal = true: needs the automation principal/,
        );
    });

    it("a production stack is tagged, and the offline plan then treats the Hardened rows as mandatory", async () => {
        const e = await evaluateStack(PRODUCTION);
        const ws = inputs(ofType(e, T.workspace)[0]!);
        assert.equal((ws["tags"] as Record<string, string>)["production"], "true");
        // A production stack meets the Hardened rows (tests/hardening.spec.ts); the dev stack, declared production
        // through the pack config, does not, and those violations are then mandatory.
        // With the stack's own pack config (its documented exemptions, lib/exemptions.ts) nothing is outstanding:
        // the workspace user-assigned identity meets Workspace_UAIEnabled_Audit.
        assert.deepEqual(
            mandatory(await runPolicies(e.resources, { config: policyConfigFor(parseDev(PRODUCTION)) })).map(
                (v) => v.policy,
            ),
            [],
        );
        const dev = await evaluateStack();
        const must = mandatory(
            await runPolicies(dev.resources, {
                config: {
                    "hardened-in-production": { production: true },
                    "hardened-in-production-resources": { production: true },
                },
            }),
        );
        assert.ok(must.length > 0);
        assert.ok(must.every((v) => v.policy.startsWith("hardened-in-production")));
    });
});

describe("access config rules (the message names the key and what is allowed)", () => {
    it("group ids are GUIDs", () =>
        rejects({ access: { readers: ["ops-team"] } }, "access.readers[0]", /group object id/));
    it("unknown access fields are refused", () =>
        rejects({ access: { admins: [] } }, "access.admins", /takes: dataScientists/));
    it("extra levels name a catalog role", () =>
        rejects(
            { access: { extraLevels: { pushers: { role: "Pusher" } } } },
            "access.extraLevels.pushers.role",
            /unknown role/,
        ));
    it("extra levels never name a privileged role", () =>
        rejects(
            { access: { extraLevels: { admins: { role: "User Access Administrator" } } } },
            "access.extraLevels.admins.role",
            /privileged/,
        ));
    it("extra levels never name Storage Account Contributor (it gives the account keys)", () =>
        rejects(
            { access: { extraLevels: { storageAdmins: { role: "Storage Account Contributor", scope: "storage" } } } },
            "access.extraLevels.storageAdmins.role",
            /privileged/,
        ));
    describe("compute admin custom role and AzureML Compute Operator never on the same principal", () => {
        // notActions only subtract inside one role definition: "If a user is assigned a role that excludes an
        // operation in notActions, and is assigned a second role that grants access to the same operation, the user
        // is allowed to perform that operation. notActions is not a deny rule" (azure-docs role-definitions.md).
        // AzureML Compute Operator allows computes/*, so the pair would give the admins the use the split removes.
        const G = "55555555-5555-4555-8555-555555555555";
        const OTHER = "66666666-6666-4666-8666-666666666666";
        it("a group in computeOperators and customRoles.computeAdmin is refused, naming both keys and the group", async () => {
            const message = await rejects(
                {
                    access: {
                        computeOperators: [OTHER, G],
                        customRoles: { computeAdmin: { groups: [G.toUpperCase()] } },
                    },
                },
                "access.customRoles.computeAdmin.groups[0]",
                /access\.computeOperators\[1\].*not a deny/,
            );
            assert.ok(message.includes(G.toUpperCase()), "the message names the group id");
        });
        it("the same through an extra level with the AzureML Compute Operator role", () =>
            rejects(
                {
                    access: {
                        extraLevels: { ops: { role: "azureml compute operator", groups: [G] } },
                        customRoles: { computeAdmin: { groups: [G] } },
                    },
                },
                "access.customRoles.computeAdmin.groups[0]",
                /access\.extraLevels\.ops\.groups\[0\]/,
            ));
        it("the automation principal: customRoles.computeAdmin.automationPrincipal with AzureML Compute Operator in automation.roles", () =>
            rejects(
                {
                    automation: { roles: ["AzureML Data Scientist", "AzureML Compute Operator"] },
                    access: { customRoles: { computeAdmin: { automationPrincipal: true } } },
                },
                "access.customRoles.computeAdmin.automationPrincipal",
                /automation\.roles\[1\]/,
            ));
        it("different groups are fine (the dev stack: operators and compute admins apart)", () => {
            const cfg = parseDev({
                access: { computeOperators: [OTHER], customRoles: { computeAdmin: { groups: [G] } } },
            });
            assert.deepEqual(cfg.access.customRoles.computeAdmin.groups, [G]);
            parseDev();
        });
    });
    it("Conditional Access targets each application once (one service principal resource per app id)", () =>
        rejects(
            {
                conditionalAccess: {
                    enabled: true,
                    applications: ["d7304df8-741f-47d3-9bc2-df0e24e2071f", "D7304DF8-741F-47D3-9BC2-DF0E24E2071F"],
                },
            },
            "conditionalAccess.applications[1]",
            /each application once/,
        ));
    it("extra levels have a known scope", () =>
        rejects(
            { access: { extraLevels: { auditors: { role: "Reader", scope: "subscription" } } } },
            "access.extraLevels.auditors.scope",
            /workspace, storage/,
        ));
    it("extra levels do not reuse a built-in level name", () =>
        rejects(
            { access: { extraLevels: { readers: { role: "Reader" } } } },
            "access.extraLevels.readers",
            /built-in level/,
        ));
    it("custom roles are computeAdmin and computeUser", () =>
        rejects(
            { access: { customRoles: { owner: {} } } },
            "access.customRoles.owner",
            /takes: computeAdmin, computeUser/,
        ));
    it("Conditional Access needs a control", () =>
        rejects(
            { conditionalAccess: { enabled: true, requireMfa: false } },
            "conditionalAccess",
            /requireMfa or requireCompliantDevice/,
        ));
    it("Conditional Access needs the team's groups", () =>
        rejects({ access: {}, conditionalAccess: { enabled: true } }, "conditionalAccess", /at least one group/));
    it("Conditional Access targets at least one application", () =>
        rejects(
            { conditionalAccess: { enabled: true, applications: [] } },
            "conditionalAccess.applications",
            /at least one application/,
        ));
    it("Conditional Access operator is OR or AND", () =>
        rejects({ conditionalAccess: { operator: "XOR" } }, "conditionalAccess.operator", /OR .* or AND/));
    it("defaults: no access, Conditional Access off and report-only", () => {
        const cfg = parseDev({ access: {}, conditionalAccess: {} });
        assert.deepEqual(cfg.access.dataScientists, []);
        assert.equal(cfg.conditionalAccess.enabled, false);
        assert.equal(cfg.conditionalAccess.enforce, false);
    });
});

describe("privileged roles: one list (lib/roles.ts) used by config, grant() and the policy pack", () => {
    it("Storage Account Contributor is privileged: it gives the account keys (listKeys), i.e. Shared Key access to all data", () => {
        assert.equal(ROLES.storageAccountContributor.privileged, true);
        assert.ok(PRIVILEGED_ROLE_NAMES.includes("Storage Account Contributor"));
    });

    it("grant() refuses every privileged role and its message names the whole list", async () => {
        for (const name of PRIVILEGED_ROLE_NAMES) {
            const role = Object.values(ROLES).find((r) => r.name === name)!;
            const err = await thrown(() =>
                grant(
                    "test-privileged",
                    {
                        principal: { id: "p", kind: "ServicePrincipal", label: "workload" },
                        role: { builtIn: role },
                        scope: "/subscriptions/s",
                        scopeLabel: "subscription",
                        reason: "test",
                        subscriptionId: "s",
                    },
                    {},
                ),
            );
            assert.match(err.message, new RegExp(`privileged role "${name}"`));
            for (const other of PRIVILEGED_ROLE_NAMES) assert.ok(err.message.includes(other), other);
        }
    });

    it("RA-02's description names every privileged role", () => {
        const description = ra02.description;
        for (const name of PRIVILEGED_ROLE_NAMES) assert.ok(description.includes(name), name);
    });
});

describe("the access matrix flows one way", () => {
    const cases = [
        { label: "dev", config: {} },
        { label: "dev turned production", config: PRODUCTION },
    ];
    for (const c of cases) {
        it(`${c.label}: every role assignment is a grant record its own component registered, and nothing else is`, async () => {
            const e = await evaluateStack(c.config);
            const byUrn = new Map(e.resources.map((r) => [r.urn, r]));
            const assignments = ofType(e, T.roleAssignment);
            for (const ra of assignments) {
                const parent = byUrn.get(ra.parent);
                assert.ok(parent !== undefined && !parent.custom, `${ra.name}: no parent component`);
                const registered = unwrapSecrets(parent.outputs["grants"]) as { resourceName: string }[] | undefined;
                assert.ok(Array.isArray(registered), `${parent.type} ${parent.name} registers no grants output`);
                assert.equal(registered.filter((g) => g.resourceName === ra.name).length, 1, ra.name);
            }
            assert.deepEqual(e.grants.map((g) => g.resourceName).sort(), assignments.map((r) => r.name).sort());
            // The access output counts the same grants.
            const counts = (e.outputs["access"]?.value as { roleAssignments: { declared: number } }).roleAssignments;
            assert.equal(counts.declared, assignments.length);
        });
    }

    it("components/access.ts keeps no module-level ledger", async () => {
        const access = (await import("../components/access")) as Record<string, unknown>;
        assert.equal("listGrants" in access, false);
    });
});
