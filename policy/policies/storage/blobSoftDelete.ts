import { dependsVia, get, stackPolicy, T } from "../kit";

/**
 * A stack policy sees outputs only: `accountName` of BlobServiceProperties is a URL-only input (not an output), and a
 * storage account returns `name`, not `accountName`. The blob service is tied to its account through the engine's
 * `propertyDependencies.accountName` (the program passes the account's `name` output).
 */
export default stackPolicy({
    id: "ST-13",
    name: "storage-blob-soft-delete",
    level: "hardened",
    description: "Each storage account has blob service properties with deleteRetentionPolicy.enabled true.",
    source: "PSRule Azure.Storage.SoftDelete",
    check: (resources, report) => {
        const services = resources.filter(
            (r) => r.type === T.blobService && get(r.props, "deleteRetentionPolicy.enabled") === true,
        );
        for (const account of resources.filter((r) => r.type === T.storage)) {
            if (!services.some((s) => dependsVia(s, "accountName", account))) {
                report(
                    `${account.name}: no BlobServiceProperties of this account with deleteRetentionPolicy.enabled true`,
                    account.urn,
                );
            }
        }
    },
});
