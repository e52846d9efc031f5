/**
 * A team's own Pulumi program consuming aml-stamp as an npm package (`npm install aml-stamp`), by name: the whole
 * stamp from only its team and environment. Every other setting takes the default docs/config.md documents
 * (`stampDefaults()` lists them); the Stamp validates what it is given as `pulumi up` of aml-stamp does.
 * tests/package.integration.spec.ts packs this repository (`npm pack`), installs the tarball next to a copy of this file,
 * type-checks it against the packed declarations and evaluates it offline: it declares what this repository's stack
 * with only team and environment in its stack file declares. Not deployed from here: `pulumi up` in a project of your
 * own does that.
 */
import { Stamp } from "aml-stamp";

const stamp = new Stamp("vision-dev", { team: "vision", environment: "dev" });

/** What `MLClient.from_config()` reads: `pulumi stack output clientConfig --json > .azureml/config.json`. */
export const clientConfig = stamp.clientConfig;
export const workspace = stamp.workspace;
export const computes = stamp.computes;
export const automation = stamp.automation;
export const servicePrincipalEnv = stamp.servicePrincipalEnv;
export const secretRotation = stamp.secretRotation;
export const onlineEndpoints = stamp.onlineEndpoints;
export const access = stamp.access;
