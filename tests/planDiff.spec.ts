/**
 * `plan --compare` beyond access (offline/planDiff.ts, lib/irreversible.ts): every setting change between two plans,
 * what Azure refuses, what replaces a resource and what that loses; the CLI exits 1 on a refusal (the PR's check).
 */
import assert from "node:assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { stringify } from "yaml";
import { main as planMain } from "../scripts/plan";
import { type DeclaredResource, diffPlans, renderPlanDiff } from "../offline/planDiff";
import { ISOLATION_ORDER, REFUSED_CHANGES } from "../lib/irreversible";
import { newTeamProductionStack } from "./helpers";
import { ROOT } from "../offline/stackConfig";

const WS = "azure-native:machinelearningservices:Workspace";
const ST = "azure-native:storage:StorageAccount";
const KV = "azure-native:keyvault:Vault";
const CO = "azure-native:machinelearningservices:Compute";

function res(type: string, name: string, inputs: Record<string, unknown>, opts: Partial<DeclaredResource> = {}) {
    return { type, name, protect: false, replaceOnChanges: [], ignoreChanges: [], inputs, ...opts };
}
const plan = (...declared: DeclaredResource[]) => ({ declared });

describe("plan --compare: settings, refusals, replacements", () => {
    describe("diffPlans", () => {
        it("managed network isolation: forward is an update, every step back is refused with Microsoft's words", () => {
            for (const [i, from] of ISOLATION_ORDER.entries()) {
                for (const [j, to] of ISOLATION_ORDER.entries()) {
                    if (i === j) continue;
                    const d = diffPlans(
                        plan(res(WS, "ws", { "managedNetwork.isolationMode": from })),
                        plan(res(WS, "ws", { "managedNetwork.isolationMode": to })),
                    );
                    assert.equal(d.changes.length, 1);
                    if (j > i) {
                        assert.equal(d.changes[0]!.effect, "update", `${from} → ${to}`);
                        assert.deepEqual(d.refusals, []);
                    } else {
                        assert.equal(d.changes[0]!.effect, "refused", `${from} → ${to}`);
                        assert.match(d.refusals[0]!, /Azure refuses managedNetworkIsolation/);
                        assert.match(d.refusals[0]!, /how-to-managed-network\.md/);
                    }
                }
            }
        });
        it("workspace identity type: only SystemAssigned → SystemAssigned,UserAssigned is an update", () => {
            const types = ["SystemAssigned", "SystemAssigned,UserAssigned", "UserAssigned"];
            for (const from of types) {
                for (const to of types) {
                    if (from === to) continue;
                    const d = diffPlans(
                        plan(res(WS, "ws", { "identity.type": from })),
                        plan(res(WS, "ws", { "identity.type": to })),
                    );
                    if (from === "SystemAssigned" && to === "SystemAssigned,UserAssigned") {
                        assert.deepEqual(d.refusals, [], `${from} → ${to}`);
                    } else {
                        assert.equal(d.changes[0]!.effect, "refused", `${from} → ${to}`);
                        assert.match(d.refusals[0]!, /workspace identity/);
                        assert.match(d.refusals[0]!, /how-to-identity-based-service-authentication\.md/);
                    }
                }
            }
        });
        it("customer-managed key, infrastructure encryption and key vault retention changes are refused", () => {
            const d = diffPlans(
                plan(
                    res(WS, "ws", {}, { replaceOnChanges: ["encryption.status"] }),
                    res(ST, "st", {}, { replaceOnChanges: ["encryption.requireInfrastructureEncryption"] }),
                    res(KV, "kv", { "properties.softDeleteRetentionInDays": 7 }),
                ),
                plan(
                    res(WS, "ws", { "encryption.status": "Enabled" }, { replaceOnChanges: ["encryption.status"] }),
                    res(
                        ST,
                        "st",
                        { "encryption.requireInfrastructureEncryption": true },
                        { replaceOnChanges: ["encryption.requireInfrastructureEncryption"] },
                    ),
                    res(KV, "kv", { "properties.softDeleteRetentionInDays": 90 }),
                ),
            );
            assert.deepEqual(
                d.changes.map((c) => [c.name, c.effect]),
                [
                    ["ws", "refused"],
                    ["st", "refused"],
                    ["kv", "refused"],
                ],
            );
            assert.equal(d.refusals.length, 3);
            assert.match(d.refusals.join("\n"), /customer-managed key.*concept-customer-managed-keys\.md/);
            assert.match(d.refusals.join("\n"), /infrastructure-encryption-enable\.md/);
            assert.match(d.refusals.join("\n"), /Once set, the retention policy interval cannot be changed/);
        });
        it("a replaceOnChanges path or an ARM URL input replaces the resource, naming what is lost", () => {
            const d = diffPlans(
                plan(
                    res(
                        CO,
                        "ci",
                        { "properties.properties.vmSize": "A" },
                        { replaceOnChanges: ["properties.properties"] },
                    ),
                    res(ST, "st", { accountName: "a" }),
                ),
                plan(
                    res(
                        CO,
                        "ci",
                        { "properties.properties.vmSize": "B" },
                        { replaceOnChanges: ["properties.properties"] },
                    ),
                    res(ST, "st", { accountName: "b" }),
                ),
            );
            assert.deepEqual(
                d.changes.map((c) => c.effect),
                ["replace", "replace"],
            );
            assert.match(d.changes[0]!.why!, /identity: its system-assigned identity/);
            assert.match(d.changes[1]!.why!, /data: every blob/);
            assert.deepEqual(d.refusals, [], "not protected: a replacement is shown, not refused");
        });
        it("a protected resource replaced or deleted is refused (Pulumi fails the deployment)", () => {
            const d = diffPlans(
                plan(res(ST, "st", { accountName: "a" }, { protect: true }), res(KV, "kv", {}, { protect: true })),
                plan(res(ST, "st", { accountName: "b" }, { protect: true })),
            );
            assert.equal(d.refusals.length, 2);
            assert.match(d.refusals[0]!, /^kv is protected and would be deleted/);
            assert.match(d.refusals[1]!, /^st is protected and would be replaced/);
            assert.match(d.removed[0]!.loses!, /secret, key and certificate/);
        });
        it("ignoreChanges paths are shown as ignored; role assignments are left to the access diff", () => {
            const ra = "azure-native:authorization:RoleAssignment";
            const d = diffPlans(
                plan(res(CO, "ci", { "tags.a": "1" }, { ignoreChanges: ["tags"] }), res(ra, "old", {})),
                plan(res(CO, "ci", { "tags.a": "2" }, { ignoreChanges: ["tags"] }), res(ra, "new", {})),
            );
            assert.deepEqual(
                d.changes.map((c) => c.effect),
                ["ignored"],
            );
            assert.deepEqual([d.added, d.removed], [[], []]);
        });
        it("an earlier plan without `declared` (older code) is compared on the resources tree's settings", () => {
            const tree = (mode: string) => ({
                resources: [
                    { type: WS, name: "ws", options: ["protect"], settings: { "managedNetwork.isolationMode": mode } },
                ],
            });
            const d = diffPlans(tree("AllowOnlyApprovedOutbound"), {
                ...tree("AllowInternetOutbound"),
                declared: [],
            });
            assert.equal(d.changes[0]!.effect, "refused");
            assert.match(d.note!, /no `declared` inputs/);
        });
        it("every refusal rule names its source, and renders refusals before the table", () => {
            for (const r of REFUSED_CHANGES) assert.match(r.source, /MicrosoftDocs\//);
            const md = renderPlanDiff(
                diffPlans(
                    plan(res(WS, "ws", { "managedNetwork.isolationMode": "AllowOnlyApprovedOutbound" })),
                    plan(res(WS, "ws", { "managedNetwork.isolationMode": "AllowInternetOutbound" })),
                ),
            );
            assert.match(md, /^### Refused: 1 change\(s\) cannot be deployed\n\n- ws managedNetwork\.isolationMode/);
            assert.match(
                md,
                /\| ws \| managedNetwork\.isolationMode \| AllowOnlyApprovedOutbound \| AllowInternetOutbound \| \*\*Azure refuses\*\*/,
            );
        });
    });

    describe("npm run plan -- --compare (in-process): a production stack going back to AllowInternetOutbound", function () {
        this.timeout(180_000);
        let dir: string;
        const { stack, config } = newTeamProductionStack();
        const write = (cfg: Record<string, unknown>) =>
            fs.writeFileSync(path.join(dir, `Pulumi.${stack}.yaml`), stringify({ config: cfg }));
        const run = async (...args: string[]) => {
            let stdout = "";
            let stderr = "";
            const status = await planMain(args, { out: (t) => (stdout += t), err: (t) => (stderr += t) }, dir);
            return { status, stdout, stderr };
        };
        before(async () => {
            dir = fs.mkdtempSync(path.join(os.tmpdir(), "aml-stamp-plandiff-"));
            write(config);
            const r = await run("--stack", stack, "--json");
            assert.ok(r.stdout.includes('"declared"'), r.stderr);
            fs.writeFileSync(path.join(dir, "before.json"), r.stdout);
        });
        after(() => fs.rmSync(dir, { recursive: true, force: true }));

        it("the same config: no setting changes, exit as the plan", async () => {
            const r = await run("--stack", stack, "--compare", path.join(dir, "before.json"));
            assert.equal(r.stdout.trim(), "No access changes.");
            assert.doesNotMatch(r.stderr, /cannot be deployed/);
        });
        it("managedNetworkIsolation AllowInternetOutbound: exit 1, the hardened profile's error and Azure's refusal", async () => {
            write({ ...config, "aml-stamp:managedNetworkIsolation": "AllowInternetOutbound" });
            const r = await run("--stack", stack, "--compare", path.join(dir, "before.json"));
            assert.equal(r.status, 1, r.stderr);
            assert.match(r.stderr, /aml-stamp:managedNetworkIsolation = "?AllowInternetOutbound/);
            assert.match(r.stdout, /^### Refused: 1 change\(s\) cannot be deployed/);
            assert.match(
                r.stdout,
                /Azure refuses managedNetworkIsolation AllowOnlyApprovedOutbound → AllowInternetOutbound/,
            );
            assert.match(r.stderr, /Azure refuses managedNetworkIsolation/);
        });
        it("a valid config that goes back (the dev stack): exit 1 with the refusal among the setting changes", async () => {
            const dev = fs.readFileSync(path.join(ROOT, "Pulumi.dev.yaml"), "utf8");
            const mode = "aml-stamp:managedNetworkIsolation: AllowInternetOutbound";
            assert.ok(dev.includes(mode));
            const approved = dev.replace(mode, "aml-stamp:managedNetworkIsolation: AllowOnlyApprovedOutbound");
            fs.writeFileSync(path.join(dir, "Pulumi.dev.yaml"), approved);
            const b = await run("--stack", "dev", "--json");
            assert.equal(b.status, 0, b.stderr);
            fs.writeFileSync(path.join(dir, "dev.json"), b.stdout);
            fs.writeFileSync(path.join(dir, "Pulumi.dev.yaml"), dev);
            const r = await run("--stack", "dev", "--compare", path.join(dir, "dev.json"));
            assert.equal(r.status, 1, r.stderr);
            assert.match(r.stdout, /^No access changes\.\n\n### Refused: 1 change\(s\) cannot be deployed/);
            assert.match(
                r.stdout,
                /\| ml-platform-dev-mlw \| managedNetwork\.isolationMode \| AllowOnlyApprovedOutbound \| AllowInternetOutbound \| \*\*Azure refuses\*\*/,
            );
            assert.match(r.stdout, /### Setting changes \(1\)/);
            assert.match(r.stderr, /Stack "dev": 1 change\(s\) since .*dev\.json cannot be deployed/);
        });
    });
});
