import { get, stackPolicy, T } from "./kit";

/**
 * Cross-checks principalType against the principals the stack itself creates: a principal id that is some resource's
 * managed identity (`identity.principalId`), a user-assigned identity's `principalId` (issue 12) or an Entra service
 * principal's `objectId` must be assigned as
 * ServicePrincipal; an Entra group's `objectId` as Group. Principals from outside the stack (groups named in config)
 * are covered by RA-01 alone.
 */
export default stackPolicy({
    id: "RA-01",
    name: "role-assignment-principal-type-matches",
    level: "baseline",
    description:
        "A role assignment to a principal the stack creates uses that principal's type (ServicePrincipal or Group).",
    source: "Azure RBAC docs (role-assignments-template.md); pulumi-azure-native#2816",
    check: (resources, report) => {
        const kinds = new Map<string, "ServicePrincipal" | "Group">();
        for (const r of resources) {
            const identity = get(r.props, "identity.principalId");
            if (typeof identity === "string" && identity !== "") kinds.set(identity.toLowerCase(), "ServicePrincipal");
            const uai = r.type === T.userAssignedIdentity ? r.props["principalId"] : undefined;
            if (typeof uai === "string" && uai !== "") kinds.set(uai.toLowerCase(), "ServicePrincipal");
            const objectId = r.props["objectId"];
            if (typeof objectId === "string" && objectId !== "") {
                if (r.type === T.servicePrincipal) kinds.set(objectId.toLowerCase(), "ServicePrincipal");
                if (r.type === T.group) kinds.set(objectId.toLowerCase(), "Group");
            }
        }
        for (const r of resources.filter((x) => x.type === T.roleAssignment)) {
            const id = r.props["principalId"];
            const expected = typeof id === "string" ? kinds.get(id.toLowerCase()) : undefined;
            if (expected !== undefined && r.props["principalType"] !== expected) {
                report(
                    `${r.name}: principal ${String(id)} is a ${expected} created by this stack, but principalType is ${JSON.stringify(r.props["principalType"])}`,
                    r.urn,
                );
            }
        }
    },
});
