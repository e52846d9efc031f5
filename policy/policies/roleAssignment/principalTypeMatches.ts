import { has, stackPolicy, type StackResource, T } from "../kit";

/**
 * Cross-checks principalType against the principals the stack itself creates: a role assignment whose `principalId`
 * came from an Entra service principal, a user-assigned identity or a resource with a managed identity
 * (`identity`) must be assigned as
 * ServicePrincipal; one whose `principalId` came from an Entra group as Group. Principals from outside the stack
 * (groups named in config) are covered by RA-01 alone.
 *
 * The link is the engine's `propertyDependencies.principalId`, not the principal id's value: a new principal's
 * object id or `identity.principalId` is unknown during a preview, and a stack policy that reads an unknown value
 * only reports "can't run during preview" as advisory (@pulumi/policy server.js, UnknownValueError), while the
 * property dependency is known. `principalType` is an output of RoleAssignment (the SDK class declares it).
 */
export default stackPolicy({
    id: "RA-01",
    name: "role-assignment-principal-type-matches",
    level: "baseline",
    description:
        "A role assignment to a principal the stack creates uses that principal's type (ServicePrincipal or Group).",
    source: "Azure RBAC docs (role-assignments-template.md); pulumi-azure-native#2816",
    check: (resources, report) => {
        const byUrn = new Map(resources.map((r) => [r.urn, r]));
        const kindOf = (r: StackResource): "ServicePrincipal" | "Group" | undefined => {
            if (r.type === T.group) return "Group";
            if (r.type === T.servicePrincipal) return "ServicePrincipal";
            if (r.type === T.userAssignedIdentity) return "ServicePrincipal";
            return has(r.props, "identity") ? "ServicePrincipal" : undefined;
        };
        for (const r of resources.filter((x) => x.type === T.roleAssignment)) {
            const sources = (r.propertyDependencies["principalId"] ?? []).map((u) => byUrn.get(u));
            const kinds = new Set(sources.flatMap((s) => (s === undefined ? [] : [kindOf(s)])));
            kinds.delete(undefined);
            if (kinds.size !== 1) continue;
            const [expected] = [...kinds];
            if (r.props["principalType"] !== expected) {
                const from = sources.find((s) => s !== undefined && kindOf(s) === expected)!;
                report(
                    `${r.name}: its principal comes from ${from.name}, a ${String(expected)} created by this stack, but principalType is ${JSON.stringify(r.props["principalType"])}`,
                    r.urn,
                );
            }
        }
    },
});
