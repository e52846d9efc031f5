/**
 * THE list of the pack's rules, each once, in baseline-table order (then the Microsoft built-ins): the export name is
 * the CrossGuard policy name in camelCase, the file is policies/<resource>/<name without the resource prefix>.ts
 * (policy/tests/layout.spec.ts checks both). policies/index.ts turns this list into ALL_RULES; the order here is the
 * order findings are reported in. Adding a rule: write its file, add one line here, run `npm run docs:policy`.
 */
export { default as computeLocalAuthDisabled } from "./compute/localAuthDisabled";
export { default as computeInstanceIdleShutdown } from "./compute/instanceIdleShutdown";
export { default as computeNetworkIsolated } from "./compute/networkIsolated";
export { default as computeNoPublicSsh } from "./compute/noPublicSsh";
export { default as computeClusterScalesToZero } from "./compute/clusterScalesToZero";
export { default as computeVmSizeAllowed } from "./compute/vmSizeAllowed";
export { default as computeNoPublicIp } from "./compute/noPublicIp";
export { default as workspacePublicAccessDisabled } from "./workspace/publicAccessDisabled";
export { default as workspacePrivateEndpointGroup } from "./workspace/privateEndpointGroup";
export { default as workspaceCustomerManagedKey } from "./workspace/customerManagedKey";
export { default as workspaceApprovedOutboundOnly } from "./workspace/approvedOutboundOnly";
export { default as workspaceDiagnostics } from "./workspace/diagnostics";
export { default as workspaceIdentityDatastores } from "./workspace/identityDatastores";
export { default as keyVaultSoftDelete } from "./keyVault/softDelete";
export { default as keyVaultPurgeProtection } from "./keyVault/purgeProtection";
export { default as keyVaultRbacAuthorization } from "./keyVault/rbacAuthorization";
export { default as keyVaultNetworkClosed } from "./keyVault/networkClosed";
export { default as storageNoBlobPublicAccess } from "./storage/noBlobPublicAccess";
export { default as storageTls12 } from "./storage/tls12";
export { default as storageHttpsOnly } from "./storage/httpsOnly";
export { default as storageNoSharedKey } from "./storage/noSharedKey";
export { default as storageNetworkClosed } from "./storage/networkClosed";
export { default as storageNoCrossTenantReplication } from "./storage/noCrossTenantReplication";
export { default as storageBlobSoftDelete } from "./storage/blobSoftDelete";
export { default as storageNoLocalUsers } from "./storage/noLocalUsers";
export { default as registryNoAdminUser } from "./registry/noAdminUser";
export { default as registryNoAnonymousPull } from "./registry/noAnonymousPull";
export { default as registryPublicAccessDisabled } from "./registry/publicAccessDisabled";
export { default as appInsightsWorkspaceBased } from "./appInsights/workspaceBased";
export { default as appInsightsNoLocalAuth } from "./appInsights/noLocalAuth";
export { default as roleAssignmentPrincipalType } from "./roleAssignment/principalType";
export { default as roleAssignmentPrincipalTypeMatches } from "./roleAssignment/principalTypeMatches";
export { default as roleAssignmentNotPrivileged } from "./roleAssignment/notPrivileged";
export { default as roleAssignmentNarrowScope } from "./roleAssignment/narrowScope";
export { default as roleAssignmentCount } from "./roleAssignment/count";
export { default as customRoleLeastPrivilege } from "./customRole/leastPrivilege";
export { default as entraPasswordEndDate } from "./entra/passwordEndDate";
export { default as federatedCredentialWellFormed } from "./entra/federatedCredentialWellFormed";
export { default as conditionalAccessCoversAml } from "./entra/conditionalAccessCoversAml";
// Microsoft built-in Azure Policy definitions not covered by a baseline row (issue 13; lib/exemptions.ts).
export { default as builtinStorageInfrastructureEncryption } from "./storage/builtinInfrastructureEncryption";
export { default as builtinStorageSasPolicy } from "./storage/builtinSasPolicy";
export { default as builtinStorageSasMax7Days } from "./storage/builtinSasMax7Days";
export { default as builtinRegistryExportsDisabled } from "./registry/builtinExportsDisabled";
export { default as builtinRegistryArmAudienceDisabled } from "./registry/builtinArmAudienceDisabled";
export { default as builtinAppInsightsNoPublicNetwork } from "./appInsights/builtinNoPublicNetwork";
export { default as builtinLogAnalyticsNoPublicNetwork } from "./logAnalytics/builtinNoPublicNetwork";
export { default as builtinWorkspacePrivateDnsZones } from "./workspace/builtinPrivateDnsZones";
export { default as builtinWorkspaceDiagnosticsProfile } from "./workspace/builtinDiagnosticsProfile";
export { default as builtinWorkspaceUserAssignedIdentity } from "./workspace/builtinUserAssignedIdentity";
export { default as builtinWorkspaceCmkV2 } from "./workspace/builtinCmkV2";
export { default as builtinComputeInVnet } from "./compute/builtinInVnet";
export { default as builtinWorkspaceV1LegacyMode } from "./workspace/builtinV1LegacyMode";
export { default as builtinWorkspaceDiagnosticsEnabled } from "./workspace/builtinDiagnosticsEnabled";
export { default as builtinStorageBlobDiagnostics } from "./storage/builtinBlobDiagnostics";
export { default as builtinKeyVaultDiagnostics } from "./keyVault/builtinDiagnostics";
export { default as builtinKeyVaultDiagnosticsAuditGroup } from "./keyVault/builtinDiagnosticsAuditGroup";
export { default as builtinRegistryDiagnosticsAuditGroup } from "./registry/builtinDiagnosticsAuditGroup";
