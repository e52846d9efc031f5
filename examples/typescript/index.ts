/**
 * A team's own Pulumi program consuming aml-stamp as an npm package (`npm install aml-stamp`), by name.
 * tests/package.spec.ts packs this repository (`npm pack`), installs the tarball next to a copy of this file,
 * type-checks it against the packed declarations and evaluates it offline under the same mocks as the stacks.
 * Not deployed from here: `pulumi up` in a project of your own does that.
 */
import * as authorization from "@pulumi/azure-native/authorization";
import { Workspace } from "aml-stamp";

const client = authorization.getClientConfigOutput();

const ws = new Workspace("vision-dev", {
    team: "vision",
    environment: "dev",
    location: "westeurope",
    tenantId: client.tenantId,
    tags: { costCenter: "ml-42" },
});

/** What `MLClient.from_config()` reads (docs/consuming.md). */
export const clientConfig = {
    subscription_id: client.subscriptionId,
    resource_group: ws.resourceGroupName,
    workspace_name: ws.workspace.name,
};
