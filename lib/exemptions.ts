/**
 * Microsoft's built-in Azure Policy definitions that production stacks are judged by (docs/hardening.md
 * "Built-in Azure Policy definitions"), and the stack's exemptions from them: ONE list, in one place, each with the
 * definition, the reason and a review date. The offline plan prints it, the policy pack skips the rules it covers
 * (offline/policies.ts policyConfigFor), and components/policyExemptions.ts declares each as an Azure Policy
 * exemption (category Waiver, expiresOn the review date) when the stack is given the policy assignment.
 *
 * Definitions: Azure/azure-policy built-in-policies/policyDefinitions/<file>, commit f4a50bac (2026-04-29); the
 * `name` is the definition's GUID (its id is /providers/Microsoft.Authorization/policyDefinitions/<name>).
 */

/** One built-in Azure Policy definition. */
export interface BuiltinDefinition {
    /** The definition's name (GUID). */
    readonly name: string;
    /** Path under built-in-policies/policyDefinitions/ in Azure/azure-policy. */
    readonly file: string;
    readonly displayName: string;
}

function def(name: string, file: string, displayName: string): BuiltinDefinition {
    return { name, file, displayName };
}

/** The built-in definitions the pack mirrors (policy/policies/<resource>/builtin*.ts) or the stack is exempted from. */
export const BUILTIN = {
    storageInfrastructureEncryption: def(
        "4733ea7b-a883-42fe-8cac-97454c2a9e4a",
        "Storage/StorageAccountInfrastructureEncryptionEnabled_Audit.json",
        "Storage accounts should have infrastructure encryption",
    ),
    storageSasPolicy: def(
        "bc1b984e-ddae-40cc-801a-050a030e4fbe",
        "Storage/StorageAccountSasPolicy_Restrict.json",
        "Storage accounts should have shared access signature (SAS) policies configured",
    ),
    storageSas7Days: def(
        "7aa1c9d5-3d7e-4579-8117-d85e99211757",
        "Storage/EnforceStorageSasMaxExpiration7Days_Deny.json",
        "Storage SAS tokens should adhere to 7 day maximum validity",
    ),
    registryExportDisabled: def(
        "524b0254-c285-4903-bee6-bb8126cde579",
        "Container Registry/ACR_ExportPolicy_AuditDeny.json",
        "Container registries should have exports disabled",
    ),
    registryArmAudienceDisabled: def(
        "42781ec6-6127-4c30-bdfa-fb423a0047d3",
        "Container Registry/ACR_AADAuthenticationAsArmPolicy_AuditDeny.json",
        "Container registries should have ARM audience token authentication disabled.",
    ),
    registryArmAudienceModify: def(
        "785596ed-054f-41bc-aaec-7f3d0ba05725",
        "Container Registry/ACR_AADAuthenticationAsArmDisabled_Modify.json",
        "Configure container registries to disable ARM audience token authentication.",
    ),
    insightsNetwork: def(
        "1bc02227-0cb6-4e11-8f53-eb0b22eab7e8",
        "Monitoring/ApplicationInsightsComponents_NetworkAccessEnabled_Deny.json",
        "Application Insights components should block log ingestion and querying from public networks",
    ),
    insightsNetworkModify: def(
        "dddfa1af-dcd6-42f4-b5b0-e1db01e0b405",
        "Monitoring/ApplicationInsightsComponents_NetworkAccessEnabled_Modify.json",
        "Configure Azure Application Insights components to disable public network access for log ingestion and querying",
    ),
    logAnalyticsNetwork: def(
        "6c53d030-cc64-46f0-906d-2bc061cd1334",
        "Monitoring/LogAnalyticsWorkspaces_NetworkAccessEnabled_Deny.json",
        "Log Analytics workspaces should block log ingestion and querying from public networks",
    ),
    logAnalyticsNetworkModify: def(
        "d3ba9c42-9dd5-441a-957c-274031c750c0",
        "Monitoring/LogAnalyticsWorkspaces_NetworkAccessEnabled_Modify.json",
        "Configure Azure Log Analytics workspaces to disable public network access for log ingestion and querying",
    ),
    storageBlobDiagnosticsDine: def(
        "b4fe1a3b-0715-4c6c-a5ea-ffc33cf823cb",
        "Storage/BlobServicesLogsToWorkspace_DINE.json",
        "Configure diagnostic settings for Blob Services to Log Analytics workspace",
    ),
    keyVaultDiagnostics: def(
        "cf820ca0-f99e-4f3e-84fb-66e913812d21",
        "Key Vault/AuditDiagnosticLog_Audit.json",
        "Resource logs in Key Vault should be enabled",
    ),
    keyVaultDiagnosticsDine: def(
        "6b359d8f-f88d-4052-aa7c-32015963ecc1",
        "Monitoring/DS_LA_keyvault-vaults_DINE.json",
        "Enable logging by category group for Key vaults (microsoft.keyvault/vaults) to Log Analytics",
    ),
    registryDiagnosticsDine: def(
        "56288eb2-4350-461d-9ece-2bb242269dce",
        "Monitoring/DS_LA_containerregistry-registries_DINE.json",
        "Enable logging by category group for Container registries (microsoft.containerregistry/registries) to Log Analytics",
    ),
    workspaceDnsZones: def(
        "ee40564d-486e-4f68-a5ca-7a621edae0fb",
        "Machine Learning/Workspace_PrivateDnsZones_DINE.json",
        "Configure Azure Machine Learning workspace to use private DNS zones",
    ),
    workspaceDiagnosticsDine: def(
        "f59276f0-5740-4aaf-821d-45d185aa210e",
        "Machine Learning/AuditDiagnosticLog_DINE.json",
        "Configure diagnostic settings for Azure Machine Learning Workspaces to Log Analytics workspace",
    ),
    workspaceDiagnostics: def(
        "afe0c3be-ba3b-4544-ba52-0c99672a8ad6",
        "Machine Learning/AuditDiagnosticLog_Audit.json",
        "Resource logs in Azure Machine Learning Workspaces should be enabled",
    ),
    workspaceUserAssignedIdentity: def(
        "5f0c7d88-c7de-45b8-ac49-db49e72eaa78",
        "Machine Learning/Workspace_UAIEnabled_Audit.json",
        "Azure Machine Learning workspaces should use user-assigned managed identity",
    ),
    workspaceCmk: def(
        "ba769a63-b8cc-4b2d-abf6-ac33c7204be8",
        "Machine Learning/Workspace_CMKEnabled_Audit.json",
        "Azure Machine Learning workspaces should be encrypted with a customer-managed key",
    ),
    workspaceCmkV2: def(
        "7f40cee6-e933-4d0f-a782-b96615e0f4a6",
        "Machine Learning/Workspace_CMKEnabled_Audit_V2.json",
        "Azure Machine Learning workspaces should be encrypted with the use of a customer-managed key",
    ),
    computeVnet: def(
        "7804b5c7-01dc-4723-969b-ae300cc07ff1",
        "Machine Learning/Vnet_Audit.json",
        "Azure Machine Learning Computes should be in a virtual network",
    ),
    workspaceV1LegacyMode: def(
        "e413671a-dd10-4cc1-a943-45b598596cb7",
        "Machine Learning/Workspace_EnableV1LegacyMode_Audit.json",
        "Azure Machine Learning workspaces should enable V1LegacyMode to support network isolation backward compatibility",
    ),
} as const satisfies Record<string, BuiltinDefinition>;

/** The resource of the stamp an exemption is scoped to (computes: the workspace, whose child resources they are). */
export type ExemptionTarget = "storage" | "insights" | "workspace";

/** One decided, documented exemption of a production stack from built-in definitions. */
export interface Exemption {
    /** Stable key: part of the exemption's Pulumi and Azure names. Never rename (it would replace the exemption). */
    readonly key: string;
    /** The definitions exempted (a Deny/Audit definition and its Modify twin share one exemption). */
    readonly definitions: readonly BuiltinDefinition[];
    /** Policy pack rules (CrossGuard names) that mirror these definitions and are skipped while the exemption holds. */
    readonly policies: readonly string[];
    readonly target: ExemptionTarget;
    readonly reason: string;
    /** Review date (YYYY-MM-DD, UTC): the Azure exemption's expiresOn, so the decision comes back for review. */
    readonly reviewBy: string;
}

/** What decides which exemptions a stack carries (from its validated config). */
export interface ExemptionFacts {
    readonly production: boolean;
    /** Storage infrastructure encryption chosen (it can only be chosen when the account is created). */
    readonly storageInfrastructureEncryption: boolean;
    /** The workspace is encrypted with a customer-managed key (creation-only). */
    readonly customerManagedKey: boolean;
    /** The workspace has a user-assigned identity (`workspaceIdentity: {type: user, ...}`, an explicit opt-in). */
    readonly workspaceUserAssignedIdentity: boolean;
}

/** Review date of the built-in exemption decisions. */
export const REVIEW_BY = "2027-06-01";

const ALWAYS: readonly Exemption[] = [
    {
        key: "v1-legacy-mode",
        definitions: [BUILTIN.workspaceV1LegacyMode],
        policies: ["builtin-workspace-v1-legacy-mode"],
        target: "workspace",
        reason: "V1 legacy mode keeps the retired v1 network isolation model (Azure ML SDK/CLI v1); the stack uses the v2 managed virtual network, which V1LegacyMode would switch off. Deliberately not met.",
        reviewBy: REVIEW_BY,
    },
    {
        key: "compute-vnet",
        definitions: [BUILTIN.computeVnet],
        policies: ["builtin-compute-in-vnet"],
        target: "workspace",
        reason: "Computes run in the workspace's managed virtual network (managedNetworkIsolation AllowOnlyApprovedOutbound), which Azure ML owns, so they have no customer subnet.id; the managed network is the isolation the definition asks for (security baseline CP-03).",
        reviewBy: REVIEW_BY,
    },
];

/**
 * The exemptions a production stack carries unless it made the choice the built-in asks for (`unless`: the fact
 * that makes the exemption unnecessary), in report order.
 */
const UNLESS_CHOSEN: readonly {
    readonly unless: Exclude<keyof ExemptionFacts, "production">;
    readonly exemption: Exemption;
}[] = [
    {
        unless: "customerManagedKey",
        exemption: {
            key: "customer-managed-key",
            definitions: [BUILTIN.workspaceCmk, BUILTIN.workspaceCmkV2],
            policies: ["workspace-customer-managed-key", "builtin-workspace-cmk-v2"],
            target: "workspace",
            reason: "Not chosen (customerManagedKey.enabled false): workspace data is encrypted with Microsoft-managed keys. A customer-managed key can only be set when the workspace is created (it adds Microsoft-managed Cosmos DB, Search and Storage resources billed to the subscription), so an existing workspace keeps Microsoft-managed keys.",
            reviewBy: REVIEW_BY,
        },
    },
    {
        unless: "workspaceUserAssignedIdentity",
        exemption: {
            key: "workspace-system-identity",
            definitions: [BUILTIN.workspaceUserAssignedIdentity],
            policies: ["builtin-workspace-user-assigned-identity"],
            target: "workspace",
            reason: "The workspace keeps its system-assigned identity (the default). The only roles Microsoft documents for a workspace's user-assigned identity are Contributor on its storage, key vault, registry, Application Insights and the workspace (azure-ai-docs how-to-identity-based-service-authentication.md; reviewed exception WS-UAI-CONTRIBUTOR), and the platform's CI deploy identity must never be able to assign Contributor (its ABAC condition allows only the non-privileged catalog roles and the platform's custom roles: allowing Contributor would let it make any service principal a Contributor). A stack an administrator deploys may opt in with workspaceIdentity {type: user, ...}.",
            reviewBy: REVIEW_BY,
        },
    },
    {
        unless: "storageInfrastructureEncryption",
        exemption: {
            key: "storage-infrastructure-encryption",
            definitions: [BUILTIN.storageInfrastructureEncryption],
            policies: ["builtin-storage-infrastructure-encryption"],
            target: "storage",
            reason: "The storage account was created without infrastructure encryption (storageInfrastructureEncryption false), which can only be chosen when an account is created; moving to it means a new account and a data migration.",
            reviewBy: REVIEW_BY,
        },
    },
];

/** The exemptions a stack carries: none outside production (there the built-ins stay advisory findings). */
export function exemptionsFor(facts: ExemptionFacts): Exemption[] {
    if (!facts.production) return [];
    return [...ALWAYS, ...UNLESS_CHOSEN.filter((c) => !facts[c.unless]).map((c) => c.exemption)];
}

/** Pack config for a stack's exemptions: each exempted rule gets `exempt: true`; hardened-in-production skips them. */
export function exemptPolicies(exemptions: readonly Exemption[]): string[] {
    return [...new Set(exemptions.flatMap((e) => e.policies))].sort();
}

/** Whether an exemption can be declared: every one of its definitions has a reference id in the initiative. */
export function declarable(e: Exemption, referenceIds: Readonly<Record<string, string>>): boolean {
    return e.definitions.every((d) => (referenceIds[d.name] ?? "") !== "");
}

/** Text section of the offline plan: every exemption with its definitions, reason and review date. */
export function renderExemptions(exemptions: readonly Exemption[], declared: (e: Exemption) => boolean): string {
    const lines = [`Policy exemptions (lib/exemptions.ts): ${exemptions.length}`];
    for (const e of exemptions) {
        lines.push(
            `  ${e.key} on ${e.target}, review by ${e.reviewBy}, ${declared(e) ? "declared as PolicyExemption (Waiver)" : "not declared (no policyExemptions.assignmentId / reference id)"}`,
        );
        for (const d of e.definitions) lines.push(`    ${d.name} ${d.displayName} (${d.file})`);
        lines.push(`    why: ${e.reason}`);
    }
    return lines.join("\n");
}
