import assert from "node:assert/strict";
import { ALL_RULES } from "../policies";
import type { Rule } from "../policies/kit";
import * as LIST from "../policies/rules";
import { ruleFiles } from "../../scripts/policyDocs";

/**
 * The pack's policy names are its public contract: stacks' pack config (offline/stackConfig.ts
 * policyConfigFor, Pulumi.<stack>.yaml exemptions) and CI address policies by name, so a rename is a breaking
 * change. This is the list as it was when the rules moved into per-resource folders (issue 14); change it only with
 * a migration of every stack's policy config.
 */
const NAMES = [
    "compute-local-auth-disabled",
    "compute-instance-idle-shutdown",
    "compute-network-isolated",
    "compute-no-public-ssh",
    "compute-cluster-scales-to-zero",
    "compute-vm-size-allowed",
    "compute-no-public-ip",
    "workspace-public-access-disabled",
    "workspace-private-endpoint-group",
    "workspace-customer-managed-key",
    "workspace-approved-outbound-only",
    "workspace-diagnostics",
    "workspace-identity-datastores",
    "key-vault-soft-delete",
    "key-vault-purge-protection",
    "key-vault-rbac-authorization",
    "key-vault-network-closed",
    "storage-no-blob-public-access",
    "storage-tls-1-2",
    "storage-https-only",
    "storage-no-shared-key",
    "storage-network-closed",
    "storage-no-cross-tenant-replication",
    "storage-blob-soft-delete",
    "storage-no-local-users",
    "registry-no-admin-user",
    "registry-no-anonymous-pull",
    "registry-public-access-disabled",
    "app-insights-workspace-based",
    "app-insights-no-local-auth",
    "role-assignment-principal-type",
    "role-assignment-principal-type-matches",
    "role-assignment-not-privileged",
    "role-assignment-narrow-scope",
    "role-assignment-count",
    "custom-role-least-privilege",
    "entra-password-end-date",
    "federated-credential-well-formed",
    "conditional-access-covers-aml",
    "builtin-storage-infrastructure-encryption",
    "builtin-storage-sas-policy",
    "builtin-storage-sas-max-7-days",
    "builtin-registry-exports-disabled",
    "builtin-registry-arm-audience-disabled",
    "builtin-app-insights-no-public-network",
    "builtin-log-analytics-no-public-network",
    "builtin-workspace-private-dns-zones",
    "builtin-workspace-diagnostics-profile",
    "builtin-workspace-user-assigned-identity",
    "builtin-workspace-cmk-v2",
    "builtin-compute-in-vnet",
    "builtin-workspace-v1-legacy-mode",
    "builtin-workspace-diagnostics-enabled",
    "builtin-storage-blob-diagnostics",
    "builtin-key-vault-diagnostics",
    "builtin-key-vault-diagnostics-audit-group",
    "builtin-registry-diagnostics-audit-group",
    "hardened-in-production-resources",
    "hardened-in-production",
    "first-preview-linked-inputs",
];

/** Per resource folder, the policy-name prefix its file names drop. */
const PREFIX: Readonly<Record<string, string>> = {
    compute: "compute-",
    workspace: "workspace-",
    keyVault: "key-vault-",
    storage: "storage-",
    registry: "registry-",
    appInsights: "app-insights-",
    logAnalytics: "log-analytics-",
    roleAssignment: "role-assignment-",
    customRole: "custom-role-",
    entra: "entra-",
};

const camel = (kebab: string): string => kebab.replace(/-(\w)/g, (_, c: string) => c.toUpperCase());

/** The file a rule lives in: <folder>/<camelCase of the name without "builtin-" and the folder's prefix>. */
function fileFor(folder: string, name: string): string {
    const builtin = name.startsWith("builtin-");
    const rest = builtin ? name.slice("builtin-".length) : name;
    const prefix = PREFIX[folder]!;
    const base = camel(rest.startsWith(prefix) ? rest.slice(prefix.length) : rest);
    return `${folder}/${builtin ? `builtin${base[0]!.toUpperCase()}${base.slice(1)}` : base}.ts`;
}

describe("policy layout: rules by resource, named after their policy, listed once", () => {
    it("keeps every CrossGuard policy name, in order", () => {
        assert.deepEqual(
            ALL_RULES.map((r) => r.name),
            NAMES,
        );
    });

    it("lists each rule once in rules.ts under its policy name in camelCase", () => {
        for (const [key, rule] of Object.entries(LIST)) assert.equal(key, camel((rule as Rule).name));
        const listed = Object.values(LIST) as Rule[];
        assert.equal(new Set(listed).size, listed.length);
        assert.deepEqual(ALL_RULES.slice(0, listed.length), listed);
    });

    it("keeps every rule file in its resource folder, named after the policy, and in the list", () => {
        // By name: a test run may load the rule modules afresh (require cache cleared), so objects can differ.
        const listed = new Set((Object.values(LIST) as Rule[]).map((r) => r.name));
        const files = ruleFiles();
        assert.deepEqual([...new Set(files.map((f) => f.file.split("/")[0]))], Object.keys(PREFIX).sort());
        assert.equal(files.length, listed.size, "every rule file is listed in rules.ts, and nothing else is");
        for (const { file, rule } of files) {
            assert.ok(listed.has(rule.name), `${file} is not in policy/policies/rules.ts`);
            assert.equal(file, fileFor(file.split("/")[0]!, rule.name), `${rule.name} lives in ${file}`);
        }
    });
});
