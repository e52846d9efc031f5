/**
 * Owners of the automation application and service principal. Pure: no resources.
 *
 * The deploying identity always stays an owner. A deployer with the Microsoft Graph application permission
 * `Application.ReadWrite.OwnedBy` "cannot update any apps that it is not an owner of"
 * (learn.microsoft.com/graph/permissions-reference#applicationreadwriteownedby). A user with the Application
 * Developer role creates applications as their first owner (`microsoft.directory/applications/createAsOwner`,
 * learn.microsoft.com/entra/identity/role-based-access-control/custom-available-permissions) and is in
 * the same position (not verified further here). Every rotation `up` adds passwords to the application
 * (`addPassword`), so a deployer dropped from the owners could not rotate the next time.
 *
 * Not verified: whether Application.ReadWrite.OwnedBy alone may add the *extra* owners. Graph's "Add owner" page says
 * "Application.ReadWrite.OwnedBy isn't sufficient to add another owner" (learn.microsoft.com/graph/api/
 * application-post-owners); a deployer with only that permission may need Application.ReadWrite.All to set
 * `automation.owners` (docs/rotation.md).
 */

/**
 * The deployer first, then the configured owners in config order, each object id once (Entra object ids are GUIDs:
 * compared case-insensitively, kept as first written).
 */
export function ownersWithDeployer(deployerObjectId: string, configured: readonly string[]): string[] {
    const seen = new Set<string>();
    const out: string[] = [];
    for (const id of [deployerObjectId, ...configured]) {
        const key = id.trim().toLowerCase();
        if (key === "" || seen.has(key)) continue;
        seen.add(key);
        out.push(id.trim());
    }
    return out;
}
