/**
 * THE type-token table of the specs: the policy kit's table (policy/policies/kit T, what the rules match on) plus the
 * tokens only tests look up. Specs import `T` from here instead of keeping a copy each.
 */
import { T as RULE_TYPES } from "../policy/policies/kit";
import { COMPUTE_KINDS, type StampComputeType } from "../lib/computeKinds";

export const T = {
    ...RULE_TYPES,
    resourceGroup: "azure-native:resources:ResourceGroup",
    logs: "azure-native:operationalinsights:Workspace",
    keyVaultSecret: "azure-native:keyvault:Secret",
    keyVaultKey: "azure-native:keyvault:Key",
    blobContainer: "azure-native:storage:BlobContainer",
    onlineEndpoint: "azure-native:machinelearningservices:OnlineEndpoint",
    userAssignedIdentity: "azure-native:managedidentity:UserAssignedIdentity",
    privateLinkScopedResource: "azure-native:monitor:PrivateLinkScopedResource",
    policyExemption: "azure-native:authorization:PolicyExemption",
    budget: "azure-native:consumption:Budget",
    lock: "azure-native:authorization:ManagementLockByScope",
    application: "azuread:index/application:Application",
    appRoleAssignment: "azuread:index/appRoleAssignment:AppRoleAssignment",
    randomString: "random:index/randomString:RandomString",
    /** The project's components (amlstamp:<module>:<Type>). */
    workspaceComponent: "amlstamp:workspace:Workspace",
    clusterComponent: COMPUTE_KINDS.cluster.componentType,
    instanceComponent: COMPUTE_KINDS.instance.componentType,
    automationComponent: "amlstamp:automation:AutomationPrincipal",
    budgetComponent: "amlstamp:cost:Budget",
    locksComponent: "amlstamp:protection:Locks",
    stamp: "aml-stamp:index:Stamp",
} as const;

/** The Azure `computeType` of each compute kind the stack declares (lib/computeKinds.ts). */
export type ComputeKind = StampComputeType;
