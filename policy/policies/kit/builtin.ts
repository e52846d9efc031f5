/**
 * Rules that mirror one Microsoft built-in Azure Policy definition each (lib/exemptions.ts BUILTIN). The
 * rule id is `AZ-<first 8 hex of the definition GUID>` and every message starts with the definition's file name, so
 * a finding names the built-in it mirrors. Level Hardened: advisory on every stack, mandatory on production stacks
 * (hardened-in-production). A stack's documented exemption (lib/exemptions.ts) turns the rule off through its pack
 * config `exempt: true`; hardened-in-production skips the rules listed in its `exempt` config.
 */
import type { PolicyConfigSchema } from "@pulumi/policy";
import type { BuiltinDefinition } from "../../../lib/exemptions";
import {
    checkSettings,
    type InputsOf,
    type Report,
    type ResourceRule,
    resourcePolicy,
    type StackResource,
    type SdkClass,
    type Settings,
    type StackRule,
    stackPolicy,
    switchSchema,
    typeToken,
} from ".";

/** The `exempt` switch every built-in rule takes (set by policyConfigFor from lib/exemptions.ts). */
export const EXEMPT_SCHEMA: PolicyConfigSchema = switchSchema(
    "exempt",
    "The stack carries a documented exemption from this built-in definition (lib/exemptions.ts).",
);

function ruleId(def: BuiltinDefinition): string {
    return `AZ-${def.name.slice(0, 8)}`;
}

function fileLabel(def: BuiltinDefinition): string {
    return (def.file.split("/").pop() ?? def.file).replace(/\.json$/, "");
}

interface BuiltinCommon {
    readonly definition: BuiltinDefinition;
    /** CrossGuard name, `builtin-…`. */
    readonly name: string;
    /** What the stack must set to pass (input paths of the TypeScript args). */
    readonly description: string;
    /** Inputs holding another resource's id (kit ResourceRule `linked`). */
    readonly linked?: readonly string[];
}

/** The metadata every built-in rule shares: id and source from the definition, level Hardened, the exempt switch. */
function builtinMeta(def: Omit<BuiltinCommon, "linked">) {
    return {
        id: ruleId(def.definition),
        name: def.name,
        level: "hardened" as const,
        description: `${def.definition.displayName}: ${def.description}`,
        source: `Azure Policy ${def.definition.name} (${def.definition.file})`,
        configSchema: EXEMPT_SCHEMA,
    };
}

export function builtinResourceRule<C extends SdkClass>(
    cls: C,
    def: BuiltinCommon & { check: (props: InputsOf<C>, report: Report) => void },
): ResourceRule {
    const label = fileLabel(def.definition);
    return resourcePolicy({
        ...builtinMeta(def),
        types: [typeToken(cls)],
        ...(def.linked !== undefined ? { linked: def.linked } : {}),
        check: (props, report, config) => {
            if (config["exempt"] === true) return;
            def.check(props as InputsOf<C>, (m) => report(`${label}: ${m}`));
        },
    });
}

/** A built-in rule whose whole check is settings that must meet expectations (kit Settings, expectAt). */
export function builtinSettingsRule<C extends SdkClass>(
    cls: C,
    def: BuiltinCommon & { readonly settings: Settings },
): ResourceRule {
    const { settings, ...common } = def;
    return builtinResourceRule(cls, { ...common, check: checkSettings(settings) });
}

export function builtinStackRule(
    def: BuiltinCommon & {
        check: (resources: readonly StackResource[], report: (message: string, urn?: string) => void) => void;
    },
): StackRule {
    const label = fileLabel(def.definition);
    return stackPolicy({
        ...builtinMeta(def),
        check: (resources, report, config) => {
            if (config["exempt"] === true) return;
            def.check(resources, (m, urn) => report(`${label}: ${m}`, urn));
        },
    });
}
