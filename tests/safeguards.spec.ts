/**
 * A budget per stamp, capped by the platform, and CanNotDelete locks on production data (docs/budgets.md,
 * docs/locks.md): config and guardrail refusals, what the stamp declares, the plan's lines, the deploy identity's
 * rights and the teams file's budget field.
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import fc from "fast-check";
import { stringify } from "yaml";
import { setClock } from "../lib/clock";
import { budgetStartDate, LOCK_NAME } from "../lib/safeguards";
import { LOCK_WRITER_ROLE } from "../lib/customRoles";
import { ALL_OPTIONS, ciHoldings, missingRights, TYPE_RIGHTS } from "../lib/permissions";
import { BUILT_IN_PERMISSIONS } from "../lib/permissions";
import { ROLES } from "../lib/roles";
import { planModel, renderMarkdown, renderText } from "../offline/render";
import { loadGuardrails } from "../config/guardrails";
import { readTeamsFile, TeamsFileError } from "../offline/teamsFile";
import { evaluateStack, inputs, one, ofType, parseDev, PRODUCTION, rejectsConfig, withGuardrails } from "./helpers";
import { T } from "./tokens";

const CONTACT = { contactEmails: ["ml-platform@contoso.com"] };
const OPT_OUT = { enabled: false, reason: "a throw-away production rehearsal, deleted on Friday" };

describe("budgets and locks", () => {
    describe("config and the platform's guardrails", () => {
        it("refuses a budget over the platform's cap for the stack's kind, naming key, value and cap", async () => {
            const msg = await rejectsConfig(
                { budget: { amount: 2500, ...CONTACT } },
                "budget.amount",
                /above the platform's monthly cap for a non-production stack; platform limit \(platform\/guardrails.yaml budget.maxMonthlyAmount.nonProduction\): 2000/,
            );
            assert.match(msg, /= 2500/);
            // The same amount is within the production cap.
            assert.equal(parseDev({ ...PRODUCTION, budget: { amount: 2500, ...CONTACT } }).budget.amount, 2500);
        });

        it("refuses a missing budget where the platform requires one (production, by the committed guardrails)", async () => {
            await rejectsConfig(
                { ...PRODUCTION, budget: { amount: 0 } },
                "budget.amount",
                /a production stack must declare a monthly budget .*budget.required.production\): true/,
            );
            // Not required of non-production stacks by the committed file; a platform can require it.
            assert.equal(parseDev({ budget: { amount: 0 } }).budget.amount, 0);
            await withGuardrails(
                {
                    budget: {
                        required: { production: true, nonProduction: true },
                        maxMonthlyAmount: { production: 20000, nonProduction: 2000 },
                    },
                },
                () => rejectsConfig({ budget: { amount: 0 } }, "budget.amount", /non-production stack must declare/),
            );
        });

        it("a budget needs an e-mail or an action group: roles alone are not a contact", async () => {
            await rejectsConfig(
                { budget: { amount: 100, contactRoles: ["Owner"] } },
                "budget.contactEmails",
                /at least one contact e-mail or action group/,
            );
            await rejectsConfig(
                { budget: { amount: 100, contactGroups: ["/subscriptions/x/ag"] } },
                "budget.contactGroups[0]",
                /action group's ARM id/,
            );
            await rejectsConfig(
                { budget: { amount: 100, contactEmails: ["not-an-address"] } },
                "budget.contactEmails[0]",
                /e-mail address/,
            );
            await rejectsConfig({ budget: { amount: 0, ...CONTACT } }, "budget.amount", /contacts have no effect/);
        });

        it("production locks: an opt-out needs a reason and the platform's permission; elsewhere it has no effect", async () => {
            await rejectsConfig(
                { ...PRODUCTION, locks: OPT_OUT },
                "locks.enabled",
                /does not let production stacks opt out .*locks.optOutAllowed\): false/,
            );
            await withGuardrails({ locks: { optOutAllowed: true } }, async () => {
                await rejectsConfig(
                    { ...PRODUCTION, locks: { enabled: false, reason: "" } },
                    "locks.reason",
                    /say why/,
                );
                assert.equal(parseDev({ ...PRODUCTION, locks: OPT_OUT }).locks.enabled, false);
            });
            await rejectsConfig({ locks: OPT_OUT }, "locks.enabled", /only production stacks are locked/);
            await rejectsConfig(
                { ...PRODUCTION, locks: { enabled: true, reason: "why not" } },
                "locks.reason",
                /no effect while locks.enabled is true/,
            );
        });
    });

    describe("the budget's start date", () => {
        it("is the first of the UTC month, the same for every instant of that month (one value per creation month)", () => {
            assert.equal(budgetStartDate(new Date("2027-03-17T10:00:00Z")), "2027-03-01T00:00:00Z");
            fc.assert(
                fc.property(
                    fc.date({ min: new Date("2017-06-01"), max: new Date("2100-01-01"), noInvalidDate: true }),
                    (d) => {
                        const s = budgetStartDate(d);
                        const first = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1));
                        return s === `${first.toISOString().slice(0, 10)}T00:00:00Z`;
                    },
                ),
            );
        });
    });

    describe("what the stamp declares", () => {
        after(() => setClock(undefined));

        it("every committed-style stack: one budget at its resource group, under the Stamp, start date ignored after creation", async () => {
            setClock(new Date("2027-03-17T10:00:00Z"));
            const e = await evaluateStack();
            setClock(undefined);
            const budget = one(e, T.budget);
            const i = inputs(budget);
            assert.equal(i["amount"], 500);
            assert.deepEqual(i["timePeriod"], { startDate: "2027-03-01T00:00:00Z" });
            assert.match(String(i["scope"]), /^\/subscriptions\/[^/]+\/resourceGroups\/rg-ml-platform-dev$/);
            assert.deepEqual(budget.options.ignoreChanges, ["timePeriod.startDate"]);
            const component = one(e, T.budgetComponent);
            assert.equal(budget.parent, component.urn);
            assert.equal(component.parent, one(e, T.stamp).urn);
            // Non-production: no locks.
            assert.equal(ofType(e, T.lock).length, 0);
        });

        it("production: CanNotDelete locks at the workspace, its storage account and key vault, never the resource group", async () => {
            const e = await evaluateStack(PRODUCTION);
            const locks = ofType(e, T.lock);
            assert.equal(locks.length, 3);
            const ids = (type: string): string => one(e, type).id;
            assert.deepEqual(
                locks.map((l) => inputs(l)["scope"]).sort(),
                [ids(T.workspace), ids(T.storage), ids(T.vault)].sort(),
            );
            for (const l of locks) {
                assert.equal(inputs(l)["level"], "CanNotDelete");
                assert.equal(inputs(l)["lockName"], LOCK_NAME);
                assert.doesNotMatch(String(inputs(l)["scope"]), /resourceGroups\/[^/]+$/);
                assert.equal(l.parent, one(e, T.locksComponent).urn);
            }
        });

        it("the plan shows the budget, its notification targets and the locks, or the opt-out with its reason", async () => {
            const dev = planModel(await evaluateStack());
            const text = renderText(dev);
            assert.match(
                text,
                /budget: 500 per month \(aml-stamp-ml-platform-dev, from \d{4}-\d{2}-01 at creation\), alerts at Actual 80%, Actual 100%, Forecasted 100% to ml-platform@contoso.com, role Owner; it alerts, it does not stop spend/,
            );
            assert.match(text, /locks: none \(production stacks only\)/);
            assert.match(renderMarkdown(dev), /- \*\*Budget\*\*: 500 per month/);
            assert.deepEqual(dev.safeguards?.budget?.contactEmails, ["ml-platform@contoso.com"]);

            const prod = planModel(await evaluateStack(PRODUCTION));
            assert.equal(prod.safeguards?.locks.state, "locked");
            const line = /locks: CanNotDelete on ([^;]*);/.exec(renderText(prod))?.[1] ?? "";
            assert.deepEqual(
                line
                    .split(", ")
                    .map((n) => n.slice(0, 2))
                    .sort(),
                ["kv", "ml", "st"],
            );

            // The data resources' diagnostics: production only, to the platform's Log Analytics workspace.
            assert.match(text, /diagnostics: none \(production stacks only\)/);
            const diag =
                /diagnostics: (.*) → Log Analytics workspace (\S+) \(the platform's, platform\/guardrails\.yaml monitoring\)$/m.exec(
                    renderText(prod),
                );
            assert.ok(diag, renderText(prod));
            assert.deepEqual(
                diag[1]!.split(", ").map((d) => d.replace(/ \S+$/, "")),
                ["workspace", "storage blob service", "key vault", "container registry"],
            );
            assert.equal(diag[2], loadGuardrails().monitoring.logAnalyticsWorkspaceId.split("/").pop());
            assert.match(renderMarkdown(prod), /- \*\*Diagnostics\*\*: workspace /);

            await withGuardrails({ locks: { optOutAllowed: true } }, async () => {
                const out = planModel(await evaluateStack({ ...PRODUCTION, locks: OPT_OUT }));
                assert.deepEqual(out.safeguards?.locks, { state: "opted out", reason: OPT_OUT.reason });
                assert.match(renderText(out), /locks: OPTED OUT of the production CanNotDelete locks: a throw-away/);
            });
        });
    });

    describe("the deploy identity can create the locks", () => {
        it("Contributor and the conditioned RBAC Administrator cannot (Microsoft.Authorization/*/Write); the lock role can", () => {
            const lock = TYPE_RIGHTS[T.lock]!;
            const builtIns = {
                label: "Contributor + RBAC Administrator",
                roles: [BUILT_IN_PERMISSIONS[ROLES.contributor.id]!, BUILT_IN_PERMISSIONS[ROLES.rbacAdministrator.id]!],
                graph: [],
            };
            assert.deepEqual(missingRights(lock, "write", builtIns), ["Microsoft.Authorization/locks/write"]);
            assert.deepEqual(missingRights(lock, "delete", builtIns), ["Microsoft.Authorization/locks/delete"]);
            const deploy = ciHoldings("deploy", ALL_OPTIONS);
            assert.deepEqual(missingRights(lock, "write", deploy), []);
            assert.deepEqual(missingRights(lock, "delete", deploy), []);
            assert.deepEqual(missingRights(TYPE_RIGHTS[T.budget]!, "write", deploy), []);
            // Narrow: locks only, no wildcard; the preview identity has none of it.
            assert.ok(
                LOCK_WRITER_ROLE.actions.every(
                    (a) => a.startsWith("Microsoft.Authorization/locks/") && !a.includes("*"),
                ),
            );
            assert.ok(!ciHoldings("preview", ALL_OPTIONS).roles.some((r) => r.name.includes(LOCK_WRITER_ROLE.title)));
        });
    });

    describe("teams.yaml carries the budget", () => {
        let root: string;
        beforeEach(() => {
            root = fs.mkdtempSync(path.join(os.tmpdir(), "teams-budget-"));
        });
        afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

        it("merges the team's contacts with the environment's amount into aml-stamp:budget", () => {
            fs.writeFileSync(
                path.join(root, "teams.yaml"),
                stringify({
                    teams: {
                        nlp: {
                            budget: { contactEmails: ["nlp@contoso.com"] },
                            environments: { dev: { budget: { amount: 200 } }, prod: { budget: { amount: 9000 } } },
                        },
                    },
                }),
            );
            const envs = readTeamsFile(root)!;
            assert.deepEqual(
                envs.map((e) => [e.env, e.config["budget"]]),
                [
                    ["dev", { contactEmails: ["nlp@contoso.com"], amount: 200 }],
                    ["prod", { contactEmails: ["nlp@contoso.com"], amount: 9000 }],
                ],
            );
        });

        it("refuses a budget set both as the field and under config, naming the key", () => {
            fs.writeFileSync(
                path.join(root, "teams.yaml"),
                stringify({
                    teams: {
                        nlp: { budget: { amount: 1 }, environments: { dev: { config: { budget: { amount: 2 } } } } },
                    },
                }),
            );
            assert.throws(
                () => readTeamsFile(root),
                (err: unknown) =>
                    err instanceof TeamsFileError && err.key === "teams.nlp.environments.dev.config.budget",
            );
        });
    });
});
