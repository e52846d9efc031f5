import assert from "node:assert/strict";
import { resource, SUB, violations } from "./fixtures";
import ra02 from "../policies/roleAssignment/notPrivileged";
import ra03 from "../policies/roleAssignment/narrowScope";
import ra06 from "../policies/customRole/leastPrivilege";
import { T } from "../policies/kit";
import { constrainRolesAndPrincipalTypes } from "../../lib/abac";
import { ROLES } from "../../lib/roles";

const rd = (id: string): string => `${SUB}/providers/Microsoft.Authorization/roleDefinitions/${id}`;
const DEPLOYER = { platformStack: true };
const conditioned = (
    roles: string[],
    types: ("User" | "Group" | "ServicePrincipal")[] = ["ServicePrincipal", "Group"],
) => ({
    scope: SUB,
    principalId: "11111111-1111-4111-8111-111111111111",
    principalType: "ServicePrincipal",
    roleDefinitionId: rd(ROLES.rbacAdministrator.id),
    condition: constrainRolesAndPrincipalTypes(roles, types),
    conditionVersion: "2.0",
});
const check = (rule: typeof ra02, props: Record<string, unknown>, config: Record<string, unknown> = DEPLOYER) =>
    violations(rule, [resource(T.roleAssignment, "subject", props)], config);

describe("policy pack: the platform deploy identity's exemption (RA-02, RA-03 platformStack)", () => {
    it("RA-02: Contributor and a conditioned RBAC Administrator pass only with platformStack", async () => {
        const contributor = { ...conditioned([ROLES.reader.id]), roleDefinitionId: rd(ROLES.contributor.id) };
        delete (contributor as Record<string, unknown>)["condition"];
        assert.deepEqual(await check(ra02, contributor), []);
        assert.deepEqual(await check(ra02, conditioned([ROLES.reader.id])), []);
        assert.match((await check(ra02, contributor, {}))[0] ?? "", /Contributor is privileged/);
        assert.match((await check(ra02, conditioned([ROLES.reader.id]), {}))[0] ?? "", /Role Based Access Control/);
    });
    it("RA-02: Owner and User Access Administrator stay refused, even for the platform", async () => {
        for (const r of [ROLES.owner, ROLES.userAccessAdministrator]) {
            const found = await check(ra02, { ...conditioned([ROLES.reader.id]), roleDefinitionId: rd(r.id) });
            assert.match(found[0] ?? "", new RegExp(`${r.name} is privileged`));
        }
    });
    it("RA-02: RBAC Administrator without the condition, with a privileged role or a User principal type is refused", async () => {
        const bare = { ...conditioned([ROLES.reader.id]), condition: undefined };
        assert.match((await check(ra02, bare))[0] ?? "", /needs the ABAC condition/);
        assert.match(
            (await check(ra02, { ...conditioned([ROLES.reader.id]), conditionVersion: "1.0" }))[0] ?? "",
            /2\.0/,
        );
        const owner = await check(ra02, conditioned([ROLES.reader.id, ROLES.owner.id]));
        assert.ok(
            owner.some((m) => /privileged roles/.test(m)),
            owner.join(),
        );
        const users = await check(ra02, conditioned([ROLES.reader.id], ["User", "Group"]));
        assert.ok(
            users.some((m) => /principal types other than/.test(m)),
            users.join(),
        );
    });
    it("RA-03: the platform may assign at its subscription, never at a management group or /", async () => {
        assert.deepEqual(await check(ra03, conditioned([ROLES.reader.id])), []);
        assert.match((await check(ra03, conditioned([ROLES.reader.id]), {}))[0] ?? "", /not a subscription/);
        for (const scope of ["/providers/Microsoft.Management/managementGroups/contoso", "/"]) {
            assert.match(
                (await check(ra03, { ...conditioned([ROLES.reader.id]), scope }))[0] ?? "",
                /not a subscription/,
            );
        }
    });
    it("RA-06: only the platform stack may define a custom role; a team stack's definition is refused", async () => {
        const def = {
            scope: SUB,
            roleName: "x",
            permissions: [{ actions: ["Microsoft.MachineLearningServices/workspaces/read"], notActions: [] }],
            assignableScopes: [SUB],
        };
        const found = await violations(ra06, [resource(T.roleDefinition, "subject", def)]);
        assert.match(found[0] ?? "", /team stacks declare no role definition/);
        assert.deepEqual(
            await violations(ra06, [resource(T.roleDefinition, "subject", def)], { platformStack: true }),
            [],
        );
    });
});
