/**
 * Secret config values keep their secretness. The Pulumi CLI tells the program which config keys hold secrets in
 * `PULUMI_CONFIG_SECRET_KEYS` (a JSON array of `project:key`: the engine sends `Config.SecureKeys()`,
 * pulumi/pulumi `pkg/resource/deploy/source_eval.go`, and the Node.js language host puts them in that variable,
 * `sdk/nodejs/cmd/pulumi-language-nodejs/main.go` `constructConfigSecretKeys`); the SDK answers `isConfigSecret(key)` from
 * it (pulumi/pulumi `sdk/nodejs/runtime/config.ts`; the runtime store copies the variable in
 * `sdk/nodejs/runtime/state.ts`). The offline runtime hands the same list to `pulumi.runtime.setAllConfig(config,
 * secretKeys)` for every `secure:` value of the stack file (offline/stackConfig.ts), so both paths agree.
 *
 * `pulumi.runtime.allConfig()` and `pulumi.Config.get` return a secret's plain text without any mark (only
 * `getSecret`/`requireSecret` wrap it in a secret Output; the warning for `get` on a secret is disabled,
 * pulumi/pulumi#7127, `sdk/nodejs/config.ts` `getImpl`). No key of this project is read as a secret: every value
 * goes into resource names, tags or settings that Azure and the Pulumi state keep in clear text. So a secret value
 * for a project key is refused, naming the key, rather than silently written out in plain text.
 */
import * as pulumi from "@pulumi/pulumi";
import { ConfigError } from "./errors";

/** The keys of `raw` that the Pulumi runtime reports secret (PULUMI_CONFIG_SECRET_KEYS). */
export function secretConfigKeys(raw: Readonly<Record<string, string>>): string[] {
    // `isConfigSecret` is exported by @pulumi/pulumi's runtime but marked @internal (absent from its typings).
    const runtime = pulumi.runtime as unknown as { isConfigSecret?: (key: string) => boolean };
    if (typeof runtime.isConfigSecret !== "function") {
        throw new Error(
            "@pulumi/pulumi no longer exports runtime.isConfigSecret: config/secrets.ts needs a new source",
        );
    }
    return Object.keys(raw)
        .filter((k) => runtime.isConfigSecret!(k))
        .sort();
}

/** Throws a `ConfigError` naming every project key whose value is secret (provider keys are the provider's). */
export function refuseSecretValues(secretKeys: readonly string[], project: string): void {
    const mine = secretKeys.filter((k) => k.startsWith(`${project}:`));
    if (mine.length === 0) return;
    throw new ConfigError(
        mine.map((key) => ({
            key,
            value: "[secret]",
            message:
                "is set as a secret (a `secure:` value in the stack file, or `pulumi config set --secret`), but this " +
                "project reads no key as a secret: the value would go into resource names, tags or settings in clear " +
                `text. Set it without --secret (\`pulumi config set ${key.slice(project.length + 1)} <value>\`), or keep the secret out of stack config`,
        })),
    );
}
