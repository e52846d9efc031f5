/**
 * Config resolves into the stamp spec (issue 14): roles as catalog roles, dates as dates, names derived, defaults
 * applied once; components take plain typed args and never import config/ at run time.
 */
import assert from "node:assert/strict";
import * as fs from "fs";
import * as path from "path";
import { parseDev, PRODUCTION } from "./helpers";
import { resolveStamp } from "../config/spec";
import { ROLES } from "../lib/roles";
import { computeName } from "../lib/compute";

describe("stamp spec (config/spec.ts)", () => {
    it("resolves compute grants into catalog roles, applying the default once", () => {
        const spec = resolveStamp(parseDev());
        for (const c of [...Object.values(spec.computeClusters), ...Object.values(spec.computeInstances)]) {
            assert.ok(c.roles.length > 0);
            for (const g of c.roles) assert.equal(ROLES[g.key], g.role);
        }
        const unset = resolveStamp(parseDev({ computeClusters: { cpu: { vmSize: "Standard_DS3_v2", maxNodes: 2 } } }));
        assert.deepEqual(unset.computeClusters["cpu"]?.roles, [
            { key: "storageBlobDataReader", role: ROLES.storageBlobDataReader, scope: "storage" },
        ]);
    });

    it("resolves automation roles, the rotation epoch, the stamp name and the production profile", () => {
        const cfg = parseDev();
        const spec = resolveStamp(cfg);
        assert.equal(spec.name, `${cfg.team}-${cfg.environment}`);
        assert.ok(spec.rotationEpoch instanceof Date);
        assert.equal(spec.rotationEpoch.toISOString().slice(0, 10), cfg.rotationEpoch);
        assert.deepEqual(
            spec.automationRoles.map((r) => r.name),
            cfg.automation.roles,
        );
        assert.equal(spec.hardened, false);
        const prod = resolveStamp(parseDev(PRODUCTION));
        assert.equal(prod.hardened, true);
        assert.equal(prod.keyVaultPurgeProtection, true);
        assert.equal(prod.imageBuildComputeName, computeName("cpu", prod.config.team, prod.config.environment));
    });

    it("components never import config/ at run time (type-only imports at most)", () => {
        const dir = path.join(__dirname, "..", "components");
        const offenders = fs
            .readdirSync(dir)
            .filter((f) => f.endsWith(".ts"))
            .filter((f) =>
                /^import (?!type )[^;]*from "\.\.\/config/m.test(fs.readFileSync(path.join(dir, f), "utf8")),
            );
        assert.deepEqual(offenders, []);
    });

    it("index.ts does no role lookup and no cast: loadStampSpec → new Stamp → exports", () => {
        const text = fs.readFileSync(path.join(__dirname, "..", "index.ts"), "utf8");
        assert.doesNotMatch(text, /lookupRole|\bas [A-Z]|\?\?/);
        assert.match(text, /new Stamp\(/);
    });
});
