/**
 * The plan a reviewer reads at a glance (issue 16, items 1 and 2). Each test failed on the code before this change:
 * the counts disagreed between views (32 vs 39 resources, 8 vs 12 role assignments), the replace list was printed
 * twice, the key vault expiry was epoch seconds, the 14 shared advisory findings were listed one by one with the
 * resource name twice, there was no summary, no Markdown and none of the reviewer warnings.
 */
import assert from "node:assert/strict";
import { spawnSync, type SpawnSyncReturns } from "child_process";
import * as path from "path";
import { azureMadeAssignments, azureMadeSourcesOf, roleAssignmentCounts, stackCounts } from "../lib/counts";
import { planAll } from "../offline/planAll";
import { policyConfigFor, runPolicies } from "../offline/policies";
import { planModel, renderMarkdown, renderText, type PlanModel } from "../offline/render";
import { devWithSecretInVault, type Evaluation, evaluateStack, parseDev } from "./helpers";

async function planOf(overrides: Record<string, unknown> = {}): Promise<{ e: Evaluation; m: PlanModel }> {
    const e = await evaluateStack(overrides);
    const cfg = parseDev(overrides);
    const violations = await runPolicies(e.resources, { config: policyConfigFor(cfg) });
    return { e, m: planModel(e, violations, cfg) };
}

describe("the offline plan at a glance", () => {
    let dev: { e: Evaluation; m: PlanModel };
    let text: string;
    before(async () => {
        dev = await planOf();
        text = renderText(dev.m);
    });

    it("starts with what the stack is, its counts, public exposure and who can do what", () => {
        const head = text.split("\n").slice(0, 4).join("\n");
        assert.match(head, /team ml-platform, environment dev, not production, region westeurope/);
        assert.match(
            head,
            /32 Azure and Entra resources; 19 role assignments: 15 declared \(9 to groups, 6 to identities\) \+ 4 Azure ML makes itself/,
        );
        assert.match(head, /reachable from public networks: .*workspace/);
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

    it("collapses the advisory findings every non-production stack shares into one line, without repeated names", () => {
        const shared = text.split("\n").filter((l) => /findings every non-production stack shares/.test(l));
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
        // 32: the custom role definitions are the platform's (issue 11); the endpoint and its identity are new (issue 12);
        // the automation secret stays out of the workspace vault its cluster reads (docs/permissions.md).
        assert.match(md, /32 Azure and Entra resources; 19 role assignments/);
        assert.match(md, /\| principal \| kind \| role \| scope \| why \|/);
        assert.equal(md.split("\n").filter((l) => l.startsWith("| group ")).length, 9); // + the endpoint caller group
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
    const run = (...args: string[]): SpawnSyncReturns<string> =>
        spawnSync(process.execPath, ["-r", "./scripts/register.js", "scripts/plan.ts", ...args], {
            cwd: path.join(__dirname, ".."),
            encoding: "utf8",
        });

    it("markdown prints the Markdown plan; json is --json", () => {
        const md = run("--format", "markdown");
        assert.equal(md.status, 0, md.stderr);
        assert.match(md.stdout, /^## Offline plan: stack `dev`/);
        const json = run("--format", "json");
        assert.equal(json.status, 0, json.stderr);
        const model = JSON.parse(json.stdout) as PlanModel;
        assert.equal(model.summary.counts.roleAssignments.total, 19); // 15 declared + 1 for the workspace + 3 for the system-assigned endpoint
    });

    it("an unknown format exits 2 naming the formats", () => {
        const r = run("--format", "html");
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
