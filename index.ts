/**
 * aml-stamp: one secure Azure ML environment per stack. Declares the package's one Stamp (components/stamp.ts) from the
 * stack's config, as any consumer of the package would with its own settings (the Stamp validates and defaults them),
 * and exports its outputs: nothing else lives here (see docs/architecture.md).
 */
import { loadStampArgs } from "./config/stampArgs";
import { Stamp } from "./components/stamp";

const { name, args } = loadStampArgs();
const stamp = new Stamp(name, args);

// The stack outputs are the Stamp's outputs, documented there (components/stamp.ts).
export const {
    clientConfig,
    workspace,
    computes,
    automation,
    servicePrincipalEnv,
    secretRotation,
    onlineEndpoints,
    access,
} = stamp;
