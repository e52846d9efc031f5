/**
 * The Stamp's typed args (config/stampArgs.generated.ts) are generated from the one declaration of each setting
 * (scripts/stampArgs.ts) and validated by the same code as a stack file (config/stampArgs.ts). Plain calls: no
 * evaluation, no analyzer (tests/schema.integration.spec.ts runs that).
 */
import assert from "node:assert/strict";
import * as fs from "fs";
import { z } from "zod";
import { CONFIG_DECLARATIONS, CONFIG_KEYS, ConfigError, parseConfig, type ConfigDeclaration } from "../config";
import { stampConfigOf, stampDefaults } from "../config/stampArgs";
import { resolveStamp, resolveStampArgs } from "../config/spec";
import { readStackConfig } from "../offline/stackConfig";
import { renderStampArgs, STAMP_ARGS_FILE } from "../scripts/stampArgs";

/** The config of a stack file that sets only team and environment (Pulumi.yaml's defaults under it). */
const EMPTY_STACK = { team: "vision", environment: "dev" };
const emptyStackConfig = () =>
    parseConfig(readStackConfig("vision-dev", {}, undefined, { config: EMPTY_STACK }).config);

function configError(fn: () => unknown): ConfigError {
    try {
        fn();
    } catch (err) {
        if (err instanceof ConfigError) return err;
        throw err;
    }
    assert.fail("no ConfigError");
}

describe("Stamp args generated from config/ (scripts/stampArgs.ts)", () => {
    const text = renderStampArgs();

    it("is current: config/stampArgs.generated.ts is what the generator writes (else run `npm run schema`)", () => {
        assert.equal(fs.readFileSync(STAMP_ARGS_FILE, "utf8"), text, "stale: run `npm run schema`");
    });

    it("declares every stack setting, documented, only team and environment required", () => {
        const args = /export interface StampArgs \{([\s\S]*?)\n\}/.exec(text)![1]!;
        const props = [...args.matchAll(/^ {4}(\w+)(\??): /gm)].map((m) => [m[1]!, m[2] === "?"] as const);
        assert.deepEqual(
            props.map(([k]) => k),
            [...CONFIG_KEYS],
        );
        assert.deepEqual(
            props.filter(([, optional]) => !optional).map(([k]) => k),
            ["team", "environment"],
        );
        for (const d of CONFIG_DECLARATIONS) {
            assert.ok(text.includes(d.description), `${d.key}: its description is its doc comment`);
            if ("default" in d) assert.ok(text.includes(`Default: \`${JSON.stringify(d.default)}\`.`), d.key);
        }
    });

    it("uses only what the analyzer accepts: no literal unions, intersections, inline objects or readonly arrays", () => {
        const code = text.replace(/\/\*\*[\s\S]*?\*\//g, "").replace(/^\/\/.*$/gm, "");
        assert.doesNotMatch(code, /\||&|readonly|[:<,]\s*\{|"[^"]*"/);
        for (const [, type] of code.matchAll(/^ {4}\w+\??: (.+);$/gm)) {
            assert.match(type!, /^(string|number|boolean|\w+Settings|(string|\w+Settings)\[\]|Record<string, \w+>)$/);
        }
    });

    it("picks up a new section's keys without edits: nested objects become named interfaces, enums strings", () => {
        const budget = z.object({
            amount: z.number().int().min(1),
            alerts: z.array(z.object({ percent: z.number(), kind: z.enum(["Actual", "Forecasted"]) })).default([]),
        });
        const decls: ConfigDeclaration[] = [
            { key: "team", description: "Team." },
            { key: "budget", description: "A monthly budget.", default: { amount: 100 } },
        ];
        const schemas: Record<string, z.ZodType> = { team: z.string(), budget };
        const out = renderStampArgs(decls, (k) => schemas[k]);
        assert.match(out, /budget\?: BudgetSettings;/);
        assert.match(
            out,
            /export interface BudgetSettings \{[\s\S]*amount: number;[\s\S]*alerts\?: BudgetAlertSettings\[\];/,
        );
        assert.match(out, /`budget.alerts\[\].kind`. One of: Actual, Forecasted. Required./);
        assert.match(out, /kind: string;/);
    });

    it("refuses a setting whose input has no typed form, naming it", () => {
        const decls: ConfigDeclaration[] = [{ key: "anything", description: "Anything." }];
        assert.throws(
            () => renderStampArgs(decls, () => z.unknown()),
            /anything: its input schema .* has no typed form/,
        );
        assert.throws(
            () => renderStampArgs(decls, () => z.union([z.string(), z.number()])),
            /anything: a union of string, number/,
        );
    });
});

describe("Stamp args validated and defaulted as a stack file (config/stampArgs.ts)", () => {
    it("team and environment alone give the config (and spec) of a stack file with only those two keys", () => {
        const fromArgs = stampConfigOf(EMPTY_STACK);
        assert.deepEqual(fromArgs, emptyStackConfig());
        assert.deepEqual(resolveStampArgs(EMPTY_STACK), resolveStamp(emptyStackConfig()));
    });

    it("stampDefaults() gives every declared default, and is what an unset arg takes", () => {
        const defaults = stampDefaults();
        const declared = CONFIG_DECLARATIONS.filter((d) => "default" in d);
        assert.deepEqual(
            Object.keys(defaults),
            declared.map((d) => d.key),
        );
        for (const d of declared) assert.deepEqual(defaults[d.key as keyof typeof defaults], d.default, d.key);
        assert.deepEqual(stampConfigOf({ ...EMPTY_STACK, ...defaults }), stampConfigOf(EMPTY_STACK));
        defaults.tags["x"] = "changed";
        assert.deepEqual(stampDefaults().tags, {}, "a fresh copy each call");
    });

    it("reports a bad value with the stack file's error: key, value, what is allowed, did-you-mean", () => {
        const args = { ...EMPTY_STACK, location: "West Europe" };
        const stack = configError(() =>
            parseConfig(readStackConfig("vision-dev", {}, undefined, { config: args }).config),
        );
        const fromArgs = configError(() => stampConfigOf(args));
        assert.equal(fromArgs.message, stack.message);
        assert.match(fromArgs.message, /aml-stamp:location = "West Europe": not an Azure region name/);
        const misspelt = configError(() => stampConfigOf({ ...EMPTY_STACK, locaton: "westeurope" } as never));
        assert.match(misspelt.message, /aml-stamp:locaton = "westeurope": unknown key\. Did you mean "location"\?/);
        const field = configError(() =>
            stampConfigOf({
                ...EMPTY_STACK,
                computeClusters: { cpu: { vmSize: "Standard_DS3_v2", maxNode: 2 } },
            } as never),
        );
        assert.match(
            field.message,
            /aml-stamp:computeClusters\.cpu\.maxNode = 2: unknown field\. Did you mean "maxNodes"\?/,
        );
    });

    it("refuses a value of the wrong type that a stack file's text would hide (team: 5 is not the text 5)", () => {
        assert.match(
            configError(() => stampConfigOf({ team: 5, environment: "dev" } as never)).message,
            /aml-stamp:team = 5/,
        );
    });

    it("refuses an output, naming where it is: settings decide which resources exist", async () => {
        const pulumi = await import("@pulumi/pulumi");
        const err = configError(() =>
            stampConfigOf({ ...EMPTY_STACK, access: { readers: [pulumi.output("x") as never] } }),
        );
        assert.match(err.message, /aml-stamp:access\.readers\[0\] = "<output>": is an output/);
    });
});
