/**
 * One home for defaults: the components' optional-arg defaults are the constants of lib/defaults.ts, the
 * config schemas default nested fields to the same constants, and Pulumi.yaml's top-level defaults (which
 * TypeScript cannot import) equal them. The components write no default value of their own after `??`.
 */
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { readProject, ROOT } from "../offline/stackConfig";
import {
    AUTOMATION_DEFAULTS,
    COMPUTE_CLUSTER_DEFAULTS,
    COMPUTE_DEFAULTS,
    CONDITIONAL_ACCESS_DEFAULTS,
    INSTANCE_SCHEDULE_DEFAULTS,
    ONLINE_ENDPOINT_DEFAULTS,
    STATE_BACKEND_DEFAULTS,
    WORKSPACE_DEFAULTS,
} from "../lib/defaults";
import { parseDev } from "./helpers";

describe("defaults live in one place (lib/defaults.ts)", () => {
    it("Pulumi.yaml's top-level defaults are the Workspace's, and the platform's protect is the StateBackend's", () => {
        const declared = new Map(readProject().declared.map((d) => [d.key, d.default]));
        for (const [key, value] of Object.entries(WORKSPACE_DEFAULTS)) {
            if (declared.has(key)) assert.deepEqual(declared.get(key), value, key);
        }
        assert.equal(declared.get("protect"), WORKSPACE_DEFAULTS.protect);
        const platform = new Map(readProject(path.join(ROOT, "platform")).declared.map((d) => [d.key, d.default]));
        assert.equal(platform.get("protect"), STATE_BACKEND_DEFAULTS.protect);
    });

    it("the config schemas default nested fields to the components' defaults", () => {
        const cfg = parseDev({ automation: {}, conditionalAccess: {} });
        assert.equal(cfg.automation.rotationDays, AUTOMATION_DEFAULTS.rotationDays);
        assert.equal(cfg.automation.clientSecrets, AUTOMATION_DEFAULTS.clientSecrets);
        assert.deepEqual(
            cfg.automation.roles,
            AUTOMATION_DEFAULTS.roles.map((r) => r.name),
        );
        const compute = parseDev({
            computeClusters: { cpu: { vmSize: "Standard_DS3_v2", maxNodes: 1 } },
            computeInstances: {},
            onlineEndpoints: { scoring: {} },
        });
        const cpu = compute.computeClusters["cpu"]!;
        assert.deepEqual(
            { minNodes: cpu.minNodes, idleTimeBeforeScaleDown: cpu.idleTimeBeforeScaleDown, priority: cpu.priority },
            COMPUTE_CLUSTER_DEFAULTS,
        );
        assert.equal(compute.onlineEndpoints["scoring"]?.authMode, ONLINE_ENDPOINT_DEFAULTS.authMode);
        const ca = cfg.conditionalAccess;
        assert.deepEqual(
            {
                enforce: ca.enforce,
                requireMfa: ca.requireMfa,
                requireCompliantDevice: ca.requireCompliantDevice,
                operator: ca.operator,
            },
            CONDITIONAL_ACCESS_DEFAULTS,
        );
    });

    it("each default is the one its XArgs field documents (`Default: <value>`)", () => {
        const cases: [string, string, Readonly<Record<string, unknown>>][] = [
            ["components/workspace.ts", "WorkspaceArgs", WORKSPACE_DEFAULTS],
            ["components/automationPrincipal.ts", "AutomationPrincipalArgs", AUTOMATION_DEFAULTS],
            ["components/conditionalAccess.ts", "ConditionalAccessArgs", CONDITIONAL_ACCESS_DEFAULTS],
            ["platform/components/stateBackend.ts", "StateBackendArgs", STATE_BACKEND_DEFAULTS],
            ["components/computeAccess.ts", "ComputeCommonArgs", COMPUTE_DEFAULTS],
            ["components/computeCluster.ts", "ComputeClusterArgs", COMPUTE_CLUSTER_DEFAULTS],
            ["components/computeInstance.ts", "InstanceSchedule", INSTANCE_SCHEDULE_DEFAULTS],
            ["components/onlineEndpoint.ts", "OnlineEndpointArgs", ONLINE_ENDPOINT_DEFAULTS],
        ];
        const shown = (v: unknown): string =>
            Array.isArray(v)
                ? v.map((r: { name: string }) => r.name).join(", ")
                : typeof v === "string"
                  ? `"${v}"`
                  : String(v);
        for (const [file, iface, defaults] of cases) {
            const text = fs.readFileSync(path.join(ROOT, file), "utf8");
            const start = new RegExp(String.raw`export interface ${iface}(?: extends \w+)? \{`).exec(text);
            assert.ok(start, `${file} declares ${iface}`);
            const body = text.slice(start.index);
            for (const [key, value] of Object.entries(defaults)) {
                const field = new RegExp(String.raw`/\*\*((?:(?!\*/)[\s\S])*)\*/\s*${key}\?:`).exec(body);
                assert.ok(field, `${iface}.${key} is an optional, documented field`);
                const doc = field[1]!.replace(/\s*\n\s*\*\s*/g, " ");
                assert.ok(doc.includes(`Default: ${shown(value)}`), `${iface}.${key}: "Default: ${shown(value)}"`);
            }
        }
    });

    it('no component writes a default value after ?? (failed before: 20 literals such as `?? 90`, `?? "Basic"`)', () => {
        const dirs = ["components", "components/workspace"];
        const found: string[] = [];
        for (const dir of dirs) {
            for (const file of fs.readdirSync(path.join(ROOT, dir)).filter((f) => f.endsWith(".ts"))) {
                // Not a default: the system-assigned principal id of an output that has none ("" while unknown).
                const allowed = file === "identity.ts" ? /i\?\.principalId \?\? ""/ : undefined;
                const text = fs.readFileSync(path.join(ROOT, dir, file), "utf8");
                text.split("\n").forEach((line, i) => {
                    if (allowed?.test(line) === true) return;
                    if (/\?\?\s*(?:true|false|-?\d|"|'|\[\s*ROLES)/.test(line))
                        found.push(`${dir}/${file}:${i + 1}: ${line.trim()}`);
                });
            }
        }
        assert.deepEqual(found, []);
    });
});
