/**
 * The plugin entry: what `pulumi package add github.com/<org>/aml-stamp@v<version>` runs (PulumiPlugin.yaml). The
 * Node.js language host requires this directory, i.e. package.json `main` ("plugin" → this file under ts-node),
 * collects every ComponentResource class exported here and serves them with componentProviderHost under the package
 * name `aml-stamp` (pulumi/pulumi sdk/nodejs/cmd/run-plugin/run.ts). Their schema is inferred from their args
 * interfaces by the SDK's analyzer (sdk/nodejs/provider/experimental/analyzer.ts) and committed as schema.json
 * (tests/schema.spec.ts keeps it current).
 *
 * Export only components the analyzer accepts and whose type token is `aml-stamp:index:<ClassName>`: one
 * unsupported type in any exported component's args or public members stops the whole plugin (getSchema throws).
 * The finer components (package.ts) use literal unions, readonly arrays and inline object types, which the analyzer
 * refuses, so they are for TypeScript programs only (docs/packaging.md).
 */
export {};
