/** The arguments every per-key child of the workspace takes (computes, online endpoints): where it lives. */
import type * as pulumi from "@pulumi/pulumi";

/** Where a compute or an online endpoint lives and what its Azure name derives from. */
export interface WorkspaceChildArgs {
    /**
     * Stable config key of the compute or endpoint (e.g. `cpu`, `alice`, `score`); its Azure name derives from it
     * (`<key>-<team tag>` for computes, `<key>-<team>-<environment>` for endpoints, lib/names.ts). Required.
     */
    key: string;
    /** Team name (validated by config); part of the Azure name. Required. */
    team: string;
    /** Environment name (validated by config); part of the Azure name. Required. */
    environment: string;
    /** Azure region (the workspace's; its children cannot live elsewhere). Required. */
    location: string;
    /** Resource group of the workspace. Required. */
    resourceGroupName: pulumi.Input<string>;
    /** Name of the Azure ML workspace. Required. */
    workspaceName: pulumi.Input<string>;
}
