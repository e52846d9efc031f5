import { computeKind, get, sameText, stackPolicy, T } from "../kit";

export default stackPolicy({
    id: "CP-03",
    name: "compute-network-isolated",
    level: "hardened",
    description: "Every compute is network-isolated: in a subnet, or in a workspace with a managed virtual network.",
    source: "Azure Policy 7804b5c7",
    check: (resources, report) => {
        const managed = resources.some((r) => {
            if (r.type !== T.workspace) return false;
            const mode = get(r.props, "managedNetwork.isolationMode");
            return typeof mode === "string" && !sameText(mode, "Disabled");
        });
        for (const r of resources.filter((x) => x.type === T.compute)) {
            const kind = computeKind(r.props);
            if (kind === undefined) continue;
            const subnet = get(r.props, kind.subnetPath);
            if (!managed && (typeof subnet !== "string" || subnet === "")) {
                report(`${r.name}: set ${kind.subnetPath} or give the workspace a managed network`, r.urn);
            }
        }
    },
});
