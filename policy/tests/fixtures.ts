/**
 * Fixtures for the policy tests: resources as the offline evaluation registers them, run through the same adapter
 * the offline plan uses (offline/policies.ts), so every test also exercises the CrossGuard wrapper.
 */
import type { Registered } from "../../offline/evaluate";
import { providerOutputs } from "../../offline/mocks";
import { runPolicies } from "../../offline/policies";
import { sdkShape } from "../../offline/sdkShapes";
import type { Props, Rule } from "../policies/kit";

export const SUB = "/subscriptions/00000000-0000-4000-8000-00000000a001";
export const RG = `${SUB}/resourceGroups/rg-team-dev`;

/** How a fixture resource links to others (the engine's parent, dependencies and propertyDependencies). */
export interface Links {
    readonly parent?: Registered;
    readonly dependencies?: readonly Registered[];
    /** Per input property, the resources its value came from. */
    readonly propertyDependencies?: Readonly<Record<string, readonly Registered[]>>;
}

/**
 * A custom resource as the offline runtime records it: `outputs` are what the mocks' provider returns for `inputs`
 * (only the properties the SDK declares as outputs), overridden by `outputs` (each must be a declared output).
 */
export function resource(
    type: string,
    name: string,
    inputs: Props,
    outputs: Props = {},
    links: Links = {},
): Registered {
    const declared = sdkShape(type)?.outputs;
    for (const key of Object.keys(outputs)) {
        if (declared !== undefined && !declared.has(key))
            throw new Error(`fixture: ${key} is not an output of ${type}`);
    }
    const urnsOf = (rs: readonly Registered[] | undefined): string[] => (rs ?? []).map((r) => r.urn);
    return {
        urn: `urn:pulumi:dev::aml-stamp::${type}::${name}`,
        id: `${name}-id`,
        type,
        name,
        parent: links.parent?.urn ?? "",
        custom: true,
        inputs,
        outputs: { ...providerOutputs(type, name, inputs), ...outputs },
        dependencies: [
            ...new Set([
                ...urnsOf(links.dependencies),
                ...Object.values(links.propertyDependencies ?? {}).flatMap(urnsOf),
            ]),
        ],
        propertyDependencies: Object.fromEntries(
            Object.entries(links.propertyDependencies ?? {}).map(([k, rs]) => [k, urnsOf(rs)]),
        ),
        options: {
            protect: false,
            deleteBeforeReplace: false,
            replaceOnChanges: [],
            ignoreChanges: [],
            retainOnDelete: false,
            aliases: 0,
            additionalSecretOutputs: [],
        },
    };
}

/** The violation messages one rule reports over some resources. */
export async function violations(
    rule: Rule,
    resources: Registered[],
    config: Record<string, unknown> = {},
): Promise<string[]> {
    const found = await runPolicies(resources, { rules: [rule], config: { [rule.name]: config } });
    return found.map((v) => v.message);
}

/** A deep copy of `props` with `path` set to `value` (`undefined` deletes it). */
export function mutate(props: Props, path: string, value: unknown): Props {
    const copy = structuredClone(props);
    const parts = path.split(".");
    let node = copy as Record<string, unknown>;
    for (const part of parts.slice(0, -1)) {
        if (node[part] === undefined || node[part] === null || typeof node[part] !== "object") node[part] = {};
        node = node[part] as Record<string, unknown>;
    }
    const last = parts[parts.length - 1]!;
    if (value === undefined) delete node[last];
    else node[last] = value;
    return copy;
}

export interface Case {
    /** Test title of the mutation. */
    readonly title: string;
    readonly path: string;
    readonly value: unknown;
    /** What the violation message must say. */
    readonly expect: RegExp;
}
