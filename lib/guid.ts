/**
 * The one GUID rule of the project: the 8-4-4-4-12 hexadecimal form (RFC 4122 §3, "the formal definition of the
 * UUID string representation"), either case. Entra object and application ids, subscription ids, role definition
 * names and built-in policy definition names are all GUIDs in this form. Every config check, ARM-id pattern and lib/
 * function that accepts a GUID uses this module.
 */

/** The GUID form, unanchored, for building larger patterns (ARM ids: `/subscriptions/${GUID_PATTERN}/...`). */
export const GUID_PATTERN = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";

/** A whole string that is one GUID. */
export const GUID = new RegExp(`^${GUID_PATTERN}$`);

/** True when `text` is one GUID. */
export function isGuid(text: string): boolean {
    return GUID.test(text);
}

/**
 * The nil UUID, "all 128 bits set to zero" (RFC 4122 §4.1.7): a placeholder, never the id of an Entra object, an
 * application or a policy definition.
 */
export const NIL_GUID = "00000000-0000-0000-0000-000000000000";

/** True when `text` is the nil GUID. */
export function isNilGuid(text: string): boolean {
    return text === NIL_GUID;
}
