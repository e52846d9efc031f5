/**
 * Pulumi ESC environment references as a stack file's `environment:` lists them: `[project/]environment[@version]`.
 * Names "may only contain alphanumeric characters, hyphens, underscores, and periods"
 * (pulumi.com/docs/esc/environments); a project qualifies the name (pulumi.com/docs/esc/reference/top-level-keys/
 * imports) and `@<revision or tag>` pins a version (pulumi.com/docs/esc/concepts/versioning). Each part starts with a
 * letter or digit here, so no `..` path segment (docs/shared-settings.md).
 */
export const ESC_REFERENCE =
    /^[A-Za-z0-9][A-Za-z0-9_.-]*(\/[A-Za-z0-9][A-Za-z0-9_.-]*)?(@[A-Za-z0-9][A-Za-z0-9_.-]*)?$/;

/** What is wrong with an ESC environment reference, or undefined when it has the documented form. */
export function escReferenceProblem(reference: string): string | undefined {
    if (ESC_REFERENCE.test(reference)) return undefined;
    return (
        "expected an ESC environment reference like aml-stamp/shared ([project/]environment[@version], each part " +
        "letters, digits, -, _ and ., starting with a letter or digit)"
    );
}
