import type * as pulumi from "@pulumi/pulumi";
import type { StampId } from "../../lib/names";

/**
 * What every private builder of the Workspace component (components/workspace.ts) shares: the component's name and
 * the component itself as the parent of each resource, so names and parents stay those of the single constructor
 * they were split from (tests/urns.spec.ts).
 */
export interface WorkspaceContext {
    /** The Workspace component's name; every child is `${name}-<suffix>`. */
    readonly name: string;
    /** The Workspace component: parent of every child, and the resource a ResourceError names. */
    readonly parent: pulumi.Resource;
    readonly id: { readonly team: string; readonly environment: string };
    readonly location: string;
    readonly tags: Record<string, string>;
    readonly protect: boolean;
    readonly hardened: boolean;
    readonly resourceGroupName: pulumi.Output<string>;
    /** Team, environment and the random suffix of the globally unique names. */
    readonly stampId: pulumi.Output<StampId>;
}
