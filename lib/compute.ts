/**
 * Pure rules for Azure ML computes: compute names, ISO 8601 durations, the start/stop schedule's cron expressions
 * and time zones. No Pulumi resources. Sources are cited next to each rule and collected in docs/compute.md.
 */
import { createHash } from "crypto";
import windowsZones from "cldr-core/supplemental/windowsZones.json";
import { assertName, RULES } from "./names";
import type { BuiltInRole, RoleKey } from "./roles";

/** Where a per-identity compute grant applies: always one resource of the stamp, never the resource group. */
export const GRANT_SCOPES = ["storage", "workspace", "registry"] as const;
export type GrantScope = (typeof GRANT_SCOPES)[number];

/** One role grant of a compute identity, resolved by config (config/spec.ts): the catalog role, not its name. */
export interface ComputeGrant {
    /** The role's key in lib/roles.ts ROLES (names the role assignment). */
    readonly key: RoleKey;
    readonly role: BuiltInRole;
    readonly scope: GrantScope;
}

// ---------------------------------------------------------------------------------------------------------------
// Compute names
// ---------------------------------------------------------------------------------------------------------------

/**
 * Length of the team tag appended to every compute name. Compute names must be unique "across all existing computes
 * within an Azure region" (how-to-create-compute-instance.md and how-to-create-attach-compute-cluster.md, "Compute
 * name" row), not only within the workspace, so two teams that both declare a cluster `cpu` would collide. The tag
 * is a hash of team and environment (not the random suffix) so that the name is known before the first deploy.
 */
export const COMPUTE_TAG_LENGTH = 6;

/** The longest config key a compute may have: the name is `<key>-<tag>` within the 24-character limit. */
export const COMPUTE_KEY_MAX = RULES.compute.maxLength - 1 - COMPUTE_TAG_LENGTH;

/**
 * Config keys of computes: lowercase letters, digits and single hyphens, starting with a letter, not ending with a
 * hyphen, at most COMPUTE_KEY_MAX characters.
 */
export const COMPUTE_KEY_PATTERN = new RegExp(`^[a-z](?:[a-z0-9]|-(?=[a-z0-9])){0,${COMPUTE_KEY_MAX - 1}}$`);

const LETTERS = "abcdefghijklmnopqrstuvwxyz";
const ALNUM = `${LETTERS}0123456789`;

/**
 * The team tag: COMPUTE_TAG_LENGTH characters derived from SHA-256 of `team/environment`; the first is a letter, so
 * every hyphen in the name is "followed by at least one letter later in the name" (Azure's rule).
 */
export function computeTag(team: string, environment: string): string {
    const digest = createHash("sha256").update(`aml-stamp/compute/${team}/${environment}`, "utf8").digest();
    let tag = LETTERS[digest[0]! % LETTERS.length]!;
    for (let i = 1; i < COMPUTE_TAG_LENGTH; i++) tag += ALNUM[digest[i]! % ALNUM.length]!;
    return tag;
}

/**
 * `<key>-<tag>`: the Azure name of the compute declared under `key` by this team environment. Readable (the key
 * comes first) and unique per team and environment within a region (the tag: 26·36^5 ≈ 1.6e9 values; Azure rejects
 * a duplicate name at creation with a clear error, it never attaches to another team's compute).
 */
export function computeName(key: string, team: string, environment: string): string {
    return assertName("compute", `${key}-${computeTag(team, environment)}`);
}

// ---------------------------------------------------------------------------------------------------------------
// ISO 8601 durations
// ---------------------------------------------------------------------------------------------------------------

/**
 * The ISO 8601 durations the project accepts: days, hours, minutes and whole seconds (`P1D`, `PT30M`, `PT1H30M`,
 * `PT120S`). Years, months and weeks are refused: their length in seconds is ambiguous and Azure's examples never
 * use them.
 */
const DURATION = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;

/** Seconds in an ISO 8601 duration, or undefined when it is not one the project accepts. */
export function durationSeconds(text: string): number | undefined {
    const m = DURATION.exec(text);
    if (m === null) return undefined;
    const [, d, h, min, s] = m;
    if (d === undefined && h === undefined && min === undefined && s === undefined) return undefined; // "P", "PT"
    if (text.endsWith("T")) return undefined; // "P1DT"
    return Number(d ?? 0) * 86400 + Number(h ?? 0) * 3600 + Number(min ?? 0) * 60 + Number(s ?? 0);
}

/**
 * `idleTimeBeforeShutdown` bounds: "Minimum is 15 min, maximum is 3 days" (Azure REST spec, ComputeInstanceProperties;
 * the same text is in @pulumi/azure-native types/input.d.ts) and "must be inactive for a minimum of 15 mins and a
 * maximum of three days" (how-to-create-compute-instance.md, "Configure idle shutdown").
 */
export const IDLE_SHUTDOWN_MIN_SECONDS = 15 * 60;
export const IDLE_SHUTDOWN_MAX_SECONDS = 3 * 86400;

// ---------------------------------------------------------------------------------------------------------------
// Start/stop schedules
// ---------------------------------------------------------------------------------------------------------------

/**
 * Field ranges of a compute instance schedule's cron expression: "standard cron syntax", minute (0-59), hour (0-23),
 * day of month (1-31), month (1-12), day of week (0-6, Sunday=0); "a * or a list of elements separated by commas. An
 * element is either a number in the ranges shown above or two numbers in the range separated by a hyphen"
 * (how-to-create-compute-instance.md, "Create a schedule with a Resource Manager template"). Only that documented
 * subset is accepted: no steps, names or seconds field.
 */
const CRON_FIELDS = [
    { name: "minute", min: 0, max: 59 },
    { name: "hour", min: 0, max: 23 },
    { name: "day of month", min: 1, max: 31 },
    { name: "month", min: 1, max: 12 },
    { name: "day of week", min: 0, max: 6 },
] as const;

/** What is wrong with a cron expression, or undefined when it is valid. */
export function cronProblem(expression: string): string | undefined {
    const fields = expression.trim().split(/\s+/);
    if (fields.length !== CRON_FIELDS.length) {
        return `must have 5 fields (minute hour day-of-month month day-of-week), has ${fields.length}`;
    }
    for (let i = 0; i < fields.length; i++) {
        const field = fields[i]!;
        const rule = CRON_FIELDS[i]!;
        if (field === "*") continue;
        for (const element of field.split(",")) {
            const m = /^(\d{1,2})(?:-(\d{1,2}))?$/.exec(element);
            if (m === null) return `${rule.name} field "${field}": use *, numbers, ranges (a-b) and commas only`;
            const low = Number(m[1]);
            const high = m[2] === undefined ? low : Number(m[2]);
            if (low < rule.min || high > rule.max || low > high) {
                return `${rule.name} field "${field}": values must be ${rule.min}-${rule.max} (ranges low-high)`;
            }
        }
    }
    return undefined;
}

/**
 * Time zones a schedule may use: every Windows time zone id. Azure expects Windows ids ("TimeZone should follow
 * Windows time zone format", Cron.timeZone / Recurrence.timeZone in the Azure REST spec for
 * Microsoft.MachineLearningServices and @pulumi/azure-native types/input.d.ts, which refer to
 * learn.microsoft.com/windows-hardware/manufacture/desktop/default-time-zones). The ids come from a maintained
 * source, not a hand list: Unicode CLDR's Windows→IANA mapping (supplemental/windowsZones.xml), as packaged on npm
 * by the Unicode CLDR project (`cldr-core`, supplemental/windowsZones.json; version pinned in package.json). A new
 * Windows zone arrives with a `cldr-core` upgrade.
 */
export const SCHEDULE_TIME_ZONES: readonly string[] = [
    ...new Set(windowsZones.supplemental.windowsZones.mapTimezones.map((m) => m.mapZone._other)),
].sort();

const TIME_ZONE_SET = new Set(SCHEDULE_TIME_ZONES);

/** True for a Windows time zone id Azure accepts in a compute schedule (exact, case-sensitive as Windows ids are). */
export function isScheduleTimeZone(id: string): boolean {
    return TIME_ZONE_SET.has(id);
}

// ---------------------------------------------------------------------------------------------------------------
// VM sizes
// ---------------------------------------------------------------------------------------------------------------

/**
 * Shape of an Azure VM size name, e.g. Standard_DS3_v2 (the allow-list decides which ones). Any case: Azure treats
 * VM size names case-insensitively, as `vmSizeAllowed` does.
 */
export const VM_SIZE_PATTERN = /^Standard_[A-Za-z0-9]+(?:_[A-Za-z0-9]+)*$/i;

/** Case-insensitive membership in the allow-list (Azure treats VM size names case-insensitively). */
export function vmSizeAllowed(size: string, allowed: readonly string[]): boolean {
    const wanted = size.toLowerCase();
    return allowed.some((a) => a.toLowerCase() === wanted);
}
