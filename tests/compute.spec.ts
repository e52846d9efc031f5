import assert from "node:assert/strict";
import {
    computeProps,
    computesOfKind,
    type Evaluation,
    evaluateStack,
    inputs,
    ofType,
    parseDev,
    rejectsConfig as rejects,
} from "./helpers";
import { type ComputeKind, T } from "./tokens";
import { COMPUTE_KINDS } from "../lib/computeKinds";
import { IDLE_SHUTDOWN_ACTIONS } from "../lib/idleShutdownRole";
import { computeName } from "../lib/compute";
import { ROLES } from "../lib/roles";
import { CUSTOM_ROLES, sharedCustomRoleId } from "../lib/customRoles";
import { FAKE_CLIENT } from "../offline/mocks";
import { planModel, renderText } from "../offline/render";

const props = computeProps;
const CLUSTER_REPLACE_ON_CHANGES: readonly string[] = COMPUTE_KINDS.cluster.replaceOnChanges;
const INSTANCE_REPLACE_ON_CHANGES: readonly string[] = COMPUTE_KINDS.instance.replaceOnChanges;
const computesOf = (e: Evaluation, kind: ComputeKind): Record<string, unknown>[] => computesOfKind(e, kind).map(inputs);

const CPU = { vmSize: "Standard_DS3_v2", maxNodes: 4 };
const ALICE = {
    userObjectId: "3f2a6c1e-8b4d-4e7a-9c5f-1d2e3f4a5b6c",
    vmSize: "Standard_DS11_v2",
    idleTimeBeforeShutdown: "PT60M",
};
const cluster = (c: Record<string, unknown>): Record<string, unknown> => ({
    computeClusters: { cpu: { ...CPU, ...c } },
});
const instance = (i: Record<string, unknown>): Record<string, unknown> => ({
    computeInstances: { alice: { ...ALICE, ...i } },
});

describe("computes (dev stack under mocks)", () => {
    let dev: Evaluation;
    before(async () => {
        dev = await evaluateStack();
    });

    it("declares one cluster and one instance, each with a system-assigned identity", () => {
        const computes = ofType(dev, T.compute).map(inputs);
        assert.equal(computes.length, 2);
        for (const c of computes) assert.deepEqual(c["identity"], { type: "SystemAssigned" });
        assert.equal(computesOf(dev, "AmlCompute").length, 1);
        assert.equal(computesOf(dev, "ComputeInstance").length, 1);
    });

    it("cluster: local auth off, public SSH port closed, scale to zero, no node public IP in the managed network", () => {
        const { outer, inner } = props(computesOf(dev, "AmlCompute")[0]!);
        assert.deepEqual(
            { disableLocalAuth: outer["disableLocalAuth"], ...inner },
            {
                disableLocalAuth: true,
                vmSize: "Standard_DS3_v2",
                vmPriority: "Dedicated",
                scaleSettings: { minNodeCount: 0, maxNodeCount: 4, nodeIdleTimeBeforeScaleDown: "PT120S" },
                remoteLoginPortPublicAccess: "Disabled",
                enableNodePublicIp: false,
            },
        );
    });

    it("instance: local auth off, SSH off, idle shutdown set, personal to the configured user in the client tenant", () => {
        const { outer, inner } = props(computesOf(dev, "ComputeInstance")[0]!);
        assert.equal(outer["disableLocalAuth"], true);
        assert.deepEqual(inner["sshSettings"], { sshPublicAccess: "Disabled" });
        assert.equal(inner["idleTimeBeforeShutdown"], "PT60M");
        assert.equal(inner["computeInstanceAuthorizationType"], "personal");
        assert.equal(inner["applicationSharingPolicy"], "Personal");
        assert.deepEqual(inner["personalComputeInstanceSettings"], {
            assignedUser: { objectId: ALICE.userObjectId, tenantId: FAKE_CLIENT.tenantId },
        });
        assert.deepEqual(inner["schedules"], {
            computeStartStop: [
                {
                    action: "Stop",
                    triggerType: "Cron",
                    cron: { expression: "0 19 * * 1-5", timeZone: "W. Europe Standard Time" },
                    status: "Enabled",
                },
            ],
        });
    });

    it("names computes <key>-<team tag>, unique per team and environment, within Azure's rule", () => {
        const names = ofType(dev, T.compute)
            .map((r) => String(inputs(r)["computeName"]))
            .sort();
        assert.deepEqual(names, [computeName("alice", "ml-platform", "dev"), computeName("cpu", "ml-platform", "dev")]);
        assert.notEqual(computeName("cpu", "ml-platform", "dev"), computeName("cpu", "ml-platform", "prod"));
        assert.notEqual(computeName("cpu", "ml-platform", "dev"), computeName("cpu", "vision", "dev"));
    });

    it("instance: replaced (deleted first) on a change to any property Azure cannot update in place; tags ignored", () => {
        const r = computesOfKind(dev, "ComputeInstance")[0]!;
        assert.equal(r.options.deleteBeforeReplace, true);
        assert.deepEqual([...r.options.replaceOnChanges], [...INSTANCE_REPLACE_ON_CHANGES]);
        assert.deepEqual([...r.options.ignoreChanges], ["tags"]);
        // Every setting the stamp sends is covered: nothing reaches Azure as an in-place PUT of an instance.
        const { outer, inner } = props(inputs(r));
        const covered = (path: string): boolean =>
            INSTANCE_REPLACE_ON_CHANGES.some((p) => path === p || path.startsWith(`${p}.`));
        for (const k of Object.keys(inner))
            assert.ok(covered(`properties.properties.${k}`), `properties.properties.${k} replaces`);
        for (const k of Object.keys(outer).filter((k) => k !== "properties" && k !== "computeType")) {
            assert.ok(covered(`properties.${k}`), `properties.${k} replaces`);
        }
        for (const k of ["location", "identity"]) assert.ok(covered(k), k);
    });

    it("cluster: replaced (deleted first) on creation-time settings; scale settings update in place", () => {
        const r = computesOfKind(dev, "AmlCompute")[0]!;
        assert.equal(r.options.deleteBeforeReplace, true);
        assert.deepEqual([...r.options.replaceOnChanges], [...CLUSTER_REPLACE_ON_CHANGES]);
        assert.ok(!CLUSTER_REPLACE_ON_CHANGES.some((p) => p.includes("scaleSettings")));
    });

    it("cluster: its identity is switched in place, never by replacing the cluster (instances keep theirs)", () => {
        // "If you have an existing compute cluster, you can change between user-managed and system-managed
        // identity" (azure-ai-docs how-to-identity-based-service-authentication.md, "Compute cluster").
        const cluster = computesOfKind(dev, "AmlCompute")[0]!;
        assert.ok(!cluster.options.replaceOnChanges.some((p) => p === "identity" || p.startsWith("identity.")));
        assert.ok(!CLUSTER_REPLACE_ON_CHANGES.some((p) => p === "identity" || p.startsWith("identity.")));
        assert.ok(INSTANCE_REPLACE_ON_CHANGES.some((p) => p === "identity"));
    });

    it("the offline plan says an instance change recreates the instance and its local disk", () => {
        const text = renderText(planModel(dev));
        assert.match(text, /DELETES and recreates this compute instance, and its local disk with it/);
    });

    it("grants: Storage Blob Data Reader on the storage account for each identity, the idle-shutdown role at the workspace", () => {
        const lines = computeGrants(dev)
            .map((g) => `${g.principal} -> ${g.role} @ ${g.scope}`)
            .sort();
        assert.deepEqual(lines, [
            "compute cluster cpu -> Key Vault Secrets User @ key vault", // keyVaultSecrets: true
            "compute cluster cpu -> Storage Blob Data Reader @ workspace default storage",
            "compute instance alice -> AzureML Compute Idle Shutdown @ workspace",
            "compute instance alice -> Storage Blob Data Reader @ workspace default storage",
        ]);
        const byName = new Map(ofType(dev, T.roleAssignment).map((r) => [r.name, inputs(r)]));
        const storageId = String(byName.get("ml-platform-dev-cpu-storageBlobDataReader-storage")!["scope"]);
        assert.match(storageId, /\/providers\/Microsoft\.Storage\/storageAccounts\/st[a-z0-9]+$/);
        assert.ok(
            String(byName.get("ml-platform-dev-cpu-storageBlobDataReader-storage")!["roleDefinitionId"]).endsWith(
                ROLES.storageBlobDataReader.id,
            ),
        );
        assert.match(
            String(byName.get("ml-platform-dev-alice-idle-shutdown-workspace")!["scope"]),
            /\/workspaces\/mlw-[a-z0-9-]+$/,
        );
    });

    it("every role assignment has principalType ServicePrincipal (managed identities), a description and a unique UUID name", () => {
        const all = computeAssignments(dev).map(inputs);
        assert.ok(all.length >= 3);
        for (const a of all) {
            assert.equal(a["principalType"], "ServicePrincipal");
            assert.ok(String(a["description"]).length > 20);
            assert.match(
                String(a["roleAssignmentName"]),
                /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
            );
        }
        const names = all.map((a) => a["roleAssignmentName"]);
        assert.equal(new Set(names).size, names.length);
        assert.equal(dev.outputs["computes"]!.secret, false);
        for (const scope of all.map((a) => String(a["scope"]))) {
            assert.doesNotMatch(
                scope,
                /^\/subscriptions\/[^/]+(\/resourceGroups\/[^/]+)?$/,
                "never a subscription or resource group",
            );
        }
    });

    it("the idle-shutdown role: the platform's shared definition (exactly the documented actions), assigned, never declared", () => {
        assert.equal(ofType(dev, T.roleDefinition).length, 0, "team stacks declare no role definition");
        assert.deepEqual(CUSTOM_ROLES.idleShutdown.actions, [...IDLE_SHUTDOWN_ACTIONS]);
        for (const a of IDLE_SHUTDOWN_ACTIONS) assert.ok(!a.includes("*"));
        const assignment = ofType(dev, T.roleAssignment)
            .map(inputs)
            .find((a) => String(a["description"]).includes("idle shutdown"))!;
        assert.equal(assignment["roleDefinitionId"], sharedCustomRoleId(FAKE_CLIENT.subscriptionId, "idleShutdown"));
    });

    it("exports each compute's name and identity principal id", () => {
        const out = dev.outputs["computes"]!.value as Record<string, Record<string, string>>;
        assert.deepEqual(Object.keys(out).sort(), ["alice", "cpu"]);
        assert.equal(out["cpu"]!["kind"], "cluster");
        assert.equal(out["alice"]!["kind"], "instance");
        for (const c of Object.values(out)) {
            assert.match(c["name"]!, /^[a-z][a-z0-9-]+$/);
            assert.match(c["principalId"]!, /^[0-9a-f-]{36}$/);
        }
    });

    it("parents computes and their grants to their component", () => {
        const names = new Set(computeGrants(dev).map((g) => g.resourceName));
        assert.ok(names.size > 0);
        for (const r of ofType(dev, T.compute).concat(ofType(dev, T.roleAssignment).filter((a) => names.has(a.name)))) {
            assert.ok(r.urn.includes(`${T.clusterComponent}$`) || r.urn.includes(`${T.instanceComponent}$`), r.urn);
        }
    });
});

/** The grants whose principal is a compute identity (other components grant too). */
function computeGrants(e: Evaluation): Evaluation["grants"] {
    return e.grants.filter((g) => g.principal.startsWith("compute "));
}

/** The role assignments of compute identities. */
function computeAssignments(e: Evaluation): ReturnType<typeof ofType> {
    const names = new Set(computeGrants(e).map((g) => g.resourceName));
    return ofType(e, T.roleAssignment).filter((r) => names.has(r.name));
}

describe("compute grants are stable", () => {
    it("same assignment names and resource names when config order changes", async () => {
        const gpu = { vmSize: "Standard_NC4as_T4_v3", maxNodes: 2 };
        const read = { role: "Storage Blob Data Reader", scope: "storage" };
        const science = { role: "AzureML Data Scientist", scope: "workspace" };
        const a = await evaluateStack({
            computeClusters: { cpu: CPU, gpu },
            computeInstances: { alice: { ...ALICE, roles: [read, science] } },
        });
        const b = await evaluateStack({
            computeInstances: { alice: { ...ALICE, roles: [science, read] } },
            computeClusters: { gpu, cpu: CPU },
        });
        const shape = (e: Evaluation): string[] =>
            computeAssignments(e)
                .map((r) => `${r.urn} ${String(inputs(r)["roleAssignmentName"])}`)
                .sort();
        assert.deepEqual(shape(a), shape(b));
        assert.equal(computeAssignments(a).length, 5);
    });

    it("no idle-shutdown role when no instance uses it; no computes by default", async () => {
        const e = await evaluateStack({ computeInstances: { alice: { ...ALICE, idleShutdownAccess: "none" } } });
        const idle = sharedCustomRoleId(FAKE_CLIENT.subscriptionId, "idleShutdown");
        assert.equal(ofType(e, T.roleAssignment).filter((r) => inputs(r)["roleDefinitionId"] === idle).length, 0);
        const none = await evaluateStack({ computeClusters: {}, computeInstances: {} });
        assert.equal(ofType(none, T.compute).length, 0);
        assert.deepEqual(none.outputs["computes"]!.value, {});
    });

    it("node public IPs default to on without a managed network", async () => {
        const e = await evaluateStack({
            managedNetworkIsolation: "Disabled",
            computeClusters: { cpu: CPU },
            computeInstances: { alice: ALICE },
        });
        for (const c of ofType(e, T.compute)) assert.equal(props(inputs(c)).inner["enableNodePublicIp"], true);
    });
});

const C = "computeClusters.cpu";
const I = "computeInstances.alice";
const LONG = "a".repeat(18);
const PRIVILEGED = [
    "Owner",
    "Contributor",
    "User Access Administrator",
    "Role Based Access Control Administrator",
    // Gives the account keys (listKeys), i.e. all data through Shared Key (built-in-roles/storage.md).
    "Storage Account Contributor",
];

/** One refused config each: [the overrides of the dev stack, the key the problem names, what the message says]. */
const REFUSED: readonly (readonly [Record<string, unknown>, string, RegExp])[] = [
    [cluster({ vmSize: "Standard_M128s" }), `${C}.vmSize`, /allowedVmSizes/],
    [instance({ vmSize: "Standard_M128s" }), `${I}.vmSize`, /allowedVmSizes/],
    [cluster({ vmSize: "big" }), `${C}.vmSize`, /Azure VM size name/],
    [{ allowedVmSizes: [] }, "allowedVmSizes", /at least one/],
    [{ computeClusters: { cpu: { vmSize: "Standard_DS3_v2" } } }, `${C}.maxNodes`, /needs maxNodes.*1 or more/],
    [cluster({ maxNodes: 0 }), `${C}.maxNodes`, /1 or more/],
    [cluster({ minNodes: -1 }), `${C}.minNodes`, /0 or more/],
    [cluster({ minNodes: 5 }), `${C}.minNodes`, /at most maxNodes/],
    [cluster({ idleTimeBeforeScaleDown: "120s" }), `${C}.idleTimeBeforeScaleDown`, /ISO 8601/],
    [cluster({ priority: "Spot" }), `${C}.priority`, /Dedicated or LowPriority/],
    [cluster({ sshPublicAccess: "Enabled" }), `${C}.sshPublicAccess`, /unknown field/],
    [{ managedNetworkIsolation: "Disabled" }, `${C}.enableNodePublicIp`, /managed network/],
    [{ computeClusters: { CPU: CPU } }, "computeClusters.CPU", /lowercase letters/],
    [{ computeClusters: { [LONG]: CPU } }, `computeClusters.${LONG}`, /1-17 characters/],
    [{ computeInstances: { "9lives": ALICE } }, "computeInstances.9lives", /starting with a letter/],
    [{ computeClusters: { alice: CPU } }, I, /a cluster has the same name/],
    [instance({ idleTimeBeforeShutdown: undefined }), `${I}.idleTimeBeforeShutdown`, /./],
    [instance({ idleTimeBeforeShutdown: "PT14M" }), `${I}.idleTimeBeforeShutdown`, /PT15M and P3D/],
    [instance({ idleTimeBeforeShutdown: "P3DT1M" }), `${I}.idleTimeBeforeShutdown`, /PT15M and P3D/],
    [instance({ idleTimeBeforeShutdown: "30 minutes" }), `${I}.idleTimeBeforeShutdown`, /ISO 8601/],
    [instance({ userObjectId: "alice@contoso.com" }), `${I}.userObjectId`, /object id/],
    [instance({ schedule: { stop: "0 19 * *" } }), `${I}.schedule.stop`, /5 fields/],
    [instance({ schedule: { start: "0 24 * * *" } }), `${I}.schedule.start`, /0-23/],
    [instance({ schedule: { timeZone: "Europe/Berlin", stop: "0 19 * * *" } }), `${I}.schedule.timeZone`, /Windows/],
    [instance({ schedule: { timeZone: "UTC" } }), `${I}.schedule`, /start or a stop/],
    [instance({ idleShutdownAccess: "Contributor" }), `${I}.idleShutdownAccess`, /Contributor is never granted/],
    [cluster({ roles: [{ role: "Storage Blob Reader", scope: "storage" }] }), `${C}.roles[0].role`, /role catalog/],
    [cluster({ roles: [{ role: "Reader", scope: "subscription" }] }), `${C}.roles[0].scope`, /workspace or registry/],
    [
        cluster({ roles: ["Reader", "reader"].map((role) => ({ role, scope: "workspace" })) }),
        `${C}.roles[1]`,
        /duplicate/,
    ],
    [
        { containerRegistry: false, ...cluster({ roles: [{ role: "AcrPush", scope: "registry" }] }) },
        `${C}.roles[0].scope`,
        /no registry/,
    ],
    // AcrPull on the registry is Azure's own grant for clusters (lib/computeKinds.ts azureGrants).
    [cluster({ roles: [{ role: "AcrPull", scope: "registry" }] }), `${C}.roles[0].role`, /automatically/],
    ...PRIVILEGED.map(
        (role) =>
            [
                instance({ roles: [{ role, scope: "workspace" }] }),
                `${I}.roles[0].role`,
                /privileged and refused/,
            ] as const,
    ),
];

describe("compute config rules (one test each; the message names the key)", () => {
    it("accepts the dev stack's computes", () => {
        const cfg = parseDev();
        assert.deepEqual(Object.keys(cfg.computeClusters), ["cpu"]);
        assert.equal(cfg.computeClusters["cpu"]!.minNodes, 0);
        assert.equal(cfg.computeInstances["alice"]!.idleShutdownAccess, "customRole");
    });
    for (const [overrides, key, message] of REFUSED) {
        it(`${key}: refused (${message.source})`, () => rejects(overrides, key, message));
    }
    it("roles: a narrower or extra role is accepted", () => {
        const cfg = parseDev(
            cluster({
                roles: [
                    { role: "Storage Blob Data Contributor", scope: "storage" },
                    { role: "AzureML Data Scientist", scope: "workspace" },
                ],
            }),
        );
        assert.equal(cfg.computeClusters["cpu"]!.roles!.length, 2);
    });
});
