import { createHash } from "crypto";

/** The project's UUID v5 namespace (itself a v5 UUID of "aml-stamp" in the URL namespace, fixed forever). */
export const AML_STAMP_NAMESPACE = "4b4f1b7e-3c1a-5d9e-9f2a-6c0d8e7a1b23";

/**
 * RFC 4122 version-5 (SHA-1, name-based) UUID: the same inputs give the same UUID on every run, like Bicep's
 * `guid()`. Used for role assignment names so that re-runs and imports never duplicate an assignment and reordering
 * config never replaces one.
 */
export function uuidV5(name: string, namespace: string = AML_STAMP_NAMESPACE): string {
    const ns = Buffer.from(namespace.replace(/-/g, ""), "hex");
    if (ns.length !== 16) throw new Error(`namespace "${namespace}" is not a UUID`);
    const hash = createHash("sha1").update(ns).update(name, "utf8").digest();
    const bytes = hash.subarray(0, 16);
    bytes[6] = (bytes[6]! & 0x0f) | 0x50;
    bytes[8] = (bytes[8]! & 0x3f) | 0x80;
    const hex = bytes.toString("hex");
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** A deterministic UUID from several parts (joined unambiguously). */
export function deterministicUuid(...parts: string[]): string {
    return uuidV5(parts.map((p) => `${p.length}:${p.toLowerCase()}`).join("|"));
}
