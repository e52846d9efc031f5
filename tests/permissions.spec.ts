/**
 * The permission model (lib/permissions.ts) and its page (docs/permissions.md, scripts/permissionsDocs.ts): every
 * resource type the programs can declare has the rights that create it, held by the identity that deploys it.
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import {
    ALL_OPTIONS,
    ciHoldings,
    declaredTokens,
    declaredTypes,
    INVOKE_RIGHTS,
    invokeProblems,
    permissionProblems,
    type SourceFile,
    TYPE_RIGHTS,
} from "../lib/permissions";
import {
    main,
    PERMISSIONS_DOC,
    programSources,
    reassignableStateRoles,
    renderPermissions,
} from "../scripts/permissionsDocs";
import { evaluate } from "../offline/evaluate";
import { INVOKES } from "../offline/mocks";
import { PLATFORM_ROOT } from "../offline/stackConfig";
import { evaluateStack, newTeamProductionStack, PRODUCTION, withGuardrails } from "./helpers";

const SOURCES = programSources();
const TYPES = declaredTypes(SOURCES);
const tokensOf = (deployer: "team" | "platform"): string[] =>
    TYPES.filter((t) => t.deployers.includes(deployer)).map((t) => t.token);

/** The team program with one more file, imported by index.ts, that declares `body`. */
function withTeamFile(imports: string, body: string): SourceFile[] {
    return SOURCES.map((s) =>
        s.file === "index.ts" ? { ...s, text: `import "./components/extra";\n${s.text}` } : s,
    ).concat({ file: "components/extra.ts", text: `${imports}\n${body}\n` });
}

describe("the permission model (lib/permissions.ts)", () => {
    it("every type the programs can declare has its rights, and the deploy identity holds them for team types", () => {
        assert.ok(TYPES.length >= 25, `found ${TYPES.length} declared types`);
        assert.deepEqual(permissionProblems(TYPES), []);
        for (const t of TYPES) assert.ok(TYPE_RIGHTS[t.token], t.token);
    });

    it("every invoke the programs can make has its rights, and both CI identities hold one, guardrails closed or open", () => {
        assert.deepEqual(INVOKE_RIGHTS.map((i) => i.token).sort(), Object.keys(INVOKES).sort());
        for (const options of [{ conditionalAccess: false, policyExemptions: false }, ALL_OPTIONS]) {
            for (const identity of ["preview", "deploy"] as const) {
                assert.deepEqual(invokeProblems(ciHoldings(identity, options)), [], identity);
            }
        }
        // The customer-managed key's Cosmos DB lookup: the deploy identity reads it with Application.ReadWrite.OwnedBy.
        const none = { label: "nobody", roles: [], graph: [] };
        assert.deepEqual(
            invokeProblems(
                none,
                INVOKE_RIGHTS.filter((i) => i.token === "azuread:index/getServicePrincipal:getServicePrincipal"),
            ),
            [
                "azuread:index/getServicePrincipal:getServicePrincipal: the nobody holds none of Application.Read.All, Application.ReadWrite.OwnedBy",
            ],
        );
    });

    it("diagnostic settings and the private link scope say what the platform's monitoring resources need", () => {
        const diag = TYPE_RIGHTS["azure-native:monitor:DiagnosticSetting"]!;
        assert.ok(diag.write.includes("Microsoft.OperationalInsights/workspaces/sharedKeys/action"));
        assert.match(diag.elsewhere ?? "", /monitoring\.logAnalyticsWorkspaceId/);
        assert.match(
            TYPE_RIGHTS["azure-native:monitor:PrivateLinkScopedResource"]!.elsewhere ?? "",
            /monitoring\.privateLinkScopeId/,
        );
    });

    it("a declared type without an entry fails, naming the type and the file", () => {
        const types = declaredTypes(
            withTeamFile(
                `import * as compute from "@pulumi/azure-native/compute";`,
                `new compute.VirtualMachine("vm", {} as never);`,
            ),
        );
        assert.deepEqual(permissionProblems(types), [
            "azure-native:compute:VirtualMachine (components/extra.ts): no entry in lib/permissions.ts TYPE_RIGHTS",
        ]);
    });

    it("a team type the deploy identity cannot create fails: a role definition (Contributor excludes Microsoft.Authorization/*/Write)", () => {
        const types = declaredTypes(
            withTeamFile(
                `import * as authorization from "@pulumi/azure-native/authorization";`,
                `new authorization.RoleDefinition("r", {} as never);`,
            ),
        );
        assert.deepEqual(permissionProblems(types), [
            "azure-native:authorization:RoleDefinition: the CI deploy identity cannot write: Microsoft.Authorization/roleDefinitions/write",
            "azure-native:authorization:RoleDefinition: the CI deploy identity cannot delete: Microsoft.Authorization/roleDefinitions/delete",
        ]);
    });

    it("the guardrails open what they grant: without them, exemptions and Conditional Access have no deployer right", () => {
        const closed = permissionProblems(TYPES, { conditionalAccess: false, policyExemptions: false });
        assert.deepEqual(closed, [
            "azure-native:authorization:PolicyExemption: the CI deploy identity cannot write: Microsoft.Authorization/policyExemptions/write",
            "azure-native:authorization:PolicyExemption: the CI deploy identity cannot delete: Microsoft.Authorization/policyExemptions/delete",
            "azuread:index/conditionalAccessPolicy:ConditionalAccessPolicy: the CI deploy identity cannot write: Policy.Read.All, Policy.ReadWrite.ConditionalAccess, Application.Read.All",
            "azuread:index/conditionalAccessPolicy:ConditionalAccessPolicy: the CI deploy identity cannot delete: Policy.Read.All, Policy.ReadWrite.ConditionalAccess, Application.Read.All",
        ]);
        assert.deepEqual(permissionProblems(TYPES, ALL_OPTIONS), []);
    });

    it("the team program declares no role definition (the platform defines them; RA-06)", () => {
        assert.ok(!tokensOf("team").includes("azure-native:authorization:RoleDefinition"));
        assert.ok(tokensOf("platform").includes("azure-native:authorization:RoleDefinition"));
    });

    it("declaredTokens reads the project's import style: azure-native submodules, azuread, random", () => {
        const text = [
            `import * as kv from "@pulumi/azure-native/keyvault";`,
            `import * as azuread from "@pulumi/azuread";`,
            `import * as random from "@pulumi/random";`,
            `new kv.Vault("v", {}); new azuread.ApplicationPassword("p", {}); new random.RandomString("r", {});`,
            `new pulumi.ResourceError("x"); new Map();`,
        ].join("\n");
        assert.deepEqual(declaredTokens(text), [
            "azure-native:keyvault:Vault",
            "azuread:index/applicationPassword:ApplicationPassword",
            "random:index/randomString:RandomString",
        ]);
    });

    it("the scan covers what the engine sees: every resource of the committed stacks, a production stack and the platform", async () => {
        const resourcesOf = (e: { resources: readonly { type: string }[] }): string[] =>
            [...new Set(e.resources.map((r) => r.type))].filter((t) => /^(azure-native|azuread|random):/.test(t));
        const s = newTeamProductionStack();
        const team = [
            await evaluateStack({}, { stack: "dev" }),
            await evaluateStack({}, { stack: "vision-dev" }),
            await evaluateStack({}, { stack: s.stack, stackDoc: { config: s.config } }),
            await evaluateStack({ ...PRODUCTION, workspaceIdentity: { type: "user", create: true } }),
        ];
        for (const e of team) for (const t of resourcesOf(e)) assert.ok(tokensOf("team").includes(t), `team: ${t}`);
        const platform = await withGuardrails(
            { policyExemptions: { allowed: true }, conditionalAccess: { allowed: true } },
            () => evaluate({ root: PLATFORM_ROOT, stack: "example", config: {} }),
        );
        for (const t of resourcesOf(platform)) assert.ok(tokensOf("platform").includes(t), `platform: ${t}`);
    });
});

describe("docs/permissions.md (npm run docs:permissions)", () => {
    it("is current: --check exits 0 (run `npm run docs:permissions` after changing lib/permissions.ts or a component)", () => {
        assert.equal(fs.readFileSync(PERMISSIONS_DOC, "utf8"), renderPermissions(SOURCES));
        const err: string[] = [];
        assert.equal(main(["--check"], { out: () => undefined, err: (s: string) => err.push(s) }), 0);
        assert.deepEqual(err, []);
    });

    it("goes stale when the code declares a new type, and then names it as not covered", () => {
        const page = renderPermissions(
            withTeamFile(
                `import * as compute from "@pulumi/azure-native/compute";`,
                `new compute.Disk("d", {} as never);`,
            ),
        );
        assert.notEqual(page, fs.readFileSync(PERMISSIONS_DOC, "utf8"));
        assert.match(page, /`azure-native:compute:Disk` \| \*\*no entry in lib\/permissions\.ts\*\*/);
    });

    it("a bad option is a usage error (exit 2), --help exits 0", () => {
        const quiet = { out: () => undefined, err: () => undefined };
        const write = process.stderr.write;
        const writeOut = process.stdout.write;
        process.stderr.write = (() => true) as typeof process.stderr.write;
        process.stdout.write = (() => true) as typeof process.stdout.write;
        try {
            assert.equal(main(["--chek"], quiet), 2);
            assert.equal(main(["--help"], quiet), 0);
        } finally {
            process.stderr.write = write;
            process.stdout.write = writeOut;
        }
    });

    it("says how far the deploy identity reaches into the state backend: the data roles it could hand on", () => {
        const page = fs.readFileSync(PERMISSIONS_DOC, "utf8");
        const section = page.slice(page.indexOf("## How far the deploy identity reaches"));
        assert.deepEqual(reassignableStateRoles(), [
            "Key Vault Crypto User",
            "Storage Blob Data Contributor",
            "Storage Blob Data Reader",
        ]);
        for (const r of reassignableStateRoles()) assert.ok(section.includes(r), r);
        assert.match(section, /subscription of its own/);
        for (const r of [
            "Storage Blob Data Owner",
            "Key Vault Administrator",
            "Key Vault Secrets Officer",
            "Managed Identity Operator",
        ])
            assert.ok(section.includes(r), r);
    });
});
