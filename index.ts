/**
 * aml-stamp: one secure Azure ML environment per stack. Declares the package's one Stamp (components/stamp.ts) from the
 * stack's config, as any consumer of the package would with its own settings (the Stamp validates and defaults them),
 * and exports its outputs: nothing else lives here (see docs/architecture.md).
 */
import { loadStampArgs } from "./config/stampArgs";
import { Stamp } from "./components/stamp";

const { name, args } = loadStampArgs();
const stamp = new Stamp(name, args);

/**
 * Exactly what `MLClient.from_config()` reads from `.azureml/config.json`:
 * `pulumi stack output clientConfig --json > .azureml/config.json` (components/stamp.ts `clientConfig`).
 */
export const clientConfig = stamp.clientConfig;
/** The workspace: ARM id, name, region, the principal id of its identity and its user-assigned identity id. */
export const workspace = stamp.workspace;
/** Every compute by config key: cluster or instance, its Azure name and the principal id of its identity. */
export const computes = stamp.computes;
/** The automation principal's ids (plain: no credential). */
export const automation = stamp.automation;
/** `AZURE_CLIENT_ID`, `AZURE_TENANT_ID`, `AZURE_CLIENT_SECRET` lines for a `.env` (secret): `npm run write-credentials`. */
export const servicePrincipalEnv = stamp.servicePrincipalEnv;
/** Rotation windows of the two client-secret slots, their end dates and the next rotation (plain). */
export const secretRotation = stamp.secretRotation;
/** Every online endpoint by config key: its Azure name, scoring URI and the principal id of its identity. */
export const onlineEndpoints = stamp.onlineEndpoints;
/**
 * Access: the stack's role assignment counts (lib/counts.ts: declared, to groups, to identities, by Azure, total; the
 * same numbers as the offline plan's), custom role ids, and the Conditional Access policy if any.
 */
export const access = stamp.access;
