import assert from "node:assert/strict";
import { ConfigError } from "../config";
import { policyConfigFor } from "../offline/policies";
import { listStacks } from "../offline/stackConfig";
import { evaluateStack, parseDev, rejectsConfig } from "./helpers";

const A100 = "Standard_ND96asr_v4";
const DEV_SIZES = (): string[] => parseDev().allowedVmSizes;

describe("platform guardrails: a team stack may only narrow them", () => {
    it("a team stack that adds a VM size to allowedVmSizes fails, naming the key and the platform limit", async () => {
        const message = await rejectsConfig(
            { allowedVmSizes: [...DEV_SIZES(), A100] },
            `allowedVmSizes[${DEV_SIZES().length}]`,
            /platform\/guardrails\.yaml.*allowedVmSizes/,
        );
        assert.match(message, new RegExp(A100));
    });

    it("a cluster above the platform's node cap fails (an A100 cluster with maxNodes 1000 never passes)", async () => {
        await rejectsConfig(
            { computeClusters: { cpu: { vmSize: "Standard_DS3_v2", maxNodes: 1000 } } },
            "computeClusters.cpu.maxNodes",
            /platform\/guardrails\.yaml.*maxNodesPerCluster/,
        );
    });

    it("the policy pack's VM-size allow-list comes from the guardrails, never from the team's stack file", () => {
        // Before the guardrails, policyConfigFor copied the stack's own allowedVmSizes: a widened list passed.
        let cfg;
        try {
            cfg = parseDev({ allowedVmSizes: [...DEV_SIZES(), A100] });
        } catch (err) {
            assert.ok(err instanceof ConfigError);
            cfg = parseDev();
            (cfg as { allowedVmSizes: string[] }).allowedVmSizes = [...DEV_SIZES(), A100];
        }
        const sizes = policyConfigFor(cfg)["compute-vm-size-allowed"]?.["allowedVmSizes"] as string[];
        assert.ok(!sizes.includes(A100), `the pack config must not take ${A100} from the stack file`);
    });
});

describe("team stacks and custom roles", () => {
    it("no committed team stack declares a role definition: the platform defines them once", async () => {
        // Before: every stack with custom-role assignees or an idle-shutdown instance declared its own definitions,
        // which needs roleDefinitions/write (neither Contributor nor RBAC Administrator has it).
        for (const stack of listStacks()) {
            const e = await evaluateStack({}, { stack });
            const defs = e.resources.filter((r) => r.type === "azure-native:authorization:RoleDefinition");
            assert.deepEqual(
                defs.map((d) => d.name),
                [],
                `stack ${stack} declares role definitions`,
            );
        }
    });
});
