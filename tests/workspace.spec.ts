import assert from "node:assert/strict";
import { type Evaluation, evaluateStack, inputs, one, ofType, PRODUCTION, thrown } from "./helpers";
import { T } from "./tokens";
import { FAKE_CLIENT, mocks } from "../offline/mocks";
import { KEY_VAULT_RETENTION_PATH, retentionChangeProblem } from "../lib/keyVault";

describe("Workspace stamp (dev stack under mocks)", () => {
    let dev: Evaluation;
    before(async () => {
        dev = await evaluateStack();
    });

    it("declares the workspace with a system-assigned managed identity, linked to its dependencies", () => {
        const ws = inputs(one(dev, T.workspace));
        assert.deepEqual(ws["identity"], { type: "SystemAssigned" });
        for (const [key, type] of [
            ["storageAccount", "Microsoft.Storage/storageAccounts/"],
            ["keyVault", "Microsoft.KeyVault/vaults/"],
            ["applicationInsights", "Microsoft.Insights/components/"],
            ["containerRegistry", "Microsoft.ContainerRegistry/registries/"],
        ] as const) {
            assert.ok(String(ws[key]).includes(type), `${key} links ${type}: ${String(ws[key])}`);
        }
        assert.equal(ws["publicNetworkAccess"], "Enabled");
        assert.equal((ws["managedNetwork"] as Record<string, unknown>)["isolationMode"], "AllowInternetOutbound");
    });

    it("storage: HTTPS only, TLS1_2 exactly, no anonymous blob access, no cross-tenant replication, no local users", () => {
        const st = inputs(one(dev, T.storage));
        assert.equal(st["enableHttpsTrafficOnly"], true);
        assert.equal(st["minimumTlsVersion"], "TLS1_2");
        assert.equal(st["allowBlobPublicAccess"], false);
        assert.equal(st["allowCrossTenantReplication"], false);
        assert.equal(st["isLocalUserEnabled"], false);
    });

    it("key vault: RBAC authorization and soft delete; purge protection left out (not false) on a dev stack", () => {
        const props = inputs(one(dev, T.vault))["properties"] as Record<string, unknown>;
        assert.equal(props["enableRbacAuthorization"], true);
        assert.equal(props["enableSoftDelete"], true);
        assert.equal(props["softDeleteRetentionInDays"], 7);
        assert.equal("enablePurgeProtection" in props, false);
        assert.equal(props["tenantId"], FAKE_CLIENT.tenantId);
    });

    it("registry: admin user and anonymous pull off", () => {
        const cr = inputs(one(dev, T.registry));
        assert.equal(cr["adminUserEnabled"], false);
        assert.equal(cr["anonymousPullEnabled"], false);
    });

    it("Application Insights is workspace-based, linked to the Log Analytics workspace", () => {
        const ai = inputs(one(dev, T.insights));
        assert.ok(String(ai["workspaceResourceId"]).endsWith("/workspaces/log-ml-platform-dev"));
        assert.equal(inputs(one(dev, T.logs))["retentionInDays"], 30);
    });

    it("protects storage, key vault and workspace by default, and nothing else", () => {
        const protectedTypes = dev.resources
            .filter((r) => r.options.protect)
            .map((r) => r.type)
            .sort();
        assert.deepEqual(protectedTypes, [T.vault, T.workspace, T.storage].sort());
    });

    it("parents every child to the component (child URNs carry the component type)", () => {
        const children = dev.resources.filter(
            (r) => r.type !== T.workspaceComponent && r.parent.includes(T.workspaceComponent),
        );
        // Every custom resource of the stack lives in some component; the computes live in their own.
        assert.deepEqual(
            dev.resources.filter((r) => r.custom && r.parent === "").map((r) => r.urn),
            [],
        );
        assert.equal(
            children.length,
            dev.resources.filter((r) => r.custom && r.urn.includes(`${T.workspaceComponent}$`)).length,
        );
        for (const c of children) assert.ok(c.urn.includes(`${T.workspaceComponent}$${c.type}`), c.urn);
        for (const c of children)
            assert.ok(c.name.startsWith("ml-platform-dev-"), `${c.name} derives from the instance`);
    });

    it("names resources by Azure's rules with the stable random suffix", () => {
        const suffix = String(one(dev, T.randomString).outputs["result"]);
        assert.equal(inputs(one(dev, T.resourceGroup))["resourceGroupName"], "rg-ml-platform-dev");
        assert.equal(inputs(one(dev, T.storage))["accountName"], `stmlplatformdev${suffix}`);
        assert.equal(inputs(one(dev, T.vault))["vaultName"], `kv-ml-platform-de-${suffix}`);
        assert.equal(inputs(one(dev, T.workspace))["workspaceName"], `mlw-ml-platform-dev-${suffix}`);
    });

    it("exports clientConfig exactly as MLClient.from_config() reads it", () => {
        const out = dev.outputs["clientConfig"]!;
        assert.equal(out.secret, false);
        assert.deepEqual(out.value, {
            subscription_id: FAKE_CLIENT.subscriptionId,
            resource_group: "rg-ml-platform-dev",
            workspace_name: inputs(one(dev, T.workspace))["workspaceName"],
        });
    });

    it("exports the workspace id, name, location and identity principal id", () => {
        const ws = dev.outputs["workspace"]!.value as Record<string, string>;
        assert.deepEqual(Object.keys(ws).sort(), ["id", "location", "name", "principalId"]);
        assert.match(ws["id"]!, /\/providers\/Microsoft\.MachineLearningServices\/workspaces\/mlw-/);
        assert.equal(ws["location"], "westeurope");
        assert.match(ws["principalId"]!, /^[0-9a-f-]{36}$/);
    });

    it("gives identical inputs on two evaluations of the same stack", async () => {
        const again = await evaluateStack();
        const shape = (e: Evaluation): unknown =>
            e.resources
                .map((r) => [r.urn, r.inputs, r.options])
                .sort((a, b) => String(a[0]).localeCompare(String(b[0])));
        assert.deepEqual(shape(again), shape(dev));
    });
});

describe("Workspace stamp options", () => {
    it("production forces key vault purge protection on", async () => {
        const e = await evaluateStack(PRODUCTION);
        const props = inputs(one(e, T.vault))["properties"] as Record<string, unknown>;
        assert.equal(props["enablePurgeProtection"], true);
    });

    it("protect: false leaves throw-away stacks unprotected", async () => {
        const e = await evaluateStack({ protect: false });
        assert.deepEqual(
            e.resources.filter((r) => r.options.protect),
            [],
        );
    });

    it("an existing resource group is used, not created", async () => {
        const e = await evaluateStack({ existingResourceGroup: "rg-shared-ml" });
        assert.equal(ofType(e, T.resourceGroup).length, 0);
        assert.equal(inputs(one(e, T.workspace))["resourceGroupName"], "rg-shared-ml");
        assert.equal((e.outputs["clientConfig"]!.value as Record<string, string>)["resource_group"], "rg-shared-ml");
    });

    it("the registry is optional", async () => {
        const e = await evaluateStack({ containerRegistry: false });
        assert.equal(ofType(e, T.registry).length, 0);
        assert.equal(inputs(one(e, T.workspace))["containerRegistry"], undefined);
    });
});

/**
 * Evaluates the dev stack as if its key vault already existed with `deployedDays` of soft-delete retention: the mock
 * answers the vault's registration with that value, as the engine answers an existing resource with the outputs in
 * state (SameStep, pulumi/pulumi pkg/resource/deploy/step.go) or, previewing an update, with its inputs after
 * ignoreChanges (azure-native Update preview). Test-local: the shared mocks are restored afterwards.
 */
async function withDeployedVault(deployedDays: number, config: Record<string, unknown>): Promise<Evaluation> {
    const original = mocks.newResource;
    mocks.newResource = async (args) => {
        const result = await original.call(mocks, args);
        if (args.type !== T.vault) return result;
        const state = result.state as { properties?: Record<string, unknown> };
        return {
            ...result,
            state: { ...state, properties: { ...state.properties, softDeleteRetentionInDays: deployedDays } },
        };
    };
    try {
        return await evaluateStack(config);
    } finally {
        mocks.newResource = original;
    }
}

describe("key vault soft-delete retention: set at creation only", () => {
    // "during key vault creation, it is possible to set the retention policy interval ... Once set, the retention
    // policy interval cannot be changed" (MicrosoftDocs/azure-docs articles/key-vault/general/soft-delete-overview.md).
    it("is never sent as an update: ignoreChanges on properties.softDeleteRetentionInDays", async () => {
        const dev = await evaluateStack();
        const vault = one(dev, T.vault);
        assert.ok(vault.options.ignoreChanges.includes(KEY_VAULT_RETENTION_PATH));
        // The dev stack sets 7 (Pulumi.dev.yaml): sent when the vault is created.
        assert.equal((inputs(vault)["properties"] as Record<string, unknown>)["softDeleteRetentionInDays"], 7);
    });

    it("needs no invoke: the offline mocks still refuse unknown tokens such as keyvault getVault", () => {
        // A getVault invoke would fail with NotFound on a stack's first `up`; the check reads the vault's outputs.
        assert.throws(
            () => mocks.call({ token: "azure-native:keyvault:getVault", inputs: { vaultName: "kv" } }),
            /no answer for invoke "azure-native:keyvault:getVault"/,
        );
    });

    it("a new vault gets the configured value", async () => {
        const e = await evaluateStack({ keyVaultRetentionDays: 30 });
        const props = inputs(one(e, T.vault))["properties"] as Record<string, unknown>;
        assert.equal(props["softDeleteRetentionInDays"], 30);
    });

    it("an existing vault with the same value is fine", async () => {
        await withDeployedVault(7, {});
    });

    it("changing it on an existing stack is refused with a clear message naming the key, both values and the vault", async () => {
        const err = await thrown(() => withDeployedVault(7, { keyVaultRetentionDays: 30 }));
        assert.match(err.message, /keyVaultRetentionDays = 30/);
        assert.match(err.message, /kv-ml-platform-de-[a-z0-9]+ was created with 7 days/);
        assert.match(err.message, /cannot be changed after creation/);
        assert.match(err.message, /set keyVaultRetentionDays back to 7/);
    });
});

describe("retentionChangeProblem (lib/keyVault.ts)", () => {
    it("no problem when unchanged, when Azure reported nothing, or for a new vault", () => {
        assert.equal(retentionChangeProblem("kv", 90, 90), undefined);
        assert.equal(retentionChangeProblem("kv", 30, undefined), undefined);
    });
    it("names the vault, the configured and the deployed value", () => {
        assert.match(
            retentionChangeProblem("kv-a", 7, 90) ?? "",
            /keyVaultRetentionDays = 7: key vault kv-a was created with 90 days/,
        );
    });
});
