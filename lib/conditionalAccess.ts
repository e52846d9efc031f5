/**
 * Conditional Access facts the stamp relies on: which Entra applications a policy must target to cover Azure ML.
 * Used by config/access.ts (the default of `conditionalAccess.applications`) and the policy rule
 * policy/policies/entra/conditionalAccessCoversAml.ts.
 */

/** Application (client) ids a Conditional Access policy targets by default; see docs/access.md for the choice. */
export const DEFAULT_CA_APPLICATIONS = [
    // Azure Machine Learning Workbench Web App = Azure ML studio (how-to-setup-authentication.md, "Use Conditional Access").
    "d7304df8-741f-47d3-9bc2-df0e24e2071f",
    // Azure AI Studio App (same page).
    "cb2ff863-7f30-4ced-ab89-a00194bcf6d9",
    // "Azure Machine Learning" first-party app: direct API access (SDK, CLI v2, REST). Full id from Entra's first-party
    // table (MicrosoftDocs/entra-docs docs/identity/monitoring-health/reference-service-principal-table.md); AML pages
    // print it without the 4b46 group.
    "0736f41a-0425-4b46-bdb5-1563eff02385",
] as const;
