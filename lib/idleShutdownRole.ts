/**
 * The custom role that lets a compute instance's managed identity shut the instance down when it is idle.
 *
 * Evidence: Azure ML documents that "the compute instance won't shut down due to inactivity unless the managed
 * identity has *contributor* access to the Azure Machine Learning workspace" (MicrosoftDocs/azure-ai-docs
 * articles/machine-learning/how-to-create-compute-instance.md, "Configure idle shutdown" and "Assign managed
 * identity"; repeated in how-to-identity-based-service-authentication.md). Contributor is privileged (RA-02): it can
 * delete the workspace and everything in the resource. Idle shutdown is the instance stopping itself, so the role
 * holds only the actions that do that and read what they act on. Each action name is verbatim from the resource
 * provider operations reference (MicrosoftDocs/azure-docs articles/role-based-access-control/permissions/
 * ai-machine-learning.md, section Microsoft.MachineLearningServices):
 * - `workspaces/read`            "Gets the Machine Learning Services Workspace(s)"
 * - `workspaces/computes/read`   "Gets the compute resources in Machine Learning Services Workspace(s)"
 * - `workspaces/computes/stop/action` "Stop compute resource in Machine Learning Services Workspace"
 *
 * Residual risk (docs/compute.md): Microsoft does not document which actions the idle-shutdown agent calls, only
 * that Contributor suffices. If an instance stops shutting down when idle, extend this list (reviewed like any
 * code); never fall back to Contributor. Assigned at the workspace, the identity can stop (not delete, start or
 * change) any compute in that workspace.
 */

export const IDLE_SHUTDOWN_ACTIONS = [
    "Microsoft.MachineLearningServices/workspaces/read",
    "Microsoft.MachineLearningServices/workspaces/computes/read",
    "Microsoft.MachineLearningServices/workspaces/computes/stop/action",
] as const;

export const IDLE_SHUTDOWN_ROLE_DESCRIPTION =
    "Lets an Azure ML compute instance identity stop computes when idle (idle shutdown), instead of Contributor. " +
    "Defined once per subscription by the aml-stamp platform; see docs/compute.md.";
