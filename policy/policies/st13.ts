import { get, stackPolicy, T } from "./kit";

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
            const name = account.props["accountName"];
            const covered = services.some(
                (s) =>
                    typeof name !== "string" || s.props["accountName"] === undefined || s.props["accountName"] === name,
            );
            if (!covered)
                report(
                    `${account.name}: no BlobServiceProperties with deleteRetentionPolicy.enabled true`,
                    account.urn,
                );
        }
    },
});
