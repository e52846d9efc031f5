/**
 * Engine-form URNs and aliases, for tests/urns.spec.ts: a deployed stack's state holds URNs whose type part is the
 * whole chain of ancestor types (`A$B$C`), while the mock monitor builds a URN from the immediate parent's type only
 * (@pulumi/pulumi runtime/mocks.js `newUrn`). These helpers rebuild the engine's form from the registered parent
 * chain and resolve alias specs as the engine does (pulumi/pulumi pkg/resource/deploy/step_generator.go
 * `generateAliasURN` and `inheritedChildAlias`: an alias with `noParent`, or whose parent is the root stack, has no
 * parent type; a child inherits one alias per alias of its parent, with the parent alias's type chain, and with the
 * parent's name prefix replaced by the parent alias's name).
 */

/** Where tests/programs/aliasRecorder.ts leaves its records. */
export const ALIAS_RECORDS = Symbol.for("aml-stamp.tests.aliasRecords");

/** An alias as the engine receives it: a full URN, or a spec. Empty strings mean "not set". */
export type RecordedAlias =
    | { readonly urn: string }
    | {
          readonly name: string;
          readonly type: string;
          readonly stack: string;
          readonly project: string;
          readonly parentUrn: string;
          readonly noParent: boolean;
      };

/** One registration, as the mock monitor saw it (`urn` and `parent` in the mock's form). */
export interface RecordedRegistration {
    readonly urn: string;
    readonly type: string;
    readonly name: string;
    readonly parent: string;
    readonly aliases: readonly RecordedAlias[];
}

/** A resource with its engine-form URN and the engine-form URNs of its aliases (own and inherited). */
export interface EngineResource {
    readonly urn: string;
    readonly aliases: readonly string[];
}

const ROOT_STACK_TYPE = "pulumi:pulumi:Stack";

function createUrn(stack: string, project: string, parentUrn: string, type: string, name: string): string {
    const parentType = parentUrn === "" ? "" : `${parentUrn.split("::")[2] ?? ""}$`;
    return `urn:pulumi:${stack}::${project}::${parentType}${type}::${name}`;
}

function urnName(urn: string): string {
    return urn.substring(urn.lastIndexOf("::") + 2);
}

/** Every registration in the engine's form, with its resolved aliases. */
export function engineResources(
    records: readonly RecordedRegistration[],
    stack: string,
    project: string,
): EngineResource[] {
    const byMockUrn = new Map(records.map((r) => [r.urn, r]));
    const resolved = new Map<string, EngineResource>();
    const resolve = (r: RecordedRegistration): EngineResource => {
        const done = resolved.get(r.urn);
        if (done !== undefined) return done;
        const parentRecord = r.parent === "" ? undefined : byMockUrn.get(r.parent);
        if (r.parent !== "" && parentRecord === undefined)
            throw new Error(`${r.urn}: parent ${r.parent} not registered`);
        const parent = parentRecord === undefined ? undefined : resolve(parentRecord);
        const parentUrn = parent === undefined || parentRecord?.type === ROOT_STACK_TYPE ? "" : parent.urn;
        const urn = createUrn(stack, project, parentUrn, r.type, r.name);
        const aliases = new Set<string>();
        for (const a of r.aliases) {
            if ("urn" in a) {
                aliases.add(a.urn);
                continue;
            }
            let aliasParent = parentUrn;
            if (a.noParent) aliasParent = "";
            else if (a.parentUrn !== "") {
                // A parent declared now (mock form), or a URN of one that no longer exists (taken as written).
                const p = byMockUrn.get(a.parentUrn);
                aliasParent = p === undefined ? a.parentUrn : p.type === ROOT_STACK_TYPE ? "" : resolve(p).urn;
            }
            aliases.add(
                createUrn(a.stack || stack, a.project || project, aliasParent, a.type || r.type, a.name || r.name),
            );
        }
        if (parent !== undefined && parentRecord !== undefined) {
            for (const parentAlias of parent.aliases) {
                const name = r.name.startsWith(parentRecord.name)
                    ? urnName(parentAlias) + r.name.substring(parentRecord.name.length)
                    : r.name;
                aliases.add(createUrn(stack, project, parentAlias, r.type, name));
            }
        }
        aliases.delete(urn);
        const out = { urn, aliases: [...aliases].sort() };
        resolved.set(r.urn, out);
        return out;
    };
    return records.map(resolve);
}

/**
 * Maps each URN of `before` to the resources of `after` that claim it (as their URN or an alias). A refactoring keeps
 * every deployed resource when each URN before is claimed by exactly one resource after.
 */
export function urnClaims(before: readonly string[], after: readonly EngineResource[]): Map<string, string[]> {
    const claims = new Map<string, string[]>(before.map((u) => [u, []]));
    for (const r of after) {
        for (const u of new Set([r.urn, ...r.aliases])) claims.get(u)?.push(r.urn);
    }
    return claims;
}

/** The engine-form resources of one evaluation of the team program (index.ts) through the alias recorder. */
export async function recordEngineResources(
    stack: string,
    config: Record<string, unknown> = {},
): Promise<EngineResource[]> {
    const path = await import("path");
    const { evaluate } = await import("../offline/evaluate");
    const e = await evaluate({ stack, config, program: path.join(__dirname, "programs", "aliasRecorder.ts") });
    const records = (globalThis as Record<symbol, unknown>)[ALIAS_RECORDS] as RecordedRegistration[] | undefined;
    if (records === undefined) throw new Error("the alias recorder did not run");
    return engineResources(records, stack, e.project);
}
