/**
 * Component-level unit tests ("Tests at two levels"): construct ONE component under the project's shared
 * mocks (offline/mocks.ts), like pulumi/examples `testing-unit-ts`, and look at what it registered. A small recorder
 * around the mock monitor keeps each registration's type, name, parent URN and inputs, as offline/evaluate.ts does.
 */
import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { mocks } from "../../offline/mocks";
import { readProject, ROOT } from "../../offline/stackConfig";
import { isSecretValue, type MonitorLike, type Registered, unwrapSecrets } from "../../offline/evaluate";

export { promiseOf } from "../../offline/evaluate";

/** The subscription and tenant the component specs pass. */
export const SUB = "00000000-0000-4000-8000-00000000c001";
export const TENANT = "00000000-0000-4000-8000-00000000c003";
/** The team environment every component spec builds, and the names of its resource group and workspace. */
export const STAMP = { team: "vision", environment: "dev", location: "westeurope" } as const;
export const IN_WORKSPACE = { ...STAMP, resourceGroupName: "rg-vision-dev", workspaceName: "mlw-vision-dev" } as const;

/**
 * One registration the component made (or the component itself): what offline/evaluate.ts records of a resource
 * (its `parent` is "" for the component under test), plus the raw inputs.
 */
export interface Recorded extends Pick<Registered, "urn" | "type" | "name" | "parent" | "custom"> {
    /** Inputs as sent, with secret values as wrappers (see `secretInput`). */
    readonly raw: Record<string, unknown>;
    /** Plain inputs (secret wrappers removed). */
    readonly inputs: Record<string, unknown>;
    /** URNs it depends on, as sent (`dependsOn` and the resources its inputs came from). */
    readonly dependencies: readonly string[];
}

export interface Constructed<C> {
    readonly component: C;
    /** The component's own registration. */
    readonly self: Recorded;
    /** Every resource registered under it (children and their descendants), in registration order. */
    readonly children: readonly Recorded[];
    /** The children of one type token. */
    ofType(type: string): Recorded[];
}

/** True when the input at `path` (e.g. `"properties", "value"`) was sent as a secret, or sits inside one. */
export function secretInput(r: Recorded, ...path: string[]): boolean {
    let value: unknown = r.raw;
    for (const key of path) {
        if (isSecretValue(value)) return true;
        value = (value as Record<string, unknown> | undefined)?.[key];
    }
    return isSecretValue(value);
}

/**
 * Sets the shared mocks (project name from Pulumi.yaml, stack `unit`), constructs the component named `name` with `build` (which
 * `await import()`s the component module) and waits until every registration has answered.
 */
export async function construct<C extends pulumi.ComponentResource>(
    name: string,
    build: () => Promise<C>,
): Promise<Constructed<C>> {
    await pulumi.runtime.setMocks(mocks, readProject(ROOT).name, "unit", false);
    const records: Recorded[] = [];
    const failures: unknown[] = [];
    let pending = 0;
    const monitor = pulumi.runtime.getMonitor() as unknown as MonitorLike;
    const original = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req, callback) => {
        pending++;
        original(req, (err, resp) => {
            pending--;
            if (err) failures.push(err);
            else if (resp !== undefined) {
                const raw = req.getObject()?.toJavaScript() ?? {};
                records.push({
                    urn: resp.getUrn(),
                    type: req.getType(),
                    name: req.getName(),
                    parent: req.getParent(),
                    custom: req.getCustom(),
                    raw,
                    inputs: unwrapSecrets(raw) as Record<string, unknown>,
                    dependencies: req.getDependenciesList(),
                });
            }
            callback(err, resp);
        });
    };
    const component = await build();
    for (let quiet = 0; quiet < 5;) {
        await new Promise((r) => setImmediate(r));
        quiet = pending === 0 ? quiet + 1 : 0;
    }
    if (failures.length > 0) throw failures[0];
    const self = records.find((r) => !r.custom && r.name === name);
    if (self === undefined) throw new Error(`component ${name} did not register`);
    const children = records.filter((r) => r !== self);
    return { component, self, children, ofType: (type) => children.filter((r) => r.type === type) };
}

/** Every child is parented to the component and named from its instance name (`<name>-…`, convention 2). */
export function assertChildrenOf(c: Constructed<pulumi.ComponentResource>, name: string): void {
    for (const r of c.children) {
        assert.equal(r.parent, c.self.urn, `${r.type} ${r.name} is parented to the component`);
        assert.ok(r.name.startsWith(`${name}-`), `${r.name} derives from the instance name`);
    }
}
