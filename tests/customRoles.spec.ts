import assert from "node:assert/strict";
import fc from "fast-check";
import {
    allows,
    CUSTOM_ROLES,
    CUSTOM_ROLE_KEYS,
    isSubscriptionId,
    sharedCustomRoleDefinition,
    sharedCustomRoleGuid,
    sharedCustomRoleId,
    ML_ACTIONS,
    patternMatches,
} from "../lib/customRoles";

const A = ML_ACTIONS;
const SUB_ID = "00000000-0000-4000-8000-00000000a001";
const SUB = `/subscriptions/${SUB_ID}`;

describe("custom compute roles (lib/customRoles.ts)", () => {
    const admin = CUSTOM_ROLES.computeAdmin;
    const user = CUSTOM_ROLES.computeUser;

    it("compute admin can create, configure, stop and delete a compute: every action it lists, none cancelled", () => {
        for (const op of [A.computeWrite, A.computeDelete, A.computeStop, A.computeUpdateIdleShutdown]) {
            assert.ok(admin.actions.includes(op), op);
        }
        for (const op of admin.actions) assert.ok(allows(admin, op), op);
    });
    it("compute admin cannot use an instance: no start, restart, connect, UI links or secrets", () => {
        for (const op of [
            A.computeStart,
            A.computeRestart,
            A.computeApplicationAccess,
            A.computeApplicationAccessUiLinks,
            A.computeListKeys,
        ]) {
            assert.equal(allows(admin, op), false, op);
        }
    });
    it("compute user can start, stop, restart, connect and edit schedules: every action it lists, none cancelled", () => {
        for (const op of [A.computeStart, A.computeStop, A.computeRestart, A.computeApplicationAccess]) {
            assert.ok(user.actions.includes(op), op);
        }
        for (const op of user.actions) assert.ok(allows(user, op), op);
    });
    it("compute user cannot create, change, reimage or delete a compute", () => {
        for (const op of [A.computeWrite, A.computeDelete, A.checkComputeName, A.computeReimage, A.computeListKeys]) {
            assert.equal(allows(user, op), false, op);
        }
    });
    it("neither role reaches beyond computes (workspace write/delete, keys, jobs)", () => {
        for (const op of [
            "Microsoft.MachineLearningServices/workspaces/write",
            "Microsoft.MachineLearningServices/workspaces/delete",
            "Microsoft.MachineLearningServices/workspaces/listKeys/action",
            "Microsoft.MachineLearningServices/workspaces/jobs/write",
            "Microsoft.Authorization/roleAssignments/write",
        ]) {
            assert.equal(allows(admin, op) || allows(user, op), false, op);
        }
    });
    it("uses only operations verified in the operations reference, never a wildcard", () => {
        const known = new Set<string>(Object.values(ML_ACTIONS));
        for (const shape of [admin, user]) {
            for (const a of [...shape.actions, ...shape.notActions]) {
                assert.ok(known.has(a), `${a} is in ML_ACTIONS`);
                assert.ok(!a.includes("*"), a);
            }
        }
    });
    it("defines each role once per subscription, assignable there, named after it (names are directory-unique)", () => {
        const def = sharedCustomRoleDefinition(user, SUB_ID);
        assert.equal(def.scope, SUB);
        assert.deepEqual(def.assignableScopes, [SUB]);
        assert.equal(def.roleName, `aml-stamp AzureML Compute User (${SUB_ID})`);
        assert.equal(def.roleDefinitionId, sharedCustomRoleGuid(SUB_ID, "computeUser"));
        assert.throws(() => sharedCustomRoleDefinition(user, "x/y"), /subscription id/);
    });
    it("one GUID per subscription and role key: deterministic, distinct, and the id team stacks assign", () => {
        fc.assert(
            fc.property(fc.uuid(), fc.uuid(), (a, b) => {
                const ids = CUSTOM_ROLE_KEYS.map((k) => sharedCustomRoleGuid(a, k));
                assert.equal(new Set(ids).size, ids.length);
                assert.deepEqual(
                    ids,
                    CUSTOM_ROLE_KEYS.map((k) => sharedCustomRoleGuid(a, k)),
                );
                if (a.toLowerCase() !== b.toLowerCase())
                    assert.notEqual(sharedCustomRoleGuid(a, "computeAdmin"), sharedCustomRoleGuid(b, "computeAdmin"));
            }),
        );
        assert.equal(
            sharedCustomRoleId(SUB_ID, "idleShutdown"),
            `${SUB}/providers/Microsoft.Authorization/roleDefinitions/${sharedCustomRoleGuid(SUB_ID, "idleShutdown")}`,
        );
    });
    it("matches permissions like Azure: case-insensitive, * spans segments", () => {
        assert.ok(patternMatches("Microsoft.MachineLearningServices/workspaces/*/read", A.computeRead));
        assert.ok(patternMatches(A.computeRead.toLowerCase(), A.computeRead));
        assert.equal(patternMatches(A.computeRead, A.computeWrite), false);
        fc.assert(
            fc.property(
                fc.stringMatching(/^[A-Za-z./]{1,40}$/),
                (op) => patternMatches(op, op) && patternMatches("*", op),
            ),
        );
    });
    it("isSubscriptionId accepts exactly /subscriptions/<id>", () => {
        assert.ok(isSubscriptionId(SUB));
        assert.equal(isSubscriptionId(`${SUB}/resourceGroups/rg`), false);
        assert.equal(isSubscriptionId("/"), false);
    });
});
