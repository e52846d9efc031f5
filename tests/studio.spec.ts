/**
 * Studio on production (docs/hardening.md, "Studio on production"): the closed default storage gets blob and file
 * private endpoints in the team's subnet with their DNS zone groups, and the workspace identity Reader on each
 * (how-to-managed-network.md, "Azure Machine Learning studio").
 */
import assert from "node:assert/strict";
import { ROLES } from "../lib/roles";
import {
    type Evaluation,
    evaluateStack,
    inputs,
    ofType,
    one,
    outputs,
    PRODUCTION,
    PRODUCTION_SUBNET,
    PRODUCTION_ZONES,
    rejectsConfig,
    roleGuid,
} from "./helpers";
import { T } from "./tokens";

describe("studio on production: the default storage's blob and file private endpoints", () => {
    let prod: Evaluation;
    let dev: Evaluation;
    before(async () => {
        prod = await evaluateStack(PRODUCTION);
        dev = await evaluateStack();
    });

    for (const sub of ["blob", "file"] as const) {
        it(`${sub}: a private endpoint to the storage account in the team's subnet, its zone group, Reader for the workspace identity`, () => {
            const storage = one(prod, T.storage);
            const pe = ofType(prod, T.privateEndpoint).find((r) => r.name === `ml-platform-prod-st-${sub}-pe`);
            assert.ok(
                pe,
                ofType(prod, T.privateEndpoint)
                    .map((r) => r.name)
                    .join(", "),
            );
            assert.equal(pe.parent, one(prod, T.workspaceComponent).urn);
            const peIn = inputs(pe);
            assert.equal(peIn["privateEndpointName"], `pe-st-${sub}-ml-platform-prod`);
            assert.equal((peIn["subnet"] as Record<string, unknown>)["id"], PRODUCTION_SUBNET);
            assert.deepEqual(peIn["privateLinkServiceConnections"], [
                { name: sub, privateLinkServiceId: storage.id, groupIds: [sub] },
            ]);
            assert.ok(pe.propertyDependencies["privateLinkServiceConnections"]?.includes(storage.urn));

            const dns = ofType(prod, T.privateDnsZoneGroup).find((r) => r.name === `ml-platform-prod-st-${sub}-pe-dns`);
            assert.ok(dns);
            const zone = PRODUCTION_ZONES.find((z) => z.endsWith(`privatelink.${sub}.core.windows.net`));
            assert.deepEqual(inputs(dns)["privateDnsZoneConfigs"], [
                { name: `privatelink-${sub}-core-windows-net`, privateDnsZoneId: zone },
            ]);
            assert.equal(inputs(dns)["privateEndpointName"], peIn["privateEndpointName"]);

            const reader = ofType(prod, T.roleAssignment).find(
                (r) => r.name === `ml-platform-prod-st-${sub}-pe-reader`,
            );
            assert.ok(reader);
            const ra = inputs(reader);
            assert.equal(roleGuid(ra), ROLES.reader.id);
            assert.equal(ra["scope"], pe.id);
            assert.equal(ra["principalType"], "ServicePrincipal");
            const ws = one(prod, T.workspace);
            assert.equal(ra["principalId"], (outputs(ws)["identity"] as Record<string, unknown>)["principalId"]);
        });
    }

    it("the workspace endpoint's zone group keeps only the two Azure ML zones", () => {
        const dns = ofType(prod, T.privateDnsZoneGroup).find((r) => r.name === "ml-platform-prod-mlw-pe-dns");
        assert.ok(dns);
        assert.deepEqual(
            (inputs(dns)["privateDnsZoneConfigs"] as { privateDnsZoneId: string }[]).map((c) => c.privateDnsZoneId),
            PRODUCTION_ZONES.slice(0, 2),
        );
    });

    it("the grants are in the access matrix (the workspace's grants output)", () => {
        const records = outputs(one(prod, T.workspaceComponent))["grants"] as { resourceName: string; role: string }[];
        for (const sub of ["blob", "file"]) {
            const r = records.find((x) => x.resourceName === `ml-platform-prod-st-${sub}-pe-reader`);
            assert.equal(r?.role, "Reader");
        }
    });

    it("dev stacks get no storage endpoints", () => {
        assert.equal(ofType(dev, T.privateEndpoint).length, 0);
    });

    it("a production stack without a storage zone is refused, naming the missing zone", async () => {
        const message = await rejectsConfig(
            { ...PRODUCTION, privateDnsZoneIds: PRODUCTION_ZONES.slice(0, 3) },
            "privateDnsZoneIds",
            /production stacks require privatelink\.blob\.core\.windows\.net and privatelink\.file\.core\.windows\.net too; missing: privatelink\.file\.core\.windows\.net/,
        );
        assert.ok(!message.includes("missing: privatelink.blob"), message);
    });
});
