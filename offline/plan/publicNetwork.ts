/** What is reachable from public networks, read from the declared inputs. */
import type { Registered } from "../evaluate";
import type { PublicEndpoint } from "./model";
import { at, computeKindOf, fmt } from "./settings";

const PUBLIC_CHECKS: Record<string, { what: string; access?: string; acl?: string }> = {
    "azure-native:machinelearningservices:Workspace": { what: "workspace", access: "publicNetworkAccess" },
    "azure-native:storage:StorageAccount": {
        what: "storage account",
        access: "publicNetworkAccess",
        acl: "networkRuleSet.defaultAction",
    },
    "azure-native:keyvault:Vault": {
        what: "key vault",
        access: "properties.publicNetworkAccess",
        acl: "properties.networkAcls.defaultAction",
    },
    "azure-native:containerregistry:Registry": { what: "container registry", access: "publicNetworkAccess" },
};

/** The workspace's storage account: the name the access matrix gives it (one name in every section of the plan). */
export const DEFAULT_STORAGE = "workspace default storage";

function whatOf(r: Registered, what: string): string {
    const inWorkspace = r.parent.split("::").at(-2)?.split("$").includes("amlstamp:workspace:Workspace") === true;
    return r.type === "azure-native:storage:StorageAccount" && inWorkspace ? DEFAULT_STORAGE : what;
}

/**
 * What is reachable from public networks, from the declared inputs: a resource is closed when its public network
 * access is Disabled or its network rules deny by default; otherwise its public endpoint is open (Azure's default
 * for all four when the setting is absent). Compute nodes with a public IP are listed too.
 */
export function publicEndpoints(resources: readonly Registered[]): PublicEndpoint[] {
    const out: PublicEndpoint[] = [];
    for (const r of resources) {
        const check = PUBLIC_CHECKS[r.type];
        if (check !== undefined) {
            const access = check.access !== undefined ? at(r.inputs, check.access) : undefined;
            const acl = check.acl !== undefined ? at(r.inputs, check.acl) : undefined;
            const closed = String(access).toLowerCase() === "disabled" || String(acl).toLowerCase() === "deny";
            const why = [
                `${check.access}: ${access === undefined ? "not set" : fmt(access)}`,
                ...(check.acl !== undefined ? [`${check.acl}: ${acl === undefined ? "not set" : fmt(acl)}`] : []),
            ].join(", ");
            out.push({ resource: r.name, what: whatOf(r, check.what), open: !closed, why });
        }
        if (r.type === "azure-native:machinelearningservices:Compute") {
            // A compute of a kind the stamp does not know is reported open: nothing says where its setting is.
            const kind = computeKindOf(r);
            const ip = kind !== undefined ? at(r.inputs, kind.publicIpPath) : undefined;
            const name = String(at(r.inputs, "computeName") ?? r.name);
            out.push({
                resource: r.name,
                what: `compute ${name}`,
                open: ip !== false,
                why: `enableNodePublicIp: ${ip === undefined ? "not set" : fmt(ip)}`,
            });
        }
    }
    return out;
}
