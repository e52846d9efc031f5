import assert from "node:assert/strict";
import { assertChildrenOf, construct, SUB } from "./harness";
import { T } from "../tokens";
import { BUDGET_NOTIFICATIONS } from "../../lib/safeguards";

const RG = `/subscriptions/${SUB}/resourceGroups/rg-vision-dev`;
const ACTION_GROUP = `/subscriptions/${SUB}/resourceGroups/rg-ops/providers/microsoft.insights/actionGroups/ag-vision`;

describe("Budget (component unit)", () => {
    it("declares one monthly cost budget at the scope with actual 80/100 % and forecast 100 % to every contact", async () => {
        const { Budget } = await import("../../components/budget");
        const c = await construct(
            "vision-dev-cost",
            async () =>
                new Budget("vision-dev-cost", {
                    scope: RG,
                    budgetName: "aml-stamp-vision-dev",
                    amount: 300,
                    startDate: "2027-03-01T00:00:00Z",
                    contactEmails: ["vision@contoso.com"],
                    contactGroups: [ACTION_GROUP],
                    contactRoles: ["Owner"],
                }),
        );
        assert.equal(c.self.type, T.budgetComponent);
        assertChildrenOf(c, "vision-dev-cost");
        const [budget, ...more] = c.ofType(T.budget);
        assert.ok(budget !== undefined && more.length === 0, "one budget");
        assert.equal(c.children.length, 1);
        const i = budget.inputs;
        assert.equal(i["scope"], RG);
        assert.equal(i["budgetName"], "aml-stamp-vision-dev");
        assert.equal(i["amount"], 300);
        assert.equal(i["category"], "Cost");
        assert.equal(i["timeGrain"], "Monthly");
        assert.deepEqual(i["timePeriod"], { startDate: "2027-03-01T00:00:00Z" });
        const notifications = i["notifications"] as Record<string, Record<string, unknown>>;
        assert.deepEqual(Object.keys(notifications).sort(), BUDGET_NOTIFICATIONS.map((n) => n.key).sort());
        assert.deepEqual(
            Object.values(notifications)
                .map((n) => `${String(n["thresholdType"])} ${String(n["threshold"])}`)
                .sort(),
            ["Actual 100", "Actual 80", "Forecasted 100"],
        );
        for (const n of Object.values(notifications)) {
            assert.equal(n["enabled"], true);
            assert.equal(n["operator"], "GreaterThan");
            assert.deepEqual(n["contactEmails"], ["vision@contoso.com"]);
            assert.deepEqual(n["contactGroups"], [ACTION_GROUP]);
            assert.deepEqual(n["contactRoles"], ["Owner"]);
        }
    });

    it("sends no empty contactGroups or contactRoles (only what the stack names)", async () => {
        const { Budget } = await import("../../components/budget");
        const c = await construct(
            "t-cost",
            async () =>
                new Budget("t-cost", {
                    scope: RG,
                    budgetName: "b",
                    amount: 10,
                    startDate: "2027-03-01T00:00:00Z",
                    contactEmails: ["a@contoso.com"],
                }),
        );
        for (const n of Object.values(c.ofType(T.budget)[0]!.inputs["notifications"] as Record<string, object>)) {
            assert.ok(!("contactGroups" in n) && !("contactRoles" in n), JSON.stringify(n));
        }
    });
});
