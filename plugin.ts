/**
 * The plugin entry: what `pulumi package add github.com/<org>/aml-stamp@v<version>` runs (PulumiPlugin.yaml). The
 * Node.js language host requires this directory, i.e. package.json `main` (this file, under ts-node), collects every
 * ComponentResource class exported here and serves them with componentProviderHost under the package name
 * `aml-stamp` (pulumi/pulumi sdk/nodejs/cmd/run-plugin/run.ts). Their schema is inferred from their args interfaces
 * by the SDK's analyzer (sdk/nodejs/provider/experimental/analyzer.ts), starting from this file (package.json
 * `exports` points at dist/, which the analyzer cannot map to a source, so it takes `main`), and committed as
 * schema.json (tests/schema.spec.ts keeps it current).
 *
 * Why a plugin face of the Stamp instead of exporting components/stamp.ts: its args are the resolved stamp spec
 * (`StampSpec`, config/spec.ts, which holds the `StackConfig` inferred from zod schemas: literal unions, inline
 * object types, readonly arrays), which the analyzer refuses ("Unsupported type for component 'Stamp' property
 * 'StampSpec.config'"), and one refused component stops
 * the whole plugin. This face takes what a stack file holds, applies Pulumi.yaml's defaults and validates it with
 * config/ and resolves it (config/spec.ts `resolveStamp`) exactly as `pulumi up` of this repository does (so errors
 * name `aml-stamp:<key>`, the value and what is allowed), then declares the Stamp as its only child.
 */
import * as pulumi from "@pulumi/pulumi";
import * as path from "path";
import { parseConfig } from "./config";
import { resolveStamp } from "./config/spec";
import { Stamp as StampOfConfig } from "./components/stamp";
import { readStackConfig } from "./offline/stackConfig";

/** Arguments of the plugin's {@link Stamp}: the values a `Pulumi.<team>-<env>.yaml` of this repository holds. */
export interface StampArgs {
    /** Team name, part of every Azure resource name (config key `team`). Required. */
    team: string;
    /** Environment name: dev, test, prod, ... (config key `environment`). Required. */
    environment: string;
    /**
     * Every other stack config key of aml-stamp, by its name without the `aml-stamp:` prefix (`location`,
     * `production`, `computeClusters`, `access`, ...: Pulumi.yaml `config:` documents each with its default), with
     * the value a stack file would hold (structured keys as objects). Default: none (every Pulumi.yaml default).
     */
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the analyzer maps `any` to pulumi.json#/Any; `unknown` it refuses
    config?: Record<string, any>;
}

/**
 * One secure Azure ML environment for one team in one environment (components/stamp.ts), for programs in every
 * Pulumi language. Type token `aml-stamp:index:Stamp`.
 */
export class Stamp extends pulumi.ComponentResource {
    /** Azure ML workspace name (`workspace_name` of `.azureml/config.json`). */
    readonly workspaceName: pulumi.Output<string>;
    /** Resource group of the workspace (`resource_group` of `.azureml/config.json`). */
    readonly resourceGroupName: pulumi.Output<string>;
    /** Subscription of the workspace (`subscription_id` of `.azureml/config.json`). */
    readonly subscriptionId: pulumi.Output<string>;
    /** ARM id of the workspace. */
    readonly workspaceId: pulumi.Output<string>;
    /** Principal id of the workspace's identity. */
    readonly workspacePrincipalId: pulumi.Output<string>;

    constructor(name: string, args: StampArgs, opts?: pulumi.ComponentResourceOptions) {
        super("aml-stamp:index:Stamp", name, {}, opts);
        const overrides: Record<string, unknown> = { ...(args.config ?? {}) };
        for (const [key, value] of Object.entries(overrides)) {
            if (pulumi.Output.isInstance(value)) {
                throw new Error(
                    `aml-stamp Stamp ${name}: config.${key} is an output; config values must be plain values ` +
                        "(they decide which resources exist)",
                );
            }
        }
        overrides["team"] = args.team;
        overrides["environment"] = args.environment;
        const raw = readStackConfig(name, overrides, path.join(__dirname), { config: {} });
        const spec = resolveStamp(parseConfig(raw.config));
        const inner = new StampOfConfig(name, { spec }, { parent: this });
        this.workspaceName = inner.clientConfig.workspace_name;
        this.resourceGroupName = inner.clientConfig.resource_group;
        this.subscriptionId = inner.clientConfig.subscription_id;
        this.workspaceId = inner.workspace.id;
        this.workspacePrincipalId = inner.workspace.principalId;
        this.registerOutputs({
            workspaceName: this.workspaceName,
            resourceGroupName: this.resourceGroupName,
            subscriptionId: this.subscriptionId,
            workspaceId: this.workspaceId,
            workspacePrincipalId: this.workspacePrincipalId,
        });
    }
}
