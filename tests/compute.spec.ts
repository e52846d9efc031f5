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
import { CLUSTER_REPLACE_ON_CHANGES } from "../components/computeCluster";
import { INSTANCE_REPLACE_ON_CHANGES } from "../components/computeInstance";
import { IDLE_SHUTDOWN_ACTIONS } from "../lib/idleShutdownRole";
import { computeName } from "../lib/compute";
import { ROLES } from "../lib/roles";
import { CUSTOM_ROLES, sharedCustomRoleId } from "../lib/customRoles";
import { FAKE_CLIENT } from "../offline/mocks";
import { planModel, renderText } from "../offline/render";

const props = computeProps;
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
        assert.equal(outer["disableLocalAuth"], true);
        assert.equal(inner["remoteLoginPortPublicAccess"], "Disabled");
        assert.deepEqual(inner["scaleSettings"], {
            minNodeCount: 0,
            maxNodeCount: 4,
            nodeIdleTimeBeforeScaleDown: "PT120S",
        });
        assert.equal(inner["vmPriority"], "Dedicated");
        assert.equal(inner["enableNodePublicIp"], false);
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
        assert.ok(
            !(CLUSTER_REPLACE_ON_CHANGES as readonly string[]).some(
                (p) => p === "identity" || p.startsWith("identity."),
            ),
        );
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
            "compute cluster cpu -> Key Vault Secrets User @ key vault", // keyVaultSecrets: true (issue 12)
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
        const a = await evaluateStack({
            computeClusters: { cpu: CPU, gpu: { vmSize: "Standard_NC4as_T4_v3", maxNodes: 2 } },
            computeInstances: {
                alice: {
                    ...ALICE,
                    roles: [
                        { role: "Storage Blob Data Reader", scope: "storage" },
                        { role: "AzureML Data Scientist", scope: "workspace" },
                    ],
                },
            },
        });
        const b = await evaluateStack({
            computeInstances: {
                alice: {
                    ...ALICE,
                    roles: [
                        { role: "AzureML Data Scientist", scope: "workspace" },
                        { role: "Storage Blob Data Reader", scope: "storage" },
                    ],
                },
            },
            computeClusters: { gpu: { vmSize: "Standard_NC4as_T4_v3", maxNodes: 2 }, cpu: CPU },
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

describe("compute config rules (one test each; the message names the key)", () => {
    it("accepts the dev stack's computes", () => {
        const cfg = parseDev();
        assert.deepEqual(Object.keys(cfg.computeClusters), ["cpu"]);
        assert.equal(cfg.computeClusters["cpu"]!.minNodes, 0);
        assert.equal(cfg.computeInstances["alice"]!.idleShutdownAccess, "customRole");
    });
    it("vmSize: in allowedVmSizes", () =>
        rejects(cluster({ vmSize: "Standard_M128s" }), "computeClusters.cpu.vmSize", /allowedVmSizes/));
    it("vmSize: instance sizes too", () =>
        rejects(instance({ vmSize: "Standard_M128s" }), "computeInstances.alice.vmSize", /allowedVmSizes/));
    it("vmSize: an Azure VM size name", () =>
        rejects(cluster({ vmSize: "big" }), "computeClusters.cpu.vmSize", /Azure VM size name/));
    it("allowedVmSizes: at least one", () => rejects({ allowedVmSizes: [] }, "allowedVmSizes", /at least one/));
    it("maxNodes: required", () =>
        rejects(
            { computeClusters: { cpu: { vmSize: "Standard_DS3_v2" } } },
            "computeClusters.cpu.maxNodes",
            /at least 1/,
        ));
    it("maxNodes: at least 1", () => rejects(cluster({ maxNodes: 0 }), "computeClusters.cpu.maxNodes", /at least 1/));
    it("minNodes: not negative", () => rejects(cluster({ minNodes: -1 }), "computeClusters.cpu.minNodes", /0 or more/));
    it("minNodes: at most maxNodes", () =>
        rejects(cluster({ minNodes: 5 }), "computeClusters.cpu.minNodes", /at most maxNodes/));
    it("idleTimeBeforeScaleDown: ISO 8601", () =>
        rejects(
            cluster({ idleTimeBeforeScaleDown: "120s" }),
            "computeClusters.cpu.idleTimeBeforeScaleDown",
            /ISO 8601/,
        ));
    it("priority: Dedicated or LowPriority", () =>
        rejects(cluster({ priority: "Spot" }), "computeClusters.cpu.priority", /Dedicated or LowPriority/));
    it("unknown fields are refused", () =>
        rejects(cluster({ sshPublicAccess: "Enabled" }), "computeClusters.cpu.sshPublicAccess", /unknown field/));
    it("enableNodePublicIp false needs a managed network", () =>
        rejects({ managedNetworkIsolation: "Disabled" }, "computeClusters.cpu.enableNodePublicIp", /managed network/));
    it("compute names: lowercase, at most 17 characters", async () => {
        await rejects({ computeClusters: { CPU: CPU } }, "computeClusters.CPU", /lowercase letters/);
        await rejects(
            { computeClusters: { ["a".repeat(18)]: CPU } },
            `computeClusters.${"a".repeat(18)}`,
            /1-17 characters/,
        );
        await rejects({ computeInstances: { "9lives": ALICE } }, "computeInstances.9lives", /starting with a letter/);
    });
    it("compute names: a cluster and an instance cannot share one", () =>
        rejects({ computeClusters: { alice: CPU } }, "computeInstances.alice", /same name/));
    it("idleTimeBeforeShutdown: required", () =>
        rejects(
            { computeInstances: { alice: { ...ALICE, idleTimeBeforeShutdown: undefined } } },
            "computeInstances.alice.idleTimeBeforeShutdown",
            /./,
        ));
    it("idleTimeBeforeShutdown: at least PT15M", () =>
        rejects(
            instance({ idleTimeBeforeShutdown: "PT14M" }),
            "computeInstances.alice.idleTimeBeforeShutdown",
            /PT15M and P3D/,
        ));
    it("idleTimeBeforeShutdown: at most P3D", () =>
        rejects(
            instance({ idleTimeBeforeShutdown: "P3DT1M" }),
            "computeInstances.alice.idleTimeBeforeShutdown",
            /PT15M and P3D/,
        ));
    it("idleTimeBeforeShutdown: ISO 8601", () =>
        rejects(
            instance({ idleTimeBeforeShutdown: "30 minutes" }),
            "computeInstances.alice.idleTimeBeforeShutdown",
            /ISO 8601/,
        ));
    it("userObjectId: a GUID", () =>
        rejects(instance({ userObjectId: "alice@contoso.com" }), "computeInstances.alice.userObjectId", /object id/));
    it("schedule: 5-field cron", () =>
        rejects(instance({ schedule: { stop: "0 19 * *" } }), "computeInstances.alice.schedule.stop", /5 fields/));
    it("schedule: cron values in range", () =>
        rejects(instance({ schedule: { start: "0 24 * * *" } }), "computeInstances.alice.schedule.start", /0-23/));
    it("schedule: a Windows time zone", () =>
        rejects(
            instance({ schedule: { timeZone: "Europe/Berlin", stop: "0 19 * * *" } }),
            "computeInstances.alice.schedule.timeZone",
            /Windows time zone/,
        ));
    it("schedule: start or stop", () =>
        rejects(instance({ schedule: { timeZone: "UTC" } }), "computeInstances.alice.schedule", /start or a stop/));
    it("idleShutdownAccess: customRole or none, never Contributor", () =>
        rejects(
            instance({ idleShutdownAccess: "Contributor" }),
            "computeInstances.alice.idleShutdownAccess",
            /Contributor is never granted/,
        ));
    for (const privileged of [
        "Owner",
        "Contributor",
        "User Access Administrator",
        "Role Based Access Control Administrator",
        // Gives the account keys (listKeys), i.e. all data through Shared Key (built-in-roles/storage.md).
        "Storage Account Contributor",
    ]) {
        it(`roles: ${privileged} is refused`, () =>
            rejects(
                instance({ roles: [{ role: privileged, scope: "workspace" }] }),
                "computeInstances.alice.roles[0].role",
                /privileged and refused/,
            ));
    }
    it("roles: names come from the role catalog", () =>
        rejects(
            cluster({ roles: [{ role: "Storage Blob Reader", scope: "storage" }] }),
            "computeClusters.cpu.roles[0].role",
            /role catalog/,
        ));
    it("roles: scope is storage, workspace or registry", () =>
        rejects(
            cluster({ roles: [{ role: "Reader", scope: "subscription" }] }),
            "computeClusters.cpu.roles[0].scope",
            /storage .*workspace or registry/,
        ));
    it("roles: no duplicates", () =>
        rejects(
            cluster({
                roles: [
                    { role: "Reader", scope: "workspace" },
                    { role: "reader", scope: "workspace" },
                ],
            }),
            "computeClusters.cpu.roles[1]",
            /duplicate/,
        ));
    it("roles: no registry scope without a registry", () =>
        rejects(
            { containerRegistry: false, ...cluster({ roles: [{ role: "AcrPush", scope: "registry" }] }) },
            "computeClusters.cpu.roles[0].scope",
            /no registry/,
        ));
    it("roles: AcrPull on the registry is Azure's own grant for clusters", () =>
        rejects(
            cluster({ roles: [{ role: "AcrPull", scope: "registry" }] }),
            "computeClusters.cpu.roles[0].role",
            /automatically/,
        ));
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
