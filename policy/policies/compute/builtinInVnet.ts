/**
 * Machine Learning built-ins (lib/exemptions.ts BUILTIN), conditions restated from Azure/azure-policy
 * built-in-policies/policyDefinitions/Machine Learning/*.json.
 */
import { Compute } from "@pulumi/azure-native/machinelearningservices";
import { BUILTIN } from "../../../lib/exemptions";
import { builtinResourceRule } from "../kit/builtin";
import { computeKind, get, show } from "../kit";

/** Vnet_Audit: AmlCompute and ComputeInstance have a non-empty subnet.id (properties.properties.subnet.id). */
export default builtinResourceRule(Compute, {
    definition: BUILTIN.computeVnet,
    name: "builtin-compute-in-vnet",
    description:
        "AmlCompute/ComputeInstance properties.properties.subnet.id set (production stacks carry a documented exemption: the managed network has no customer subnet).",
    check: (props, report) => {
        const subnet = computeKind(props)?.subnetPath;
        if (subnet === undefined) return;
        const id = get(props, subnet);
        if (typeof id !== "string" || id === "") report(`${subnet} must be a subnet; found ${show(id)}`);
    },
});
