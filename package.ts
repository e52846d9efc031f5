/**
 * aml-stamp as a package: the public surface, one entry point (package.json `exports`). A team's own Pulumi program
 * declares `new Stamp(name, { team, environment, ... })` (its settings are the stack settings of this repository,
 * generated from config/ with their docs; `stampDefaults()` gives every default), or composes the finer components.
 * This repository's stacks declare the same Stamp (index.ts). Everything exported here is semver-governed
 * (CHANGELOG.md, docs/packaging.md): renaming or removing an export, an args field or a component type token is a
 * breaking change. Doc comments live with the declarations, not here.
 */
export * from "./components/stamp";
export type * from "./config/stampArgs.generated";
export { stampDefaults, type StampDefaults } from "./config/stampArgs";
export { Workspace, type WorkspaceArgs } from "./components/workspace";
export { ComputeCluster, type ComputeClusterArgs } from "./components/computeCluster";
export { ComputeInstance, type ComputeInstanceArgs, type InstanceSchedule } from "./components/computeInstance";
export { type ComputeCommonArgs, type ComputeGrantScopes } from "./components/computeAccess";
export {
    AutomationPrincipal,
    type AutomationPrincipalArgs,
    type FederatedCredentialArgs,
    type SlotReport,
    type SecretRotationReport,
} from "./components/automationPrincipal";
export { type DeclaredCustomRole, platformCustomRole } from "./components/customRoles";
export { HumanAccess, type HumanAccessArgs, type ExtraAccessLevel, type AccessScope } from "./components/humanAccess";
export { ConditionalAccess, type ConditionalAccessArgs } from "./components/conditionalAccess";
export { PolicyExemptions, type PolicyExemptionsArgs } from "./components/policyExemptions";
export { grant, type GrantArgs, type GrantRecord, type Principal, type PrincipalKind } from "./components/access";
