/**
 * A test program (tests/platform.spec.ts): one grant() call chosen by the config key `aml-stamp:case`, to check which
 * privileged grants grant() refuses. Not a stack: only the offline runtime runs it.
 */
import * as pulumi from "@pulumi/pulumi";
import { grant, type GrantArgs } from "../../components/access";
import { ROLES } from "../../lib/roles";

const kase = pulumi.runtime.allConfig()["aml-stamp:case"] ?? "";
const sp = { id: "11111111-1111-4111-8111-111111111111", kind: "ServicePrincipal" as const, label: "deploy" };
const base: Omit<GrantArgs, "role"> = {
    principal: sp,
    scope: "/subscriptions/s",
    scopeLabel: "subscription",
    reason: "test",
    subscriptionId: "s",
};
const condition = { expression: "c", version: "2.0", readable: "c" };
const cases: Record<string, GrantArgs & { deployer?: boolean }> = {
    contributorDeployer: { ...base, role: { builtIn: ROLES.contributor }, platformDeployer: true },
    contributorTeam: { ...base, role: { builtIn: ROLES.contributor } },
    contributorGroup: {
        ...base,
        principal: { ...sp, kind: "Group" },
        role: { builtIn: ROLES.contributor },
        platformDeployer: true,
    },
    rbacNoCondition: { ...base, role: { builtIn: ROLES.rbacAdministrator }, platformDeployer: true },
    rbacConditioned: { ...base, role: { builtIn: ROLES.rbacAdministrator }, platformDeployer: true, condition },
    owner: { ...base, role: { builtIn: ROLES.owner }, platformDeployer: true, condition },
    userAccessAdministrator: {
        ...base,
        role: { builtIn: ROLES.userAccessAdministrator },
        platformDeployer: true,
        condition,
    },
};
const args = cases[kase];
if (args === undefined) throw new Error(`unknown case "${kase}"`);
class Holder extends pulumi.ComponentResource {
    constructor() {
        super("amlstamp:test:Holder", "holder", {}, {});
        grant(`grant-${kase}`, args as GrantArgs, { parent: this });
        this.registerOutputs({});
    }
}
new Holder();
