/**
 * The sweep: every config key, enumerated from the sections themselves (config/index.ts CONFIG_KEYS, so a
 * new key is covered without editing this file), and every field inside it, read from the key's JSON Schema. Per
 * field: a value of the wrong type, the edge values its schema implies (below the minimum, above the maximum, a
 * fraction, 1e20, an unknown enum value, a text that misses its pattern or length, an empty list where one is needed,
 * an unknown field, a missing required field) and, per key, a YAML null. Each must be a ConfigError naming the field
 * and the value with what is allowed: no silent acceptance, no other error, no zod wording. Then every field of
 * teams.yaml the same way. Plain calls: parseConfig over the dev stack's raw config; planTeamsFile over a temp dir.
 */
import assert from "node:assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { isDeepStrictEqual } from "node:util";
import { stringify } from "yaml";
import { z } from "zod";
import { CONFIG_KEYS, ConfigError, keySchema, parseConfig, PROJECT } from "../../config";
import { show } from "../../config/errors";
import { readStackConfig, ROOT } from "../../offline/stackConfig";
import { planTeamsFile } from "../../offline/stackFiles";
import { TeamsFileError } from "../../offline/teamsFile";

interface Schema {
    type?: string;
    enum?: unknown[];
    const?: unknown;
    anyOf?: Schema[];
    pattern?: string;
    minLength?: number;
    maxLength?: number;
    minimum?: number;
    maximum?: number;
    minItems?: number;
    properties?: Record<string, Schema>;
    required?: string[];
    additionalProperties?: Schema | boolean;
    propertyNames?: Schema;
    items?: Schema;
}

type Path = (string | number)[];
const DELETE = Symbol("delete");
interface Case {
    readonly name: string;
    readonly path: Path;
    readonly value: unknown; // DELETE: the field is removed
}

/** The dev stack's raw config, as the program reads it (structured values decoded). */
const DEV = readStackConfig("dev").config;
function baseOf(key: string): unknown {
    const raw = DEV[`${PROJECT}:${key}`];
    if (raw === undefined) return undefined;
    try {
        return JSON.parse(raw) as unknown;
    } catch {
        return raw;
    }
}

function keyText(path: Path): string {
    let key = `${PROJECT}:${String(path[0])}`;
    for (const part of path.slice(1)) key += typeof part === "number" ? `[${part}]` : `.${part}`;
    return key;
}

/** A value of another JSON type than `schema` takes. A top-level text key reads any YAML value as text: an object's JSON. */
function wrongType(schema: Schema, topLevel: boolean): unknown {
    switch (schema.type) {
        case "string":
            return topLevel ? { not: "text" } : 42;
        case "boolean":
            return "yes";
        case "number":
        case "integer":
            return "many";
        case "array":
            return "not-a-list";
        default:
            return 42; // objects, unions, enums, {} (any)
    }
}

/** A text that misses `schema` (pattern, length, enum), or undefined when the schema takes any text. */
function badText(schema: Schema): string | undefined {
    if (schema.enum !== undefined) return "Bogus-Value";
    if (schema.pattern !== undefined) {
        for (const t of ["", "Bad Value!", "x"]) if (!new RegExp(schema.pattern).test(t)) return t;
    }
    if (schema.minLength !== undefined && schema.minLength > 0) return "";
    if (schema.maxLength !== undefined) return "x".repeat(schema.maxLength + 1);
    return undefined;
}

/** The cases of the field at `path` (schema `schema`, value in the dev stack `base`). */
function casesOf(path: Path, schema: Schema, base: unknown): Case[] {
    const at = keyText(path);
    const out: Case[] = [{ name: `${at}: wrong type`, path, value: wrongType(schema, path.length === 1) }];
    if (schema.anyOf !== undefined) {
        out.push({ name: `${at}: an object of no allowed form`, path, value: { type: "bogus" } });
        return out;
    }
    if (schema.type === "string") {
        const bad = badText(schema);
        if (bad !== undefined) out.push({ name: `${at}: ${JSON.stringify(bad).slice(0, 20)}`, path, value: bad });
        else out.push({ name: `${at}: a text no rule accepts`, path, value: "!! not a valid value !!" });
    }
    if (schema.type === "number" || schema.type === "integer") {
        if (schema.minimum !== undefined)
            out.push({ name: `${at}: below the minimum`, path, value: schema.minimum - 1 });
        if (schema.maximum !== undefined && schema.maximum < Number.MAX_SAFE_INTEGER)
            out.push({ name: `${at}: above the maximum`, path, value: schema.maximum + 1 });
        out.push({ name: `${at}: a fraction`, path, value: (schema.minimum ?? 0) + 1.5 });
        out.push({ name: `${at}: 1e20`, path, value: 1e20 });
    }
    if (schema.type === "array") {
        if (schema.minItems !== undefined && schema.minItems > 0) out.push({ name: `${at}: empty`, path, value: [] });
        if (schema.items !== undefined) {
            const items = Array.isArray(base) ? base : [];
            for (const c of casesOf([...path, 0], schema.items, items[0])) {
                const value = c.value === DELETE ? c.value : c.value;
                out.push({ ...c, path: c.path, value });
            }
        }
    }
    if (schema.type === "object") {
        const obj = base !== null && typeof base === "object" && !Array.isArray(base) ? base : {};
        if (schema.additionalProperties === false) {
            out.push({ name: `${at}: an unknown field`, path: [...path, "bogusField"], value: 1 });
        }
        for (const [field, s] of Object.entries(schema.properties ?? {})) {
            out.push(...casesOf([...path, field], s, (obj as Record<string, unknown>)[field]));
            if (schema.required?.includes(field) && path.length > 1 && field in obj)
                out.push({ name: `${at}.${field}: missing`, path: [...path, field], value: DELETE });
        }
        if (typeof schema.additionalProperties === "object") {
            const entries = Object.entries(obj);
            const [entryKey, entryValue] = entries[0] ?? ["probe", undefined];
            if (entries.length > 0 && schema.propertyNames?.pattern !== undefined) {
                out.push({ name: `${at}: a bad entry name`, path: [...path, "Bad Name!"], value: entryValue });
            }
            out.push(...casesOf([...path, entryKey], schema.additionalProperties, entryValue));
        }
    }
    return out;
}

/** The dev stack's value of the key with the case applied. */
function applied(c: Case): unknown {
    const [key, ...rest] = c.path;
    if (rest.length === 0) return c.value;
    const root = structuredClone(baseOf(String(key)) ?? {}) as Record<string | number, unknown>;
    let node: Record<string | number, unknown> = root;
    rest.slice(0, -1).forEach((part, i) => {
        const next = node[part];
        if (next === null || typeof next !== "object") node[part] = typeof rest[i + 1] === "number" ? [] : {};
        node = node[part] as Record<string | number, unknown>;
    });
    const last = rest[rest.length - 1]!;
    if (c.value === DELETE) delete node[last];
    else node[last] = c.value;
    return root;
}

/** zod's own wording, which names neither the rule nor the key. */
const ZOD_TEXT = /Invalid input|expected \w+, received|Too (small|big)|Invalid (string|option|key)|Unrecognized key/;
/** A message that says what is allowed. */
const RULE =
    /must|allowed|\bare\b|either|takes|one of|at most|at least|required|needs|only|empty|no effect|unknown field|not an? |is a built-in|each|never|no group|nil GUID/i;

/**
 * Fields that take any text by design, so no text edge value exists: said once here, with why. Each is still swept
 * for a wrong type.
 */
const FREE_TEXT: Record<string, string> = {
    "aml-stamp:automation.federatedCredentials[0].github.branch": "any branch name; the subject is checked as a whole",
    "aml-stamp:automation.federatedCredentials[0].github.environment": "any GitHub environment name",
    "aml-stamp:automation.federatedCredentials[0].github.tag": "any tag name",
    "aml-stamp:automation.federatedCredentials[0].subject": "any subject claim the issuer puts in its tokens",
};

function sweepCases(): Case[] {
    const out: Case[] = [];
    for (const key of CONFIG_KEYS) {
        const schema = z.toJSONSchema(keySchema(key)!, { io: "input", unrepresentable: "any" }) as Schema;
        out.push({ name: `${PROJECT}:${key}: YAML null`, path: [key], value: null });
        out.push(
            ...casesOf([key], schema, baseOf(key)).filter(
                (c) => !(c.name.endsWith("text no rule accepts") && keyText(c.path) in FREE_TEXT),
            ),
        );
    }
    return out;
}

describe("config sweep: every key and field gets an answer", () => {
    const cases = sweepCases();

    it("covers every key the sections declare", () => {
        const covered = new Set(cases.map((c) => String(c.path[0])));
        assert.deepEqual([...covered].sort(), [...CONFIG_KEYS].sort());
        assert.ok(cases.length > 150, `only ${cases.length} cases`);
    });

    for (const c of cases) {
        it(c.name, () => {
            const key = String(c.path[0]);
            const value = applied(c);
            let err: unknown;
            try {
                parseConfig(readStackConfig("dev", { [key]: value }).config);
            } catch (e) {
                err = e;
            }
            assert.ok(err !== undefined, `accepted silently: ${key} = ${show(value)}`);
            assert.ok(err instanceof ConfigError, `not a ConfigError: ${String((err as Error).stack)}`);
            const at = keyText(c.path);
            // The field itself, a field inside it, or the object holding it when its message names the field.
            const field = String(c.path.filter((p) => typeof p === "string").pop());
            const mine = err.problems.filter(
                (p) =>
                    p.key === at ||
                    p.key.startsWith(`${at}.`) ||
                    p.key.startsWith(`${at}[`) ||
                    (at.startsWith(p.key) && p.message.includes(field)),
            );
            assert.ok(mine.length > 0, `no problem names ${at}: ${err.message}`);
            for (const p of err.problems) {
                assert.doesNotMatch(p.message, ZOD_TEXT, `zod's wording for ${p.key}`);
                assert.match(p.message, RULE, `no rule stated for ${p.key}: ${p.message}`);
                assert.ok(err.message.includes(`${p.key} = ${show(p.value)}: `), "the message shows key and value");
            }
            if (c.value !== DELETE && c.path.length > 1 && !c.name.endsWith("bad entry name")) {
                const exact = mine.find((p) => p.key === at);
                if (exact !== undefined)
                    assert.ok(
                        isDeepStrictEqual(exact.value, c.value),
                        `${at} shows ${show(exact.value)}, not ${show(c.value)}`,
                    );
            }
        });
    }
});

describe("teams.yaml sweep: every field gets an answer", () => {
    let root: string;
    const GOOD = {
        teams: {
            nlp: {
                location: "westeurope",
                production: false,
                esc: [],
                config: { tags: { owner: "nlp@contoso.com" } },
                environments: { dev: { location: "northeurope", production: false, esc: [], config: {} } },
            },
        },
    };
    const withTeams = (doc: unknown): unknown => {
        fs.writeFileSync(path.join(root, "teams.yaml"), stringify(doc));
        try {
            planTeamsFile(root);
        } catch (err) {
            return err;
        }
        return undefined;
    };
    before(() => {
        root = fs.mkdtempSync(path.join(os.tmpdir(), "teams-sweep-"));
        fs.copyFileSync(path.join(ROOT, "Pulumi.yaml"), path.join(root, "Pulumi.yaml"));
    });
    after(() => fs.rmSync(root, { recursive: true, force: true }));

    it("the good teams file plans", () => assert.equal(withTeams(GOOD), undefined));

    const team = (over: Record<string, unknown>): unknown => ({ teams: { nlp: { ...GOOD.teams.nlp, ...over } } });
    const env = (over: Record<string, unknown>): unknown =>
        team({ environments: { dev: { ...GOOD.teams.nlp.environments.dev, ...over } } });
    const cases: [string, unknown, RegExp][] = [
        ["the document is not a mapping", ["x"], /\(top level\)|teams/],
        ["teams: wrong type", { teams: 42 }, /teams/],
        ["an unknown top-level field", { ...GOOD, tems: {} }, /tems/],
        ["a team: wrong type", { teams: { nlp: 42 } }, /teams\.nlp/],
        ["a team name that is no team", { teams: { "Bad Team": GOOD.teams.nlp } }, /Bad Team|team/],
        ["an unknown team field", team({ locaton: "westeurope" }), /teams\.nlp\.locaton/],
        ["team location: wrong type", team({ location: 42 }), /teams\.nlp\.location/],
        [
            "team location: not a region",
            team({ location: "nowhere", environments: { dev: {} } }),
            /teams\.nlp.*location|nowhere/,
        ],
        ["team production: wrong type", team({ production: "yes" }), /teams\.nlp\.production/],
        ["team esc: wrong type", team({ esc: "x" }), /teams\.nlp\.esc/],
        ["team config: wrong type", team({ config: ["x"] }), /teams\.nlp\.config/],
        ["team config: an unknown key", team({ config: { bogusKey: 1 } }), /bogusKey/],
        ["team config: a bad value", team({ config: { keyVaultRetentionDays: 3 } }), /keyVaultRetentionDays/],
        ["team config: a YAML null", team({ config: { tags: null } }), /tags/],
        ["environments: wrong type", team({ environments: 42 }), /teams\.nlp\.environments/],
        ["environments: missing", { teams: { nlp: { location: "westeurope" } } }, /teams\.nlp\.environments/],
        ["an environment: wrong type", team({ environments: { dev: 42 } }), /teams\.nlp\.environments\.dev/],
        ["an environment name that is no environment", team({ environments: { "Dev-1": {} } }), /Dev-1|environment/],
        ["an unknown environment field", env({ prod: true }), /teams\.nlp\.environments\.dev\.prod/],
        ["environment location: wrong type", env({ location: 42 }), /environments\.dev\.location/],
        ["environment location: not a region", env({ location: "nowhere" }), /location|nowhere/],
        ["environment production: wrong type", env({ production: 1 }), /environments\.dev\.production/],
        ["environment esc: wrong type", env({ esc: 1 }), /environments\.dev\.esc/],
        ["environment config: wrong type", env({ config: "x" }), /environments\.dev\.config/],
        ["environment config: a bad value", env({ config: { team: "X Y" } }), /team/],
        ["team esc: not an ESC environment name", team({ esc: ["bad env!", "../../x"] }), /esc|bad env/],
    ];
    for (const [name, doc, pattern] of cases) {
        it(name, () => {
            const err = withTeams(doc);
            assert.ok(err !== undefined, `accepted silently: ${JSON.stringify(doc)}`);
            assert.ok(err instanceof TeamsFileError, `not a TeamsFileError: ${String((err as Error).stack)}`);
            assert.match(err.message, /^teams\.yaml: /);
            assert.match(err.message, pattern);
            assert.doesNotMatch(err.message, ZOD_TEXT);
        });
    }
});
