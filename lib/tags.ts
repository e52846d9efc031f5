/**
 * The one tags rule of a stamp: every taggable resource carries the stack's configured tags plus the stamp's own
 * (`team`, `environment`, `managed-by`, and `production: "true"` on production workspace resources). The stamp's
 * own tags win over configured ones of the same name, so that cost reports and the policy pack can rely on them.
 */

/** The tag naming the tool that manages a resource. */
export const MANAGED_BY_TAG = { "managed-by": "pulumi/aml-stamp" } as const;

/** What the stamp's tags are made of. */
export interface StampTagsInput {
    /** The stack's configured tags. Default: none. */
    readonly tags?: Readonly<Record<string, string>>;
    readonly team: string;
    readonly environment: string;
    /** Adds `production: "true"`. Default: false (no production tag). */
    readonly production?: boolean;
}

/** The tags of a stamp resource: configured tags, then team, environment, managed-by (and production). */
export function stampTags(input: StampTagsInput): Record<string, string> {
    return {
        ...(input.tags ?? {}),
        team: input.team,
        environment: input.environment,
        ...MANAGED_BY_TAG,
        ...((input.production ?? false) ? { production: "true" } : {}),
    };
}
