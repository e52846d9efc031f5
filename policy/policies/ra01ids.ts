import { get, has, stackPolicy, T } from "./kit";

/**
 * Cross-checks principalType against the principals the stack itself creates: a principal id that is some resource's
 * managed identity (`identity.principalId`) or an Entra service principal's `objectId` must be assigned as
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
            const identity = has(r.props, "identity") ? get(r.props, "identity.principalId") : undefined;
            if (typeof identity === "string" && identity !== "") kinds.set(identity.toLowerCase(), "ServicePrincipal");
            if (r.type !== T.servicePrincipal && r.type !== T.group) continue;
            const objectId = r.props["objectId"];
            if (typeof objectId === "string" && objectId !== "") {
                kinds.set(objectId.toLowerCase(), r.type === T.group ? "Group" : "ServicePrincipal");
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
