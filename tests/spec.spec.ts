/**
 * Config resolves into the stamp spec: roles as catalog roles, dates as dates, names derived, defaults
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
        assert.ok(spec.automation?.rotationEpoch instanceof Date);
        assert.equal(spec.automation.rotationEpoch.toISOString().slice(0, 10), cfg.rotationEpoch);
        assert.deepEqual(
            spec.automation.roles.map((r) => r.name),
            cfg.automation.roles,
        );
        assert.equal(spec.production, false);
        assert.equal(spec.workspace.hardened, false);
        const prod = resolveStamp(parseDev(PRODUCTION));
        assert.equal(prod.production, true);
        assert.equal(prod.workspace.hardened, true);
        assert.equal(prod.workspace.keyVaultPurgeProtection, true);
        assert.equal(prod.workspace.imageBuildCompute, computeName("cpu", prod.config.team, prod.config.environment));
        assert.equal(prod.storageDataAccess, true);
    });

    it("gives each component its part: automation only when enabled, endpoints with their callers, CA when enabled", () => {
        const off = resolveStamp(parseDev({ automation: { enabled: false }, onlineEndpoints: {} }));
        assert.equal(off.automation, undefined);
        assert.equal(off.conditionalAccess, undefined);
        const group = "11111111-1111-1111-1111-111111111111";
        const cfg = parseDev({
            access: { dataScientists: [group] },
            onlineEndpoints: { score: { callers: { groups: [group], automationPrincipal: true } } },
        });
        // The platform's guardrails refuse Conditional Access here; the spec's shape does not depend on them.
        const on = resolveStamp({ ...cfg, conditionalAccess: { ...cfg.conditionalAccess, enabled: true } });
        assert.deepEqual(on.conditionalAccess?.groups, [group]);
        assert.equal(on.conditionalAccess.displayName, `aml-stamp ${on.name}: Azure ML sign-in`);
        assert.deepEqual(on.onlineEndpoints["score"]?.callerGroups, [group]);
        assert.equal(on.onlineEndpoints["score"].automationCaller, true);
    });

    it("the Stamp wires components from the spec's parts and reads no config (spec.config is for tools)", () => {
        const text = fs.readFileSync(path.join(__dirname, "..", "components", "stamp.ts"), "utf8");
        assert.doesNotMatch(text, /spec\.config|\bcfg\./);
    });

    it("components never import config/ at run time (type-only imports at most), but the Stamp's one entry", () => {
        const dir = path.join(__dirname, "..", "components");
        const runtime = (f: string): string[] =>
            [
                ...fs
                    .readFileSync(path.join(dir, f), "utf8")
                    .matchAll(/^import (?!type )([^;]*)from "\.\.\/config[^"]*"/gm),
            ].map((m) => m[1]!.replace(/\s+/g, " ").trim());
        const offenders = fs
            .readdirSync(dir)
            .filter((f) => f.endsWith(".ts") && f !== "stamp.ts")
            .filter((f) => runtime(f).length > 0);
        assert.deepEqual(offenders, []);
        // The Stamp validates and resolves its args once (resolveStampArgs); everything else it imports is types.
        assert.deepEqual(runtime("stamp.ts"), ["{ type ResolvedCompute, resolveStampArgs }"]);
    });

    it("index.ts does no role lookup and no cast: loadStampArgs → new Stamp → exports", () => {
        const text = fs.readFileSync(path.join(__dirname, "..", "index.ts"), "utf8");
        assert.doesNotMatch(text, /lookupRole|\bas [A-Z]|\?\?|resolveStamp/);
        assert.match(text, /new Stamp\(name, args\)/);
    });
});
