/**
 * The offline runtime hands policies what the engine hands them, and the pack's stack rules read only what exists
 * there: resource policies get inputs, stack policies get outputs (pulumi/pulumi pkg/resource/deploy/
 * step_generator.go, `analyzeAll` vs `AnalyzeResources`), and azure-native v3 outputs are the properties the SDK class
 * declares as outputs (offline/sdkShapes.ts), never URL-only inputs such as `resourceUri`.
 */
import assert from "node:assert/strict";
import type { PolicyResource, StackValidationArgs } from "@pulumi/policy";
import { evaluateStack, type Evaluation, inputs, ofType, one, PRODUCTION } from "./helpers";
import { resourceArgs, runPolicies, stackResources } from "../offline/policies";
import { parseSdkClass, sdkModuleOf, sdkShape } from "../offline/sdkShapes";
import { ALL_RULES } from "../policy/policies";
import ra01ids from "../policy/policies/roleAssignment/principalTypeMatches";
import { stackPolicy, T, type StackRule } from "../policy/policies/kit";

/** A read of `key` on the props of a resource of `type`. */
interface Read {
    readonly rule: string;
    readonly urn: string;
    readonly type: string;
    readonly key: string;
}

/** Wraps each resource's props in a Proxy that records every property read (has-checks are not reads). */
function recording(resources: PolicyResource[], rule: string, reads: Read[]): PolicyResource[] {
    return resources.map((r) => ({
        ...r,
        props: new Proxy(r.props, {
            get(target, key, receiver) {
                if (typeof key === "string" && !(key in Object.prototype))
                    reads.push({ rule, urn: r.urn, type: r.type, key });
                return Reflect.get(target, key, receiver) as unknown;
            },
        }),
    }));
}

/** Runs one stack rule's CrossGuard policy over an evaluation and returns the props it read. */
async function readsOf(rule: StackRule, e: Evaluation, config: Record<string, unknown> = {}): Promise<Read[]> {
    const reads: Read[] = [];
    const args: StackValidationArgs = {
        resources: recording(stackResources(e.resources), rule.name, reads),
        stackTags: new Map(),
        getConfig: <T extends object>() => config as T,
        notApplicable: () => {
            throw new Error("not applicable");
        },
    };
    await rule.policy.validateStack(args, () => undefined);
    return reads;
}

/** The reads of a property that no resource of that type outputs. */
function notOutputs(e: Evaluation, reads: readonly Read[]): string[] {
    const bad = new Set<string>();
    for (const read of reads) {
        const declared = sdkShape(read.type)?.outputs;
        const outputs =
            declared ?? new Set(e.resources.filter((r) => r.type === read.type).flatMap((r) => Object.keys(r.outputs)));
        if (!outputs.has(read.key)) bad.add(`${read.rule} reads ${read.type}.${read.key}, which is not an output`);
    }
    return [...bad].sort();
}

const STACK_RULES = ALL_RULES.filter((r): r is StackRule => r.kind === "stack");

describe("offline runtime: what the engine hands policies", function () {
    this.timeout(120_000);
    let dev: Evaluation;
    let prod: Evaluation;
    before(async () => {
        dev = await evaluateStack();
        prod = await evaluateStack(PRODUCTION);
    });

    it("every custom resource's outputs are a subset of what its SDK class declares, with azureApiVersion", () => {
        for (const e of [dev, prod]) {
            for (const r of e.resources.filter((x) => x.custom)) {
                const shape = sdkShape(r.type);
                assert.ok(shape, `no SDK shape for ${r.type}`);
                for (const key of Object.keys(r.outputs)) {
                    assert.ok(shape.outputs.has(key), `${r.type} ${r.name}: ${key} is not an output of the SDK class`);
                }
                if (r.type.startsWith("azure-native:")) {
                    assert.equal(r.outputs["azureApiVersion"], shape.apiVersion, `${r.type}: azureApiVersion`);
                }
            }
        }
    });

    it("URL-only inputs are not outputs (diagnostic setting resourceUri, storage accountName, resourceGroupName)", () => {
        const diag = ofType(prod, T.diagnostics).find((r) => r.name.endsWith("-mlw-diag"))!;
        assert.ok(String(inputs(diag)["resourceUri"]).length > 0, "the program sends resourceUri");
        assert.equal("resourceUri" in diag.outputs, false);
        const st = one(dev, T.storage);
        assert.equal("accountName" in st.outputs, false);
        assert.equal("resourceGroupName" in st.outputs, false);
        assert.equal(st.outputs["name"], inputs(st)["accountName"], "Azure returns the account's name as name");
    });

    it("components have no provider outputs at registration; their outputs are what they registered", () => {
        const ws = prod.resources.find((r) => r.type === "amlstamp:workspace:Workspace");
        assert.ok(ws);
        assert.equal(ws.custom, false);
        assert.equal("azureApiVersion" in ws.outputs, false);
        assert.equal(ws.outputs["workspaceId"], one(prod, T.workspace).id);
    });

    it("resource policies get inputs; stack policies get outputs, parent, dependencies and propertyDependencies", () => {
        const diag = ofType(prod, T.diagnostics).find((r) => r.name.endsWith("-mlw-diag"))!;
        const workspace = one(prod, T.workspace);
        assert.ok(String(resourceArgs(diag).props["resourceUri"]).includes("Microsoft.MachineLearningServices"));
        const view = stackResources(prod.resources).find((r) => r.urn === diag.urn);
        assert.ok(view);
        assert.equal(view.props["resourceUri"], undefined);
        assert.deepEqual(
            view.propertyDependencies["resourceUri"]?.map((r) => r.urn),
            [workspace.urn],
        );
        assert.ok(view.dependencies.some((r) => r.urn === workspace.urn));
        assert.equal(view.parent?.urn, diag.parent);
        assert.equal(view.opts.parent, diag.parent);
    });

    it("outputs the SDK marks secret (additionalSecretOutputs) are secret, as the engine marks them", () => {
        const password = dev.resources.find((r) => r.type === T.password);
        assert.ok(password);
        assert.deepEqual(password.options.additionalSecretOutputs, ["value"]);
        const value = password.outputs["value"] as Record<string, unknown>;
        assert.equal(value["4dabf18193072939515e22adb298388d"], "1b47061264138c4ac30d75fd1eb44270");
    });

    for (const rule of STACK_RULES) {
        it(`stack rule ${rule.id} ${rule.name} reads only properties its resources output`, async () => {
            const reads = [
                ...(await readsOf(rule, dev)),
                ...(await readsOf(rule, prod)),
                // with production on, hardened-in-production re-runs the Hardened stack rules
                ...(await readsOf(rule, dev, { production: true })),
            ];
            assert.deepEqual(notOutputs(prod, reads), []);
        });
    }

    it("stack rules read no output that a first preview leaves unknown (one the program does not set)", async () => {
        // In a preview azure-native returns every response property missing from the inputs as unknown, and reading
        // an unknown makes @pulumi/policy skip the whole policy as advisory. (Not checked: nested values taken from
        // another resource, e.g. an id inside privateLinkServiceConnections, which are unknown too.)
        for (const e of [dev, prod]) {
            const byUrn = new Map(e.resources.map((r) => [r.urn, r]));
            for (const rule of STACK_RULES) {
                const reads = await readsOf(rule, e, { production: true });
                const unknown = reads.filter((read) => {
                    const r = byUrn.get(read.urn)!;
                    return !(read.key in r.inputs);
                });
                assert.deepEqual(
                    [...new Set(unknown.map((u) => `${rule.name} reads ${u.type}.${u.key}`))],
                    [],
                    `${e.stack}: values unknown during a first preview`,
                );
            }
        }
    });

    it("the Hardened resource rules run on inputs (resource half), not on outputs", async () => {
        const prodRule = STACK_RULES.find((r) => r.name === "hardened-in-production")!;
        const read = new Set((await readsOf(prodRule, prod, { production: true })).map((r) => r.type));
        for (const type of [T.storage, T.vault, T.registry, T.insights]) assert.ok(!read.has(type), type);
        const half = ALL_RULES.find((r) => r.name === "hardened-in-production-resources");
        assert.ok(half?.kind === "resource");
        for (const r of ALL_RULES.filter((x) => x.level === "hardened" && x.kind === "resource")) {
            if (r.kind === "resource") for (const t of r.types) assert.ok(half.types.includes(t), `${r.id}: ${t}`);
        }
    });

    it("RA-01 links each role assignment to a principal the stack creates through propertyDependencies.principalId", async () => {
        const assignments = dev.resources.filter((r) => r.type === T.roleAssignment);
        const linked = assignments.filter((r) => (r.propertyDependencies["principalId"] ?? []).length > 0);
        assert.ok(linked.length > 0, "some assignment's principal is created by the stack");
        const wrong = dev.resources.map((r) =>
            r === linked[0] ? { ...r, outputs: { ...r.outputs, principalType: "User" } } : r,
        );
        const found = await runPolicies(wrong, { rules: [ra01ids] });
        assert.equal(found.length, 1, JSON.stringify(found));
        assert.match(found[0]!.message, /created by this stack, but principalType is "User"/);
        assert.deepEqual(await runPolicies(dev.resources, { rules: [ra01ids] }), []);
    });

    it("the audit catches a stack rule that reads an input (WS-06 as it was: resourceUri)", async () => {
        const old = stackPolicy({
            id: "WS-06",
            name: "workspace-diagnostics-old",
            level: "hardened",
            description: "old",
            source: "test",
            check: (resources) => {
                resources.filter((r) => r.type === T.diagnostics).forEach((r) => r.props["resourceUri"]);
            },
        });
        assert.deepEqual(notOutputs(prod, await readsOf(old, prod)), [
            `workspace-diagnostics-old reads ${T.diagnostics}.resourceUri, which is not an output`,
        ]);
    });
});

describe("sdkShapes: output sets read from the generated SDK classes", () => {
    it("maps type tokens to SDK modules", () => {
        assert.equal(sdkModuleOf("azure-native:storage:StorageAccount"), "@pulumi/azure-native/storage/storageAccount");
        assert.equal(
            sdkModuleOf("azuread:index/applicationPassword:ApplicationPassword"),
            "@pulumi/azuread/applicationPassword",
        );
        assert.equal(sdkModuleOf("amlstamp:workspace:Workspace"), undefined);
    });
    it("reads the azure-native shape (else branch of the constructor) and the bridged shape (opts.id branch)", () => {
        const native = parseSdkClass(
            "azure-native:x:Y",
            `/** Uses Azure REST API version 2024-01-01. */ static __pulumiType = 'azure-native:x:Y';
            if (!opts.id) { resourceInputs["scope"] = args?.scope; resourceInputs["a"] = args?.a; resourceInputs["b"] = undefined /*out*/; }
            else { resourceInputs["a"] = undefined /*out*/; resourceInputs["b"] = undefined /*out*/; }
            opts = pulumi.mergeOptions(utilities.resourceOptsDefaults(), opts);`,
        );
        assert.deepEqual([...native.outputs], ["a", "b"]);
        assert.equal(native.apiVersion, "2024-01-01");
        const bridged = parseSdkClass(
            "p:index/y:Y",
            `static __pulumiType = 'p:index/y:Y';
            if (opts.id) { const state = argsOrState; resourceInputs["a"] = state?.a; resourceInputs["v"] = state?.v; }
            else { const args = argsOrState; resourceInputs["a"] = args?.a; resourceInputs["v"] = undefined /*out*/; }
            const secretOpts = { additionalSecretOutputs: ["v"] };`,
        );
        assert.deepEqual([...bridged.outputs], ["a", "v"]);
        assert.deepEqual(bridged.secretOutputs, ["v"]);
    });
    it("refuses a file that does not declare the type, or has no output branch", () => {
        assert.throws(() => parseSdkClass("a:b:C", "static __pulumiType = 'a:b:D';", "f.js"), /f\.js does not declare/);
        assert.throws(() => parseSdkClass("a:b:C", "static __pulumiType = 'a:b:C';", "f.js"), /no output branch/);
    });
    it("the installed diagnostic setting class does not output resourceUri", () => {
        const shape = sdkShape(T.diagnostics)!;
        assert.equal(shape.outputs.has("resourceUri"), false);
        assert.ok(shape.outputs.has("logs") && shape.outputs.has("workspaceId"));
    });
});
