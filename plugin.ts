/**
 * The plugin entry: what `pulumi package add github.com/<org>/aml-stamp@v<version>` runs (PulumiPlugin.yaml). The
 * Node.js language host requires this directory, i.e. package.json `main` (this file, under ts-node), collects every
 * ComponentResource class exported here and serves them with componentProviderHost under the package name
 * `aml-stamp` (pulumi/pulumi sdk/nodejs/cmd/run-plugin/run.ts). Their schema is inferred from their args interfaces
 * by the SDK's analyzer (sdk/nodejs/provider/experimental/analyzer.ts), starting from this file (package.json
 * `exports` points at dist/, which the analyzer cannot map to a source, so it takes `main`), and committed as
 * schema.json (scripts/schema.ts, tests/schema.integration.spec.ts).
 *
 * It serves exactly the Stamp this repository's stacks and npm consumers declare: its args are the stack settings,
 * generated from config/ into analyzer-friendly interfaces (config/stampArgs.generated.ts), and it validates and
 * defaults them itself, so a Python or YAML program gets the errors `pulumi up` of this repository gives.
 */
export { Stamp } from "./components/stamp";
