/**
 * aml-stamp platform: deployed once per subscription by an administrator (docs/platform.md). Reads the validated
 * platform config and the guardrails, declares the shared custom role definitions, the state backend and the two
 * secret-free CI identities, and exports what the repository needs. Nothing else lives here.
 */
import * as pulumi from "@pulumi/pulumi";
import * as authorization from "@pulumi/azure-native/authorization";
import * as resources from "@pulumi/azure-native/resources";
import * as azuread from "@pulumi/azuread";
import { loadPlatformConfig } from "./config";
import type { GitHubVariable } from "./github";
import { loadGuardrails } from "../config/guardrails";
import { CustomRoleDefinitions, roleDefinitionArgs } from "./components/customRoleDefinitions";
import { StateBackend } from "./components/stateBackend";
import { type CiGrant, CiIdentity } from "./components/ciIdentity";
import { CONDITION_VERSION } from "../lib/abac";
import {
    CI_AZURE_ROLES,
    ciScopeLabel,
    deployerCondition,
    deployerConditionReadable,
    federatedSubjects,
    graphAppRoles,
    MICROSOFT_GRAPH_APP_ID,
    POLICY_EXEMPTION_REASON,
    POLICY_EXEMPTION_ROLE,
} from "../lib/platform";
import { LOCK_WRITER_REASON, LOCK_WRITER_ROLE, type RoleShape, sharedCustomRoleDefinition } from "../lib/customRoles";

const cfg = loadPlatformConfig();
const guardrails = loadGuardrails();
const client = authorization.getClientConfigOutput();
const subscriptionScope = pulumi.interpolate`/subscriptions/${client.subscriptionId}`;
const name = "aml-stamp-platform";

// 1. The shared custom roles: defined once, at the subscription, before any team stack assigns them.
const customRoles = new CustomRoleDefinitions(`${name}-roles`, { subscriptionId: client.subscriptionId });

// 3. The state backend and its secrets provider key.
const rg = new resources.ResourceGroup(
    `${name}-rg`,
    { resourceGroupName: cfg.resourceGroup, location: cfg.location, tags: cfg.tags },
    { protect: cfg.protect },
);
const backend = new StateBackend(`${name}-state`, {
    resourceGroupName: rg.name,
    location: cfg.location,
    tenantId: client.tenantId,
    storageAccountName: cfg.stateStorageAccount,
    containerName: cfg.stateContainer,
    keyVaultName: cfg.stateKeyVault,
    keyName: cfg.secretsKeyName,
    softDeleteDays: cfg.stateSoftDeleteDays,
    tags: cfg.tags,
    protect: cfg.protect,
});

// 2. The CI identities. Graph application permissions are app role assignments on the tenant's Graph service principal.
const graph = azuread.getServicePrincipalOutput({ clientId: MICROSOFT_GRAPH_APP_ID });
const trust = {
    repository: cfg.repository,
    defaultBranch: cfg.defaultBranch,
    deployEnvironment: cfg.deployEnvironment,
    previewEnvironment: cfg.previewEnvironment,
};
const conditionalAccess = guardrails.conditionalAccess.allowed;
const owners = cfg.owners.length > 0 ? cfg.owners : undefined;

const scopes = { subscription: subscriptionScope, stateContainer: backend.containerId, stateKey: backend.keyId };
const condition = client.subscriptionId.apply((sub) => deployerCondition(sub));
/** The grants of an identity, from lib/platform.ts CI_AZURE_ROLES (the README's deployer section is built from it). */
const grantsOf = (identity: "preview" | "deploy"): CiGrant[] =>
    CI_AZURE_ROLES[identity].map((r) => ({
        key: r.key,
        role: { builtIn: r.role },
        scope: scopes[r.scope],
        scopeLabel: ciScopeLabel(r.scope),
        reason: r.reason,
        ...(identity === "deploy" ? { platformDeployer: true } : {}),
        ...(r.conditioned === true
            ? {
                  condition: {
                      expression: condition.condition,
                      version: CONDITION_VERSION,
                      readable: deployerConditionReadable(),
                  },
              }
            : {}),
    }));

/** One of the deploy identity's own custom roles: its definition and the grant at the subscription. */
const deployerRoleGrant = (shape: RoleShape, resource: string, key: string, reason: string): CiGrant => {
    const def = client.subscriptionId.apply((sub) => sharedCustomRoleDefinition(shape, sub));
    const role = new authorization.RoleDefinition(`${name}-${resource}`, roleDefinitionArgs(def));
    return {
        key,
        role: {
            custom: {
                name: shape.title,
                // Named after the definition's id, so that the assignment waits for the definition.
                id: pulumi
                    .all([role.id, subscriptionScope, def.roleDefinitionId])
                    .apply(([, scope, guid]) => `${scope}/providers/Microsoft.Authorization/roleDefinitions/${guid}`),
            },
        },
        scope: subscriptionScope,
        scopeLabel: ciScopeLabel("subscription"),
        reason,
    };
};

// The deploy identity's exemption role: only when team stacks may declare policy exemptions (guardrails).
const exemptionGrants: CiGrant[] = guardrails.policyExemptions.allowed
    ? [
          deployerRoleGrant(
              POLICY_EXEMPTION_ROLE,
              "policy-exemption-role",
              "policy-exemptions-subscription",
              POLICY_EXEMPTION_REASON,
          ),
      ]
    : [];
// The deploy identity's lock role: production stamps lock their workspace, storage and key vault (docs/locks.md).
const lockGrants: CiGrant[] = [
    deployerRoleGrant(LOCK_WRITER_ROLE, "lock-role", "locks-subscription", LOCK_WRITER_REASON),
];

const preview = new CiIdentity(`${name}-preview`, {
    displayName: "aml-stamp-ci-preview",
    purpose: "pulumi preview of the team stacks from pull requests (read-only on Azure resources).",
    federatedSubjects: federatedSubjects("preview", trust),
    graphAppRoles: graphAppRoles("preview", conditionalAccess),
    graphServicePrincipalId: graph.objectId,
    owners,
    subscriptionId: client.subscriptionId,
    grants: grantsOf("preview"),
});
// The deploy identity waits for the custom role definitions: its condition names their GUIDs.
const deploy = new CiIdentity(
    `${name}-deploy`,
    {
        displayName: "aml-stamp-ci-deploy",
        purpose: "pulumi up of the team stacks from the default branch.",
        federatedSubjects: federatedSubjects("deploy", trust),
        graphAppRoles: graphAppRoles("deploy", conditionalAccess),
        graphServicePrincipalId: graph.objectId,
        owners,
        subscriptionId: client.subscriptionId,
        grants: [...grantsOf("deploy"), ...exemptionGrants, ...lockGrants],
    },
    { dependsOn: [customRoles] },
);

/** The Entra tenant of the identities. */
export const tenantId = client.tenantId;
/** The subscription the platform (and every team stack) deploys to. */
export const subscriptionId = client.subscriptionId;
/** Client ids of the CI identities (plain: no credential; federated only). */
export const previewClientId = preview.clientId;
export const deployClientId = deploy.clientId;
/** `pulumi login` URL of the state backend. */
export const backendUrl = backend.backendUrl;
/** `--secrets-provider` URL for every stack. */
export const secretsProviderUrl = backend.secretsProviderUrl;
/** The custom role definition ids, by key. */
export const customRoleIds = Object.fromEntries(Object.entries(customRoles.roles).map(([k, r]) => [k, r.id]));
/** The deploy identity's ABAC condition in words (the exact expression is on its role assignment). */
export const deployerAssignmentCondition = deployerConditionReadable();
/** The repository and its variables: `npm run platform:gh-variables` prints the `gh variable set` lines. */
export const repository = cfg.repository;
export const githubVariables: Record<GitHubVariable, pulumi.Input<string>> = {
    AZURE_TENANT_ID: client.tenantId,
    AZURE_SUBSCRIPTION_ID: client.subscriptionId,
    AZURE_PREVIEW_CLIENT_ID: preview.clientId,
    AZURE_DEPLOY_CLIENT_ID: deploy.clientId,
    PULUMI_BACKEND_URL: backend.backendUrl,
    PULUMI_SECRETS_PROVIDER: backend.secretsProviderUrl,
    PULUMI_STATE_STORAGE_ACCOUNT: cfg.stateStorageAccount,
};
