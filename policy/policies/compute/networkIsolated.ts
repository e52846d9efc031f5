import { computeType, get, sameText, stackPolicy, T } from "../kit";

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
            const type = computeType(r.props);
            if (type !== "AmlCompute" && type !== "ComputeInstance") continue;
            const subnet = get(r.props, "properties.properties.subnet.id");
            if (!managed && (typeof subnet !== "string" || subnet === "")) {
                report(`${r.name}: set properties.properties.subnet.id or give the workspace a managed network`, r.urn);
            }
        }
    },
});
