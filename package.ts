/**
 * aml-stamp as a package: the public surface, one entry point (package.json `exports`). A team's own Pulumi program
 * imports the components from here (`import { Workspace } from "aml-stamp"`); this repository's stacks do the same
 * through index.ts. Everything exported here is semver-governed (CHANGELOG.md, docs/packaging.md): renaming or
 * removing an export, an args field or a component type token is a breaking change.
 */
export { Stamp, type StampArgs, type StampCompute, type StampEndpoint } from "./components/stamp";
export { Workspace, type WorkspaceArgs } from "./components/workspace";
export { ComputeCluster, type ComputeClusterArgs } from "./components/computeCluster";
export { ComputeInstance, type ComputeInstanceArgs, type InstanceSchedule } from "./components/computeInstance";
export { type ComputeCommonArgs, type ComputeGrantScopes } from "./components/computeAccess";
export {
    AutomationPrincipal,
    type AutomationPrincipalArgs,
    type FederatedCredentialArgs,
    type SlotReport,
} from "./components/automationPrincipal";
export { type DeclaredCustomRole, platformCustomRole } from "./components/customRoles";
export { HumanAccess, type HumanAccessArgs, type ExtraAccessLevel, type AccessScope } from "./components/humanAccess";
export { ConditionalAccess, type ConditionalAccessArgs } from "./components/conditionalAccess";
export { PolicyExemptions, type PolicyExemptionsArgs } from "./components/policyExemptions";
export { grant, type GrantArgs, type GrantRecord, type Principal, type PrincipalKind } from "./components/access";
