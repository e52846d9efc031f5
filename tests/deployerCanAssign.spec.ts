/**
 * Cross-check between the team stacks and the platform: CI deploys every team stack with the
 * platform's deploy identity, whose Role Based Access Control Administrator assignment carries an ABAC condition
 * (lib/platform.ts deployerCondition, built by lib/abac.ts from the role catalog and the platform's custom roles).
 * Azure refuses a role assignment the condition does not allow, so a stack declaring one would fail its first
 * `pulumi up` in CI with an authorization error. Every role assignment a committed team stack or a
 * `new-team --production` stack declares must therefore have a role and a principal type the condition allows —
 * except the grants made under a reviewed exception, which only an administrator can deploy; those are listed here
 * explicitly (and the stack file must opt into them: `workspaceIdentity: {type: user, ...}`).
 *
 * Failed before (the production default, a stack-created user-assigned workspace identity): the
 * `new-team --production` stack declared five Contributor assignments (WS-UAI-CONTRIBUTOR) that the condition refuses.
 */
import assert from "node:assert/strict";
import { evaluateStack, type Evaluation, inputs, ofType, PRODUCTION, newTeamProductionStack } from "./helpers";
import { parseCondition, type ParsedCondition } from "../lib/abac";
import { deployerCondition } from "../lib/platform";
import { exceptionIn } from "../lib/roleExceptions";
import { listStacks } from "../offline/stackConfig";
import { FAKE_CLIENT } from "../offline/mocks";
import { T } from "./tokens";

const RA = T.roleAssignment;

/** The condition exactly as the platform stack sets it for the subscription the team stacks deploy to. */
function platformCondition(): ParsedCondition {
    const parsed = parseCondition(deployerCondition(FAKE_CLIENT.subscriptionId).condition);
    assert.ok(parsed, "the platform's deployer condition parses");
    return parsed;
}

interface Refused {
    readonly name: string;
    readonly role: string;
    readonly principalType: string;
    readonly exception: string;
}

/** The stack's role assignments the condition would refuse (create: @Request attributes). */
function refusedBy(condition: ParsedCondition, e: Evaluation): Refused[] {
    const out: Refused[] = [];
    for (const r of ofType(e, RA)) {
        const i = inputs(r);
        const role = String(i["roleDefinitionId"]).split("/").pop()!.toLowerCase();
        const principalType = String(i["principalType"]);
        const typeOk = condition.write.principalTypes.some((t) => t.toLowerCase() === principalType.toLowerCase());
        if (condition.write.roles.includes(role) && typeOk) continue;
        out.push({ name: r.name, role, principalType, exception: exceptionIn(i["description"])?.id ?? "" });
    }
    return out.sort((a, b) => a.name.localeCompare(b.name));
}

describe("every role assignment a team stack declares is one the platform deploy identity may make", () => {
    const condition = platformCondition();

    it("the condition allows assignments to service principals and groups only (team stacks grant nothing to users)", () => {
        assert.deepEqual([...condition.write.principalTypes].sort(), ["Group", "ServicePrincipal"]);
        assert.deepEqual(condition.delete, condition.write);
    });

    for (const stack of listStacks()) {
        it(`committed stack ${stack}: no assignment outside the condition`, async () => {
            const e = await evaluateStack({}, { stack });
            assert.ok(ofType(e, RA).length > 0, "the stack declares role assignments");
            assert.deepEqual(refusedBy(condition, e), []);
        });
    }

    it("new-team --production: no assignment outside the condition (the workspace identity defaults to system-assigned)", async () => {
        const s = newTeamProductionStack();
        const e = await evaluateStack({}, { stack: s.stack, stackDoc: { config: s.config } });
        assert.ok(ofType(e, RA).length > 0);
        assert.deepEqual(refusedBy(condition, e), []);
    });

    it("the only grants outside it are the reviewed exception's, on a stack that opts into a user-assigned workspace identity", async () => {
        const e = await evaluateStack({ ...PRODUCTION, workspaceIdentity: { type: "user", create: true } });
        const C = "b24988ac-6180-42a0-ab88-20f7382dd24c"; // Contributor (lib/roles.ts)
        const KVA = "00482a5a-887f-4fb3-b363-3b7fe8e74483"; // Key Vault Administrator (lib/roles.ts)
        const stamp = "ml-platform-prod";
        assert.deepEqual(
            refusedBy(condition, e).map((x) => `${x.name} ${x.role} ${x.principalType} ${x.exception}`),
            [
                `${stamp}-mlw-id-appi-contributor ${C} ServicePrincipal WS-UAI-CONTRIBUTOR`,
                `${stamp}-mlw-id-cr-contributor ${C} ServicePrincipal WS-UAI-CONTRIBUTOR`,
                `${stamp}-mlw-id-kv-administrator ${KVA} ServicePrincipal WS-UAI-KV-ADMINISTRATOR`,
                `${stamp}-mlw-id-kv-contributor ${C} ServicePrincipal WS-UAI-CONTRIBUTOR`,
                `${stamp}-mlw-id-st-contributor ${C} ServicePrincipal WS-UAI-CONTRIBUTOR`,
                `${stamp}-mlw-id-mlw-contributor ${C} ServicePrincipal WS-UAI-CONTRIBUTOR`,
                // Azure AI Enterprise Network Connection Approver: lib/roles.ts deployerAssignable false (only stacks
                // an administrator deploys have a user-assigned workspace identity).
                `${stamp}-mlw-id-rg-network-approver b556d68e-0be0-4f35-a333-ad7ee1ce17ea ServicePrincipal `,
            ].sort(),
        );
    });
});
