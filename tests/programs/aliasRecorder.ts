/**
 * A test program (tests/urns.spec.ts): the team program (index.ts), with every registration's type, name, parent and
 * alias specs recorded as the engine receives them (the offline runtime keeps only the number of aliases). The
 * records are left on `globalThis[ALIAS_RECORDS]` for the spec to read. Not a stack: only the offline runtime runs it.
 */
import * as pulumi from "@pulumi/pulumi";
import { ALIAS_RECORDS, type RecordedRegistration } from "../urns";

interface AliasProto {
    getUrn(): string;
    getSpec():
        | {
              getName(): string;
              getType(): string;
              getStack(): string;
              getProject(): string;
              getParenturn(): string;
              getNoparent(): boolean;
          }
        | undefined;
}
interface Req {
    getType(): string;
    getName(): string;
    getParent(): string;
    getAliasesList(): AliasProto[];
}
interface Monitor {
    registerResource(req: Req, callback: (err: unknown, resp?: { getUrn(): string }) => void): void;
}

const records: RecordedRegistration[] = [];
(globalThis as Record<symbol, unknown>)[ALIAS_RECORDS] = records;
const monitor = pulumi.runtime.getMonitor() as unknown as Monitor;
const original = monitor.registerResource.bind(monitor);
monitor.registerResource = (req, callback) => {
    original(req, (err, resp) => {
        if (!err && resp !== undefined) {
            records.push({
                urn: resp.getUrn(),
                type: req.getType(),
                name: req.getName(),
                parent: req.getParent(),
                aliases: req.getAliasesList().map((a) => {
                    const spec = a.getSpec();
                    if (spec === undefined) return { urn: a.getUrn() };
                    return {
                        name: spec.getName(),
                        type: spec.getType(),
                        stack: spec.getStack(),
                        project: spec.getProject(),
                        parentUrn: spec.getParenturn(),
                        noParent: spec.getNoparent(),
                    };
                }),
            });
        }
        callback(err, resp);
    });
};

// eslint-disable-next-line @typescript-eslint/no-require-imports
module.exports = require("../../index");
