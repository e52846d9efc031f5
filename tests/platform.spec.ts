import assert from "node:assert/strict";
import { stackCounts } from "../lib/counts";
import * as fs from "fs";
import * as path from "path";
import fc from "fast-check";
import { ConfigError } from "../config";
import { type Evaluation, evaluate } from "../offline/evaluate";
import { FAKE_CLIENT } from "../offline/mocks";
import { mandatory, platformPolicyConfig, runPolicies } from "../offline/policies";
import { listStacks, PLATFORM_ROOT, readStackConfig, ROOT } from "../offline/stackConfig";
import { parsePlatformConfig } from "../platform/config";
import { constrainRolesAndPrincipalTypes, parseCondition } from "../lib/abac";
import {
    CUSTOM_ROLE_KEYS,
    CUSTOM_ROLES,
    LOCK_WRITER_ROLE,
    sharedCustomRoleDefinition,
    sharedCustomRoleGuid,
    sharedCustomRoleId,
} from "../lib/customRoles";
import { gitHubSubjectProblems } from "../lib/federation";
import { GRAPH_APP_ROLES, MICROSOFT_GRAPH_APP_ID } from "../lib/platform";
import { GITHUB_VARIABLES, ghVariableSetLines } from "../platform/github";
import { deployerRightsMarkdown } from "../platform/readme";
import { ASSIGNABLE_ROLE_NAMES, lookupRole, ROLES } from "../lib/roles";

const lookupRoleError = (name: string): string => {
    const found = lookupRole(name);
    return "error" in found ? found.error : "";
};
import { linesFromOutputs } from "../scripts/ghVariables";
import { fakeUuid } from "../offline/mocks";
import { evaluatePlatform, evaluateStack, inputs, ofType, thrown, withGuardrails } from "./helpers";
import { T } from "./tokens";

const SUB = FAKE_CLIENT.subscriptionId;
const guidOf = (id: unknown): string => String(id).split("/").pop()!;

const platform = evaluatePlatform;
/** Role assignments of one CI identity (by its component). */
function assignmentsOf(e: Evaluation, identity: "preview" | "deploy"): Record<string, unknown>[] {
    return ofType(e, T.roleAssignment)
        .filter((r) => r.parent.endsWith(`::aml-stamp-platform-${identity}`))
        .map(inputs);
}
function subjectsOf(e: Evaluation, identity: "preview" | "deploy"): string[] {
    return ofType(e, T.federated)
        .filter((r) => r.parent.endsWith(`::aml-stamp-platform-${identity}`))
        .map((r) => String(inputs(r)["subject"]))
        .sort();
}
function graphRolesOf(e: Evaluation, identity: "preview" | "deploy"): string[] {
    return ofType(e, T.appRoleAssignment)
        .filter((r) => r.parent.endsWith(`::aml-stamp-platform-${identity}`))
        .map((r) => String(inputs(r)["appRoleId"]))
        .sort();
}

describe("platform project (platform/): the example stack under mocks", () => {
    let e: Evaluation;
    before(async () => {
        e = await platform();
    });

    it("counts no assignment Azure ML makes itself (the platform declares no workspace or endpoint)", () => {
        // Before: its plan said "+ 1 Azure ML makes for the workspace identity", as every team stack's does.
        assert.equal(stackCounts(e.resources, e.grants).roleAssignments.byAzure, 0);
    });

    it("defines every catalog custom role once, at the subscription, with the shared GUID and a directory-unique name", () => {
        const defs = ofType(e, T.roleDefinition).map(inputs);
        assert.deepEqual(
            defs.map((d) => d["roleDefinitionId"]).sort(),
            // The catalog, plus the deploy identity's own lock role (not in the catalog: it is never assigned by stacks).
            [
                ...CUSTOM_ROLE_KEYS.map((k) => sharedCustomRoleGuid(SUB, k)),
                sharedCustomRoleDefinition(LOCK_WRITER_ROLE, SUB).roleDefinitionId,
            ].sort(),
        );
        for (const d of defs) {
            assert.equal(d["scope"], `/subscriptions/${SUB}`);
            assert.deepEqual(d["assignableScopes"], [`/subscriptions/${SUB}`]);
            assert.match(String(d["roleName"]), new RegExp(`^aml-stamp .+ \\(${SUB}\\)$`));
        }
        const ids = e.outputs["customRoleIds"]!.value as Record<string, string>;
        for (const k of CUSTOM_ROLE_KEYS) assert.equal(ids[k], sharedCustomRoleId(SUB, k));
    });

    it("the deploy identity's condition allows exactly the role catalog's non-privileged GUIDs plus the custom roles", () => {
        const [rbac] = assignmentsOf(e, "deploy").filter(
            (a) => guidOf(a["roleDefinitionId"]) === ROLES.rbacAdministrator.id,
        );
        assert.ok(rbac, "an RBAC Administrator assignment");
        assert.equal(rbac["conditionVersion"], "2.0");
        const parsed = parseCondition(String(rbac["condition"]));
        assert.ok(parsed, "the condition parses");
        const expected = [
            ...Object.values(ROLES)
                .filter((r) => !r.privileged && r.deployerAssignable !== false)
                .map((r) => r.id),
            ...CUSTOM_ROLE_KEYS.map((k) => sharedCustomRoleGuid(SUB, k)),
        ].sort();
        for (const action of [parsed.write, parsed.delete]) {
            assert.deepEqual([...action.roles].sort(), expected);
            for (const r of [ROLES.owner, ROLES.contributor, ROLES.userAccessAdministrator, ROLES.rbacAdministrator])
                assert.ok(!action.roles.includes(r.id), `${r.name} is not assignable`);
            assert.deepEqual([...action.principalTypes].sort(), ["Group", "ServicePrincipal"]);
        }
    });

    it("the condition is what config can name (ASSIGNABLE_ROLE_NAMES) plus the custom roles: no data-owner or identity-operator role", () => {
        const [rbac] = assignmentsOf(e, "deploy").filter(
            (a) => guidOf(a["roleDefinitionId"]) === ROLES.rbacAdministrator.id,
        );
        const parsed = parseCondition(String(rbac!["condition"]))!;
        const configurable = ASSIGNABLE_ROLE_NAMES.map((n) => {
            const found = lookupRole(n);
            assert.ok("role" in found, n);
            return found.role.id;
        });
        assert.deepEqual(
            [...parsed.write.roles].sort(),
            [...configurable, ...CUSTOM_ROLE_KEYS.map((k) => sharedCustomRoleGuid(SUB, k))].sort(),
        );
        // Each reads or hands out every secret, key or blob of its scope, or acts as another identity:
        // with any of them the deploy identity could reach the platform's own state vault and container.
        const reach = {
            "Key Vault Administrator": "00482a5a-887f-4fb3-b363-3b7fe8e74483",
            "Storage Blob Data Owner": "b7e6dc6d-f1e8-4753-8033-0f276bb0955b",
            "Managed Identity Operator": "f1a07417-d97a-45cb-824c-7a7467783830",
            "Key Vault Secrets Officer": "b86a8fe4-44ce-4948-aee5-eccb2c155cd7",
        };
        for (const [name, id] of Object.entries(reach)) {
            assert.ok(!parsed.write.roles.includes(id), `${name} is not assignable (create)`);
            assert.ok(!parsed.delete.roles.includes(id), `${name} is not assignable (delete)`);
            assert.match(lookupRoleError(name), /privileged/, `config refuses ${name}`);
        }
    });

    it("never Owner or User Access Administrator; Contributor and RBAC Administrator only for deploy; every principalType ServicePrincipal", () => {
        const all = ofType(e, T.roleAssignment).map(inputs);
        for (const a of all) {
            assert.equal(a["principalType"], "ServicePrincipal");
            assert.ok(![ROLES.owner.id, ROLES.userAccessAdministrator.id].includes(guidOf(a["roleDefinitionId"])));
        }
        const preview = assignmentsOf(e, "preview")
            .map((a) => guidOf(a["roleDefinitionId"]))
            .sort();
        // A preview on the DIY backend takes no lock and writes nothing (pulumi/pulumi pkg/backend/diy/backend.go).
        assert.deepEqual(
            preview,
            [ROLES.reader.id, ROLES.storageBlobDataReader.id, ROLES.keyVaultCryptoUser.id].sort(),
        );
        const deploy = assignmentsOf(e, "deploy")
            .map((a) => guidOf(a["roleDefinitionId"]))
            .sort();
        assert.deepEqual(
            deploy,
            [
                ROLES.contributor.id,
                ROLES.rbacAdministrator.id,
                ROLES.storageBlobDataContributor.id,
                ROLES.keyVaultCryptoUser.id,
                sharedCustomRoleDefinition(LOCK_WRITER_ROLE, SUB).roleDefinitionId,
            ].sort(),
        );
        // Only the conditioned one carries a condition.
        assert.equal(all.filter((a) => a["condition"] !== undefined).length, 1);
    });

    it("federated subjects match the workflows exactly: the preview and deploy environments (.github/workflows)", () => {
        assert.deepEqual(subjectsOf(e, "preview"), ["repo:contoso/aml-stamp:environment:preview"]);
        assert.deepEqual(subjectsOf(e, "deploy"), ["repo:contoso/aml-stamp:environment:deploy"]);
        for (const r of ofType(e, T.federated).map(inputs)) {
            assert.deepEqual(gitHubSubjectProblems(String(r["subject"])), []);
            assert.equal(r["issuer"], "https://token.actions.githubusercontent.com");
            assert.deepEqual(r["audiences"], ["api://AzureADTokenExchange"]);
        }
        assert.equal(ofType(e, T.password).length, 0, "no client secret at all");
    });

    it("without environments: pull_request for preview, the default branch for deploy (only one subject each)", async () => {
        const plain = await platform({ deployEnvironment: "", previewEnvironment: "", defaultBranch: "trunk" });
        assert.deepEqual(subjectsOf(plain, "preview"), ["repo:contoso/aml-stamp:pull_request"]);
        assert.deepEqual(subjectsOf(plain, "deploy"), ["repo:contoso/aml-stamp:ref:refs/heads/trunk"]);
    });

    it("the example stack trusts exactly the environments the workflows reference", () => {
        for (const [file, env] of [
            ["pull-request.yml", "preview"],
            ["deploy.yml", "deploy"],
            ["rotate.yml", "deploy"],
        ] as const) {
            const text = fs.readFileSync(path.join(ROOT, ".github", "workflows", file), "utf8");
            assert.match(text, new RegExp(`^\\s+environment: ${env}$`, "m"), `${file} references environment ${env}`);
        }
    });

    it("Graph application permissions: verified app role ids, on the Graph service principal; Conditional Access only when allowed", async () => {
        assert.deepEqual(graphRolesOf(e, "preview"), [GRAPH_APP_ROLES.applicationReadAll.id]);
        assert.deepEqual(graphRolesOf(e, "deploy"), [GRAPH_APP_ROLES.applicationReadWriteOwnedBy.id]);
        for (const r of ofType(e, T.appRoleAssignment).map(inputs)) {
            assert.equal(r["resourceObjectId"], fakeUuid("service-principal", MICROSOFT_GRAPH_APP_ID));
        }
        const ca = await withGuardrails({ conditionalAccess: { allowed: true } }, () => platform());
        // Creating a policy as an application needs "Policy.Read.All, Policy.ReadWrite.ConditionalAccess and
        // Application.Read.All" (Graph conditionalaccessroot-post-policies); before, deploy had only the middle one.
        assert.deepEqual(
            graphRolesOf(ca, "deploy"),
            [
                GRAPH_APP_ROLES.applicationReadWriteOwnedBy.id,
                GRAPH_APP_ROLES.policyReadWriteConditionalAccess.id,
                GRAPH_APP_ROLES.policyReadAll.id,
                GRAPH_APP_ROLES.applicationReadAll.id,
            ].sort(),
        );
        assert.deepEqual(
            graphRolesOf(ca, "preview"),
            [GRAPH_APP_ROLES.applicationReadAll.id, GRAPH_APP_ROLES.policyReadAll.id].sort(),
        );
    });

    it("policy exemptions: only when the guardrails allow them, a narrow role for the deploy identity, outside its ABAC condition", async () => {
        const exemptionRoles = (x: Evaluation): Record<string, unknown>[] =>
            ofType(x, T.roleDefinition)
                .map(inputs)
                .filter((d) => String(d["roleName"]).includes("Policy Exemption"));
        assert.deepEqual(exemptionRoles(e), [], "not defined by default");
        const allowed = await withGuardrails({ policyExemptions: { allowed: true } }, () => platform());
        const [def, ...more] = exemptionRoles(allowed);
        assert.ok(def, "defined when policyExemptions.allowed");
        assert.equal(more.length, 0);
        const perms = (def["permissions"] as { actions: string[]; dataActions: string[] }[])[0]!;
        assert.deepEqual([...perms.actions].sort(), [
            "Microsoft.Authorization/policyAssignments/exempt/action",
            "Microsoft.Authorization/policyExemptions/delete",
            "Microsoft.Authorization/policyExemptions/read",
            "Microsoft.Authorization/policyExemptions/write",
        ]);
        assert.deepEqual(perms.dataActions, []);
        assert.deepEqual(def["assignableScopes"], [`/subscriptions/${SUB}`]);
        const guid = String(def["roleDefinitionId"]);
        const held = assignmentsOf(allowed, "deploy").filter((a) => guidOf(a["roleDefinitionId"]) === guid);
        assert.equal(held.length, 1, "the deploy identity holds it");
        assert.equal(held[0]!["scope"], `/subscriptions/${SUB}`);
        assert.equal(assignmentsOf(allowed, "preview").filter((a) => guidOf(a["roleDefinitionId"]) === guid).length, 0);
        const [rbac] = assignmentsOf(allowed, "deploy").filter(
            (a) => guidOf(a["roleDefinitionId"]) === ROLES.rbacAdministrator.id,
        );
        assert.ok(!parseCondition(String(rbac!["condition"]))!.write.roles.includes(guid), "it cannot hand it out");
        assert.deepEqual(mandatory(await runPolicies(allowed.resources, { config: platformPolicyConfig() })), []);
    });

    it("the state backend: shared keys, public access off; versioning and soft delete on; private container; RBAC vault with purge protection", () => {
        const [st] = ofType(e, T.storage).map(inputs);
        assert.equal(st!["allowSharedKeyAccess"], false);
        assert.equal(st!["allowBlobPublicAccess"], false);
        const [blob] = ofType(e, T.blobService).map(inputs);
        assert.equal(blob!["isVersioningEnabled"], true);
        assert.deepEqual(blob!["deleteRetentionPolicy"], { enabled: true, days: 30 });
        assert.equal(ofType(e, T.blobContainer).map(inputs)[0]!["publicAccess"], "None");
        const [kv] = ofType(e, T.vault).map(inputs);
        const props = kv!["properties"] as Record<string, unknown>;
        assert.equal(props["enableRbacAuthorization"], true);
        assert.equal(props["enablePurgeProtection"], true);
        assert.equal(ofType(e, T.keyVaultKey).length, 1);
        // The state roles sit on the container and the key, not the account or the vault.
        for (const a of assignmentsOf(e, "preview").filter((x) => guidOf(x["roleDefinitionId"]) !== ROLES.reader.id)) {
            assert.match(
                String(a["scope"]),
                /\/blobServices\/default\/containers\/pulumi-state$|\/vaults\/[^/]+\/keys\/pulumi-secrets$/,
            );
        }
    });

    it("outputs what a repository needs: tenant, subscription, both client ids, the backend and secrets-provider URLs", () => {
        const v = (k: string): unknown => e.outputs[k]!.value;
        assert.equal(v("tenantId"), FAKE_CLIENT.tenantId);
        assert.equal(v("subscriptionId"), SUB);
        assert.match(String(v("previewClientId")), /^[0-9a-f-]{36}$/);
        assert.notEqual(v("previewClientId"), v("deployClientId"));
        assert.equal(v("backendUrl"), "azblob://pulumi-state?storage_account=stamlstampstate01");
        assert.equal(
            v("secretsProviderUrl"),
            "azurekeyvault://kv-amlstamp-state01.vault.azure.net/keys/pulumi-secrets",
        );
        for (const o of Object.values(e.outputs)) assert.equal(o.secret, false);
        const lines = linesFromOutputs(Object.fromEntries(Object.entries(e.outputs).map(([k, o]) => [k, o.value])));
        assert.deepEqual(
            lines.map((l) => l.split(" ")[3]),
            [...GITHUB_VARIABLES],
        );
        assert.ok(lines.every((l) => l.startsWith("gh variable set ") && l.includes("--repo 'contoso/aml-stamp'")));
    });

    it("the policy pack applies: zero mandatory violations with the platform's pack config, and the exemption is the platform's only", async () => {
        assert.deepEqual(mandatory(await runPolicies(e.resources, { config: platformPolicyConfig() })), []);
        const asTeam = mandatory(await runPolicies(e.resources)).map((v) => v.policy);
        assert.ok(
            asTeam.includes("role-assignment-not-privileged"),
            "a team's pack config refuses the deployer's roles",
        );
        assert.ok(asTeam.includes("role-assignment-narrow-scope"));
    });

    it("the access matrix shows the ABAC condition readably", () => {
        const rbac = e.grants.find((g) => g.role === ROLES.rbacAdministrator.name)!;
        assert.match(
            rbac.condition ?? "",
            /only for \[Reader, .*AzureML Compute Admin \(custom\).*\] and only to principal types \[ServicePrincipal, Group\]/,
        );
    });

    it("team stacks assign the ids the platform defines (one shared function), and no team stack declares a role definition", async () => {
        for (const stack of listStacks()) {
            const team = await evaluateStack({}, { stack });
            assert.equal(ofType(team, T.roleDefinition).length, 0, stack);
            const custom = (team.outputs["access"]!.value as { customRoles: Record<string, string> }).customRoles;
            for (const [k, id] of Object.entries(custom))
                assert.equal(id, sharedCustomRoleId(SUB, k as "computeAdmin"));
        }
        assert.deepEqual(Object.keys(CUSTOM_ROLES), [...CUSTOM_ROLE_KEYS]);
    });
});

describe("platform config (platform/config.ts)", () => {
    const raw = (overrides: Record<string, unknown>): Record<string, string> =>
        readStackConfig("example", overrides, PLATFORM_ROOT).config;

    it("the example stack is valid", () => {
        const cfg = parsePlatformConfig(raw({}));
        assert.equal(cfg.repository, "contoso/aml-stamp");
        assert.equal(cfg.defaultBranch, "main");
    });

    it("bad values fail naming the key, the value and what is allowed, before anything is declared", async () => {
        const err = await thrown(() =>
            parsePlatformConfig(
                raw({
                    repository: "contoso/*",
                    defaultBranch: "main*",
                    stateStorageAccount: "Bad_Name",
                    location: "eastus",
                }),
            ),
        );
        assert.ok(err instanceof ConfigError);
        const keys = err.problems.map((p) => p.key).sort();
        assert.deepEqual(keys, [
            "aml-stamp-platform:defaultBranch",
            "aml-stamp-platform:repository",
            "aml-stamp-platform:stateStorageAccount",
        ]);
        assert.match(err.message, /no wildcard/);
        const region = await thrown(() => parsePlatformConfig(raw({ location: "eastus" })));
        assert.match(
            region.message,
            /aml-stamp-platform:location = "eastus": must be one of the platform's allowedRegions/,
        );
        const missing = await thrown(() => parsePlatformConfig(raw({ repository: undefined })));
        assert.match(missing.message, /aml-stamp-platform:repository = \(not set\): required/);
        const unknown = await thrown(() => parsePlatformConfig(raw({ rgName: "x" })));
        assert.match(unknown.message, /aml-stamp-platform:rgName .*unknown key/);
    });

    it("an invalid platform stack fails its offline evaluation with the config error", async () => {
        const err = await thrown(() => platform({ repository: "not-a-repo" }));
        assert.ok(err instanceof ConfigError || err.name === "ConfigError", String(err));
    });
});

describe("ABAC condition (lib/abac.ts)", () => {
    const guid = fc.uuid().map((g) => g.toLowerCase());
    it("round-trips: the parser reads back exactly the roles and principal types written", () => {
        fc.assert(
            fc.property(fc.uniqueArray(guid, { minLength: 1, maxLength: 30 }), (roles) => {
                const parsed = parseCondition(constrainRolesAndPrincipalTypes(roles, ["ServicePrincipal", "Group"]));
                assert.ok(parsed);
                assert.deepEqual(parsed.write.roles, [...roles].sort());
                assert.deepEqual(parsed.delete.roles, [...roles].sort());
                assert.deepEqual(parsed.write.principalTypes, ["ServicePrincipal", "Group"]);
            }),
        );
    });
    it("refuses to vouch for anything else: an extra clause, or a write-only condition", () => {
        const c = constrainRolesAndPrincipalTypes([ROLES.reader.id], ["Group"]);
        assert.equal(parseCondition(`${c} OR (true)`), undefined);
        assert.equal(parseCondition(c.slice(0, c.indexOf(") AND ((!") + 1)), undefined);
        assert.throws(() => constrainRolesAndPrincipalTypes(["not-a-guid"], ["Group"]), /not role definition GUIDs/);
    });
    it("follows the documented grammar (delegate-role-assignments-examples.md): @Request for write, @Resource for delete", () => {
        const c = constrainRolesAndPrincipalTypes([ROLES.reader.id], ["ServicePrincipal", "Group"]);
        assert.equal(
            c,
            "((!(ActionMatches{'Microsoft.Authorization/roleAssignments/write'})) OR (@Request[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals {acdd72a7-3385-48ef-bd42-f606fba81ae7} AND @Request[Microsoft.Authorization/roleAssignments:PrincipalType] ForAnyOfAnyValues:StringEqualsIgnoreCase {'ServicePrincipal', 'Group'})) AND ((!(ActionMatches{'Microsoft.Authorization/roleAssignments/delete'})) OR (@Resource[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals {acdd72a7-3385-48ef-bd42-f606fba81ae7} AND @Resource[Microsoft.Authorization/roleAssignments:PrincipalType] ForAnyOfAnyValues:StringEqualsIgnoreCase {'ServicePrincipal', 'Group'}))",
        );
    });
});

describe("set-up and docs derived from the code", () => {
    it("ghVariableSetLines quotes values for the shell and refuses a missing one", () => {
        const values = Object.fromEntries(GITHUB_VARIABLES.map((n) => [n, `v'${n}`]));
        const [first] = ghVariableSetLines("o/r", values);
        assert.equal(first, `gh variable set AZURE_TENANT_ID --repo 'o/r' --body 'v'\\''AZURE_TENANT_ID'`);
        assert.throws(
            () => ghVariableSetLines("o/r", { ...values, AZURE_DEPLOY_CLIENT_ID: "" }),
            /AZURE_DEPLOY_CLIENT_ID is missing/,
        );
    });

    it("the README's deployer-permissions section is the one platform/readme.ts generates", () => {
        // Before: the README told deployers Contributor + RBAC Administrator could create the custom role definitions,
        // which needs roleDefinitions/write (neither role has it: azure-docs built-in-roles/privileged.md).
        const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
        const m = /<!-- deployer-rights:begin[^>]*-->\n([\s\S]*?)\n<!-- deployer-rights:end -->/.exec(readme);
        assert.ok(m, "README.md has the generated deployer-rights block");
        assert.equal(m[1], deployerRightsMarkdown());
    });

    it("the Pulumi project of platform/ names its own entry point and tsconfig (the root package.json's main is the team program)", () => {
        const yaml = fs.readFileSync(path.join(PLATFORM_ROOT, "Pulumi.yaml"), "utf8");
        assert.match(yaml, /^main: index\.ts$/m);
        assert.ok(fs.existsSync(path.join(PLATFORM_ROOT, "tsconfig.json")));
        assert.ok(fs.existsSync(path.join(PLATFORM_ROOT, "index.ts")));
    });
});

describe("grant(): the platform deploy identity's exception and nothing more (components/access.ts)", () => {
    const run = (kase: string): Promise<Evaluation> =>
        evaluate({ program: path.join(__dirname, "programs", "privilegedGrant.ts"), config: { case: kase } });
    it("allows Contributor, and RBAC Administrator with a condition, to a service principal with platformDeployer", async () => {
        for (const kase of ["contributorDeployer", "rbacConditioned"]) {
            const e = await run(kase);
            assert.equal(ofType(e, T.roleAssignment).length, 1, kase);
        }
        const [rbac] = ofType(await run("rbacConditioned"), T.roleAssignment).map(inputs);
        assert.equal(rbac!["conditionVersion"], "2.0");
    });
    it("refuses Owner, User Access Administrator, an unconditioned RBAC Administrator, a group, or a team's Contributor", async () => {
        for (const kase of [
            "owner",
            "userAccessAdministrator",
            "rbacNoCondition",
            "contributorGroup",
            "contributorTeam",
        ]) {
            const err = await thrown(() => run(kase));
            assert.match(err.message, /refusing to grant privileged role/, kase);
        }
    });
});
