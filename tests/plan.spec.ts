/**
 * The plan a reviewer reads at a glance. Each test failed on the code before this change:
 * the counts disagreed between views (32 vs 39 resources, 8 vs 12 role assignments), the replace list was printed
 * twice, the key vault expiry was epoch seconds, the 14 shared advisory findings were listed one by one with the
 * resource name twice, there was no summary, no Markdown and none of the reviewer warnings.
 */
import assert from "node:assert/strict";
import { azureMadeAssignments, azureMadeSourcesOf, roleAssignmentCounts, stackCounts } from "../lib/counts";
import { planAll } from "../offline/planAll";
import { platformPolicyConfig, policyConfigFor, runPolicies } from "../offline/policies";
import { accessMarkdown, planModel, renderMarkdown, renderText, type PlanModel } from "../offline/render";
import { main as plan } from "../scripts/plan";
import {
    devWithSecretInVault,
    type Evaluation,
    evaluatePlatform,
    evaluateStack,
    parseDev,
    PRODUCTION,
    runCommand,
} from "./helpers";

async function planOf(overrides: Record<string, unknown> = {}): Promise<{ e: Evaluation; m: PlanModel }> {
    const e = await evaluateStack(overrides);
    const cfg = parseDev(overrides);
    const violations = await runPolicies(e.resources, { config: policyConfigFor(cfg) });
    return { e, m: planModel(e, violations) };
}

describe("the offline plan at a glance", () => {
    let dev: { e: Evaluation; m: PlanModel };
    let text: string;
    before(async () => {
        dev = await planOf();
        text = renderText(dev.m);
    });

    it("starts with what the stack is, its counts, public exposure, outbound reach and who can do what", () => {
        const head = text.split("\n").slice(0, 6).join("\n");
        assert.match(head, /team ml-platform, environment dev, not production, region westeurope/);
        assert.match(
            head,
            /33 Azure and Entra resources; 19 role assignments: 15 declared \(9 to groups, 6 to identities\) \+ 4 Azure ML makes itself/,
        );
        assert.match(head, /reachable from public networks: .*workspace/);
        assert.match(head, /reaches outbound: the internet/);
        assert.match(head, /who can do what/);
    });

    it("uses the same numbers in the text plan, --json, plan --all and the access stack output", async () => {
        const c = dev.m.summary.counts;
        assert.equal(dev.m.resourceCount, c.resources);
        assert.equal(dev.m.access.roleAssignments, c.roleAssignments.declared);
        assert.equal(dev.m.access.grants.length, c.roleAssignments.declared);
        const output = dev.e.outputs["access"]!.value as { roleAssignments: unknown };
        assert.deepEqual(output.roleAssignments, c.roleAssignments);
        assert.deepEqual(stackCounts(dev.e.resources, dev.e.grants), c);
        const all = await planAll({ stacks: ["dev"] });
        assert.deepEqual(all.results[0]!.counts, c);
        assert.equal(all.results[0]!.resources, c.resources);
    });

    it("prints each replace warning once and dates as dates", async () => {
        assert.equal(text.split("computeInstanceAuthorizationType").length - 1, 1, "instance replace list once");
        assert.equal(text.split("remoteLoginPortPublicAccess, ").length - 1, 0, "no full path list in the flags");
        // The vault copy of the automation secret carries the date (dev keeps it out of the vault its cluster reads).
        const stored = renderText((await planOf(devWithSecretInVault())).m);
        assert.match(stored, /properties\.attributes\.expires: \d{4}-\d{2}-\d{2} \(epoch \d+\)/);
    });

    it("shortens grant reasons in the text, keeps the full source in --json", () => {
        assert.doesNotMatch(text, /learn\.microsoft\.com/);
        assert.ok(dev.m.access.grants.every((g) => g.why.length <= 100 && g.reason.length >= g.why.length));
        assert.ok(dev.m.access.grants.some((g) => g.reason.includes("learn.microsoft.com")));
    });

    it("collapses the advisory findings of Hardened rows on a non-production stack into one line, without repeated names", () => {
        const shared = text.split("\n").filter((l) => /findings on Hardened rows/.test(l));
        assert.equal(shared.length, 1);
        const advisory = dev.m.policy!.violations.filter((v) => v.enforcement === "advisory").length;
        assert.ok(advisory > 0);
        assert.match(shared[0]!, new RegExp(`\\b${advisory} findings`));
        assert.doesNotMatch(text, /advisory +workspace-public-access-disabled/);
        assert.doesNotMatch(text, /(\S+): \[[^\]]+\] \1:/);
        assert.equal(JSON.parse(JSON.stringify(dev.m)).policy.violations.length, advisory, "--json keeps each finding");
    });

    it("the dev plan raises no reviewer warning (alice declares her group)", () => {
        assert.deepEqual(dev.m.summary.warnings, []);
    });

    it("--format markdown: the same summary, the access matrix as a table and a Mermaid diagram", () => {
        const md = renderMarkdown(dev.m);
        assert.match(md, /## Offline plan: stack `dev`/);
        // 32: the custom role definitions are the platform's; the endpoint and its identity are new;
        // the automation secret stays out of the workspace vault its cluster reads (docs/permissions.md).
        assert.match(md, /33 Azure and Entra resources; 19 role assignments/);
        assert.match(md, /\| principal \| kind \| role \| scope \| why \|/);
        // Five groups, each once: 11111111 holds three levels (dataScientists, computeUser, endpoint caller).
        assert.equal(md.split("\n").filter((l) => l.startsWith("| group ")).length, 5);
        assert.match(md, /```mermaid\nflowchart LR\n/);
        assert.match(md, /p\d+ --> r\d+/);
        assert.match(md, /r\d+ --> s\d+/);
    });
});

describe("warnings a reviewer needs", () => {
    it("no group can reach the workspace", async () => {
        const { m } = await planOf({ access: {}, computeInstances: {} });
        assert.ok(
            m.summary.warnings.some((w) => /no group has a role on the workspace/.test(w)),
            m.summary.warnings.join("\n"),
        );
        assert.match(renderText(m), /1 warning:\n {4}! no group/);
    });

    it("a compute instance whose user is not declared in a team group", async () => {
        const dev = parseDev();
        const alice = { ...dev.computeInstances["alice"]! } as Record<string, unknown>;
        delete alice["memberOf"];
        const { m } = await planOf({ computeInstances: { alice } });
        assert.ok(
            m.summary.warnings.some((w) => /compute instance alice: .*computeInstances\.alice\.memberOf/.test(w)),
            m.summary.warnings.join("\n"),
        );
    });

    it("memberOf must be one of the team's groups", async () => {
        const dev = parseDev();
        const alice = { ...dev.computeInstances["alice"]!, memberOf: "99999999-9999-4999-8999-999999999999" };
        const { m } = await planOf({ computeInstances: { alice } });
        assert.ok(
            m.summary.warnings.some((w) => /alice: memberOf 9{8}-.* is not one of the team's groups/.test(w)),
            m.summary.warnings.join("\n"),
        );
    });

    it("a grant broader than the stack's usual pattern: a built-in role at the resource group", async () => {
        const access = {
            ...parseDev().access,
            extraLevels: {
                rgReaders: { role: "Reader", scope: "resourceGroup", groups: ["55555555-5555-4555-8555-555555555555"] },
            },
        };
        const { m } = await planOf({ access });
        const broad = m.summary.warnings.filter((w) => /broader than the stack's usual pattern/.test(w));
        assert.equal(broad.length, 1, m.summary.warnings.join("\n"));
        assert.match(broad[0]!, /Reader at the resource group/);
    });
});

describe("npm run plan -- --format", () => {
    // In-process (scripts/plan.ts main), as the process would exit and print.
    const run = (...args: string[]) => runCommand("offline plan", plan, args);

    it("markdown prints the Markdown plan; json is --json", async () => {
        const md = await run("--format", "markdown");
        assert.equal(md.status, 0, md.stderr);
        assert.match(md.stdout, /^## Offline plan: stack `dev`/);
        const json = await run("--format", "json");
        assert.equal(json.status, 0, json.stderr);
        const model = JSON.parse(json.stdout) as PlanModel;
        assert.equal(model.summary.counts.roleAssignments.total, 19); // 15 declared + 1 for the workspace + 3 for the system-assigned endpoint
    });

    it("an unknown format exits 2 naming the formats", async () => {
        const r = await run("--format", "html");
        assert.equal(r.status, 2);
        assert.match(r.stderr, /--format html: must be one of text, json, markdown/);
    });
});

describe("counts: the assignments Azure makes itself", () => {
    // Before: every stack, the platform's included, showed "+ 1 Azure ML makes for the workspace identity", and the
    // three assignments Azure makes for a system-assigned endpoint identity were not counted at all.
    const ws = (type: string) => ({
        type: "azure-native:machinelearningservices:Workspace",
        inputs: { identity: { type } },
    });
    const ep = (type: string) => ({
        type: "azure-native:machinelearningservices:OnlineEndpoint",
        inputs: { identity: { type } },
    });
    it("one per system-assigned workspace, three per system-assigned endpoint, none for user-assigned ones", () => {
        const sources = azureMadeSourcesOf([
            ws("SystemAssigned,UserAssigned"),
            ep("SystemAssigned"),
            ep("UserAssigned"),
        ]);
        assert.deepEqual(sources, { systemAssignedWorkspaces: 1, systemAssignedEndpoints: 1 });
        assert.equal(azureMadeAssignments(sources), 4);
        assert.equal(azureMadeAssignments(azureMadeSourcesOf([])), 0);
        assert.deepEqual(roleAssignmentCounts([{ kind: "Group" }], 0), {
            declared: 1,
            toGroups: 1,
            toIdentities: 0,
            byAzure: 0,
            total: 1,
        });
    });
});

describe("a production cluster's storage grants", () => {
    // Before: the image-build cluster got Storage Blob Data Reader (its kind's default) and Storage Blob Data
    // Contributor (identity-based storage, StorageDataAccess) on the same account; Contributor includes every
    // Reader data action (built-in-roles/storage.md), so the Reader assignment granted nothing more.
    it("gets Storage Blob Data Contributor on the workspace default storage, not also the subsumed Reader", async () => {
        const e = await evaluateStack(PRODUCTION);
        const onStorage = e.grants
            .filter((g) => g.principal === "compute cluster cpu" && g.scope === "workspace default storage")
            .map((g) => `${g.resourceName} ${g.role}`);
        assert.deepEqual(onStorage, [
            "ml-platform-prod-storage-data-compute-cluster-cpu-blob Storage Blob Data Contributor",
        ]);
    });

    it("a Storage Blob Data Contributor the config gives a production cluster is declared once, not twice", async () => {
        // Before: the config's grant and StorageDataAccess's were two role assignments with one deterministic name
        // (scope + principal + role): two Pulumi resources managing one Azure assignment.
        const e = await evaluateStack({
            ...PRODUCTION,
            computeClusters: {
                cpu: {
                    vmSize: "Standard_DS3_v2",
                    maxNodes: 4,
                    roles: [{ role: "Storage Blob Data Contributor", scope: "storage" }],
                },
            },
        });
        const names = e.resources
            .filter((r) => r.type === "azure-native:authorization:RoleAssignment")
            .map((r) => String(r.inputs["roleAssignmentName"]));
        assert.equal(new Set(names).size, names.length, "no two role assignments share a name");
        assert.deepEqual(
            e.grants.filter((g) => g.principal === "compute cluster cpu").map((g) => g.resourceName),
            ["ml-platform-prod-storage-data-compute-cluster-cpu-blob"],
        );
    });

    it("a non-production cluster keeps its Reader (no identity-based storage grants there)", async () => {
        const e = await evaluateStack();
        assert.deepEqual(
            e.grants
                .filter((g) => g.principal === "compute cluster cpu" && g.role.startsWith("Storage"))
                .map((g) => g.role),
            ["Storage Blob Data Reader"],
        );
    });
});

describe("plan readability (what a reviewer misread)", () => {
    let dev: PlanModel;
    let devText: string;
    let vision: PlanModel;
    let platform: PlanModel;
    let platformText: string;
    before(async () => {
        dev = (await planOf()).m;
        devText = renderText(dev);
        const v = await evaluateStack({}, { stack: "vision-dev" });
        vision = planModel(v, await runPolicies(v.resources, { config: policyConfigFor(parseDev()) }));
        const p = await evaluatePlatform();
        platform = planModel(p, await runPolicies(p.resources, { config: platformPolicyConfig() }));
        platformText = renderText(platform);
    });
    const summaryOf = (text: string): string => text.split("\n\nThis is an OFFLINE PLAN")[0]!;

    it("shows one group once, labelled by every access level it holds, with all its roles", () => {
        const lines = summaryOf(devText)
            .split("\n")
            .filter((l) => l.includes("11111111-1111-4111-8111-111111111111"));
        assert.equal(lines.length, 1, lines.join("\n"));
        assert.match(lines[0]!, /\(dataScientists, computeUser, caller of online endpoint scoring\)/);
        assert.match(lines[0]!, /AzureML Online Endpoint Scorer @ online endpoint scoring/);
        const group = dev.summary.principals.filter((p) => p.id === "11111111-1111-4111-8111-111111111111");
        assert.equal(group.length, 1);
        assert.equal(group[0]!.roles.length, 5);
        assert.deepEqual(group[0]!.levels, ["dataScientists", "computeUser", "caller of online endpoint scoring"]);
        const md = renderMarkdown(dev);
        assert.equal(md.split("\n").filter((l) => l.startsWith("| group 11111111")).length, 1);
        assert.equal(md.split("\n").filter((l) => /^p\d+\[|^ {4}p\d+\["group 11111111/.test(l)).length, 1);
        assert.equal(
            accessMarkdown(dev)
                .split("\n")
                .filter((l) => l.includes("11111111"))
                .every((l) => l.includes("(dataScientists, computeUser, caller of online endpoint scoring)")),
            true,
        );
    });

    it("calls the default storage by one name", () => {
        assert.doesNotMatch(devText, /storage account/);
        assert.match(devText, /reachable from public networks: .*workspace default storage/);
        assert.ok(
            dev.access.grants
                .filter((g) => g.role.startsWith("Storage"))
                .every((g) => g.scope === "workspace default storage"),
        );
    });

    it("cuts a reason at a word with …, in text and Markdown, and keeps the full text in --json", () => {
        const whys = [...dev.access.grants.map((g) => g.why)];
        const cut = whys.filter((w) => w.endsWith("…"));
        assert.ok(cut.length > 0, "the dev plan has a long reason");
        for (const w of whys) assert.ok(w.length <= 100, w);
        for (const g of dev.access.grants.filter((x) => x.why.endsWith("…"))) {
            const head = g.why.slice(0, -1);
            assert.ok(g.reason.startsWith(head), `${g.why} is a prefix of ${g.reason}`);
            assert.match(g.reason.slice(head.length), /^[\s,;:.(-]/, `cut at a word: ${g.why}`);
        }
        for (const text of [devText, renderMarkdown(dev)]) assert.doesNotMatch(text, /\w\.\.\.( \||$)/m);
        assert.match(devText, /without creating or deleting compute or…/);
    });

    it("says what Azure's own assignments are for only where they exist, and the platform as the platform", () => {
        assert.match(
            devText,
            /\+ 4 Azure ML makes itself \(1 for the workspace identity, 3 for the online endpoint identity\)/,
        );
        assert.doesNotMatch(renderText(vision), /endpoint identit/);
        assert.match(renderText(vision), /\+ 1 Azure ML makes itself \(1 for the workspace identity\)/);
        const head = platformText.split("\n").slice(0, 2).join("\n");
        assert.match(head, /: platform project, stack example, region westeurope\n/);
        assert.doesNotMatch(head, /team platform|environment example|Azure ML makes itself|workspace and endpoint/);
        assert.equal(platform.summary.platform, true);
        assert.equal(dev.summary.platform, false);
        for (const text of [devText, platformText]) {
            assert.doesNotMatch(text, /every non-production stack shares/);
            assert.match(text, /findings on Hardened rows, which are mandatory only on production team stacks/);
        }
    });

    it("shows the stamp's tags, and a missing cost center or owner", () => {
        assert.deepEqual(dev.summary.tags, {
            "cost-center": "4711",
            owner: "ml-platform@contoso.com",
            team: "ml-platform",
            environment: "dev",
            "managed-by": "pulumi/aml-stamp",
        });
        assert.match(
            devText,
            /\n {2}tags: cost-center=4711, environment=dev, managed-by=pulumi\/aml-stamp, owner=ml-platform@contoso\.com, team=ml-platform\n/,
        );
        assert.match(renderMarkdown(dev), /- \*\*Tags\*\*: cost-center=4711/);
        assert.match(platformText, /\n {2}tags: owner=platform@contoso\.com; NO cost center tag\n/);
    });

    it("shows the platform's Microsoft Graph application permissions in the summary, --access and --json", () => {
        assert.deepEqual(
            platform.access.appRoleAssignments.map((a) => `${a.principal} ${a.permission} ${a.permissionId}`),
            [
                "aml-stamp-ci-preview Application.Read.All 9a5d68dd-52b0-4cc2-bd40-abcf44ac3a30",
                "aml-stamp-ci-deploy Application.ReadWrite.OwnedBy 18a4783c-866b-4cc7-a460-3d5e5662c884",
            ],
        );
        assert.match(platformText, /2 Microsoft Graph application permissions/);
        assert.match(
            platformText,
            /\n {4}aml-stamp-ci-preview: .*Application\.Read\.All @ Microsoft Graph \(application permission\)/,
        );
        const access = accessMarkdown(platform);
        assert.match(
            access,
            /\| aml-stamp-ci-deploy \| ServicePrincipal \| Application\.ReadWrite\.OwnedBy \| Microsoft Graph \(application permission\) \| .*18a4783c/,
        );
        assert.match(
            renderMarkdown(platform),
            /\| Application\.Read\.All \| Microsoft Graph \(application permission\) \|/,
        );
        assert.deepEqual(dev.access.appRoleAssignments, []);
    });

    it("--json only gains fields: every grant keeps principal, kind, role, scope, reason and why", () => {
        for (const g of [...dev.access.grants, ...platform.access.grants]) {
            for (const k of ["principal", "kind", "role", "scope", "reason", "why"] as const) {
                assert.equal(typeof g[k], "string", k);
            }
        }
        assert.equal(dev.access.grants.length, dev.summary.counts.roleAssignments.declared);
    });
});

describe("the plan reads the evaluation, never a stack file", () => {
    it("shows the config the program was given (failed before: the summary was Pulumi.dev.yaml's)", async () => {
        const e = await evaluateStack({ environment: "qa", tags: { "cost-center": "9000" } });
        const { summary } = planModel(e);
        assert.equal(summary.environment, "qa");
        assert.equal(summary.tags["cost-center"], "9000");
    });
});
