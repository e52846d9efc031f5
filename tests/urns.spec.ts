/**
 * URN stability: introducing the Stamp component re-parents every top-level component, which changes
 * every URN. tests/fixtures/urns-before-stamp.json holds the engine-form URNs of every committed team stack (and the
 * dev stack turned production, which declares what only production stacks have) as they were before Stamp; each
 * must be claimed by exactly one resource now, as its URN or an alias (tests/urns.ts resolves aliases as the engine
 * does), so no deployed resource is replaced or deleted.
 */
import assert from "node:assert/strict";
import * as fs from "fs";
import * as path from "path";
import { engineResources, recordEngineResources, urnClaims } from "./urns";
import { PRODUCTION } from "./helpers";

const BEFORE = JSON.parse(
    fs.readFileSync(path.join(__dirname, "fixtures", "urns-before-stamp.json"), "utf8"),
) as Record<string, string[]>;

const CASES: readonly { label: string; stack: string; config: Record<string, unknown> }[] = [
    { label: "dev", stack: "dev", config: {} },
    { label: "vision-dev", stack: "vision-dev", config: {} },
    // Recorded when production stacks defaulted to a stack-created user-assigned workspace identity; that default
    // changed since (config/identity.ts), so the case states it, to compare the same declarations before and after.
    {
        label: "dev+production",
        stack: "dev",
        config: { ...PRODUCTION, workspaceIdentity: { type: "user", create: true } },
    },
];

/**
 * URNs of the fixture that are no longer declared on purpose, with why. A production cluster's Storage Blob Data
 * Reader on the workspace default storage: its Storage Blob Data Contributor there (StorageDataAccess) holds every
 * Reader action, so the Reader assignment is not declared (config/spec.ts); deleting it takes no access away.
 */
const REMOVED: Readonly<Record<string, readonly string[]>> = {
    "dev+production": [
        "urn:pulumi:dev::aml-stamp::amlstamp:compute:ComputeCluster$azure-native:authorization:RoleAssignment::ml-platform-prod-cpu-storageBlobDataReader-storage",
    ],
};

const STAMP = "aml-stamp:index:Stamp";

/** Components new since 0.2.0: they and their children had no URN to keep, so they carry no alias. */
const NEW_SINCE_0_2_0 = ["amlstamp:cost:Budget", "amlstamp:protection:Locks", "amlstamp:data:Data"];
const isNew = (urn: string): boolean => NEW_SINCE_0_2_0.some((t) => urn.includes(`$${t}::`) || urn.includes(`$${t}$`));

describe("URN stability", () => {
    it("the fixture covers every committed team stack", () => {
        const root = path.join(__dirname, "..");
        const stacks = fs
            .readdirSync(root)
            .filter((f) => /^Pulumi\.[^.]+\.yaml$/.test(f))
            .map((f) => f.slice("Pulumi.".length, -".yaml".length));
        for (const s of stacks) assert.ok(s in BEFORE, `tests/fixtures/urns-before-stamp.json lacks stack ${s}`);
    });

    for (const c of CASES) {
        it(`${c.label}: every URN before Stamp is claimed by exactly one resource now`, async () => {
            const after = await recordEngineResources(c.stack, c.config);
            const removed = REMOVED[c.label] ?? [];
            const before = BEFORE[c.label]?.filter((u) => !removed.includes(u));
            assert.ok(before !== undefined && before.length > 0, c.label);
            for (const u of removed) assert.ok(!after.some((r) => r.urn === u), `${u} is still declared`);
            const claims = urnClaims(before, after);
            const problems = [...claims]
                .filter(([, by]) => by.length !== 1)
                .map(([u, by]) => `${u}: claimed by ${by.length === 0 ? "none" : by.join(", ")}`);
            assert.deepEqual(problems, []);
            // No two resources now share a URN (the engine refuses duplicate URNs).
            const urns = after.map((r) => r.urn);
            assert.equal(new Set(urns).size, urns.length);
            // 0.2.0's plugin layout: the plugin's Stamp had an inner Stamp of the same name holding every child.
            const inStamp = after.filter((r) => r.urn.includes(`::${STAMP}$`) && !isNew(r.urn));
            assert.ok(inStamp.length > 10);
            const missing = inStamp
                .map((r) => ({ r, old: r.urn.replace(`::${STAMP}$`, `::${STAMP}$${STAMP}$`) }))
                .filter(({ r, old }) => !r.aliases.includes(old))
                .map(({ old }) => old);
            assert.deepEqual(missing, [], "URNs of 0.2.0's plugin layout no resource claims");
        });
    }

    it("engine-form URNs carry the whole type chain, the mock's only the parent's type", () => {
        const records = [
            { urn: "urn:pulumi:s::p::A::a", type: "A", name: "a", parent: "", aliases: [] },
            { urn: "urn:pulumi:s::p::A$B::a-b", type: "B", name: "a-b", parent: "urn:pulumi:s::p::A::a", aliases: [] },
            {
                urn: "urn:pulumi:s::p::B$C::a-b-c",
                type: "C",
                name: "a-b-c",
                parent: "urn:pulumi:s::p::A$B::a-b",
                aliases: [],
            },
        ];
        assert.equal(engineResources(records, "s", "p")[2]?.urn, "urn:pulumi:s::p::A$B$C::a-b-c");
    });

    it("a noParent alias on a re-parented component is inherited by its children", () => {
        const records = [
            { urn: "urn:pulumi:s::p::S::x", type: "S", name: "x", parent: "", aliases: [] },
            {
                urn: "urn:pulumi:s::p::S$W::x",
                type: "W",
                name: "x",
                parent: "urn:pulumi:s::p::S::x",
                aliases: [{ name: "", type: "", stack: "", project: "", parentUrn: "", noParent: true }],
            },
            {
                urn: "urn:pulumi:s::p::W$R::x-rg",
                type: "R",
                name: "x-rg",
                parent: "urn:pulumi:s::p::S$W::x",
                aliases: [],
            },
        ];
        const [, w, r] = engineResources(records, "s", "p");
        assert.deepEqual(w?.aliases, ["urn:pulumi:s::p::W::x"]);
        assert.equal(r?.urn, "urn:pulumi:s::p::S$W$R::x-rg");
        assert.deepEqual(r?.aliases, ["urn:pulumi:s::p::W$R::x-rg"]);
    });
});
