/**
 * The automation service principal of one stack: an Entra application and its service principal for CI,
 * with two rotating client-secret slots (lib/rotation.ts, docs/rotation.md), optional federated credentials
 * (lib/federation.ts) and role assignments at workspace scope through grant().
 *
 * azuread ApplicationPassword facts this relies on (hashicorp/terraform-provider-azuread
 * internal/services/applications/application_password_resource.go, internal/helpers/credentials.go; bridged as-is by
 * pulumi-azuread v6, whose SDK docs say the same for every field):
 * - `rotate_when_changed`, `end_date`, `start_date`, `display_name` and `application_id` are all ForceNew: any change
 *   replaces the password (the resource has no Update). `end_date_relative` is deprecated in v6 and computed from the
 *   provider's clock, so it is never used here.
 * - Without `end_date` the provider sends no endDateTime and Microsoft Graph applies "startDateTime + 2 years"
 *   (learn.microsoft.com/graph/api/application-addpassword): we always set it.
 * - The provider reads end_date back formatted with Go's time.RFC3339 (no fractional seconds), so we send that exact
 *   form; `2025-01-01T00:00:00.000Z` would differ from state and replace the password on every run.
 * - Replacement order is Pulumi's, not the provider's: Pulumi creates the replacement before deleting the old
 *   resource unless deleteBeforeReplace is set (pulumi.com/docs/iac/concepts/options/deletebeforereplace), and the
 *   Terraform bridge only asks for delete-first when the resource info sets DeleteBeforeReplace or a `name` property
 *   changes (pulumi-terraform-bridge pkg/tfbridge/provider.go Diff); azuread_application_password has neither.
 *   We still pass deleteBeforeReplace: false explicitly so the intent is in the code and in the offline plan.
 */
import * as pulumi from "@pulumi/pulumi";
import * as azuread from "@pulumi/azuread";
import * as keyvault from "@pulumi/azure-native/keyvault";
import { grant, GRANTS_OUTPUT, type Granted } from "./access";
import { now } from "../lib/clock";
import { ownersWithDeployer } from "../lib/owners";
import { type CredentialSpec, ENTRA_AUDIENCE, issuerAndSubject } from "../lib/federation";
import { type BuiltInRole, ROLES } from "../lib/roles";
import { MANAGED_BY_TAG } from "../lib/tags";
import {
    graceDays,
    isoDate,
    maxLifetimeDays,
    rfc3339,
    type RotationPolicy,
    type RotationState,
    rotationState,
    type Slot,
} from "../lib/rotation";
import { AUTOMATION_DEFAULTS } from "../lib/defaults";

/** One federated identity credential. */
export interface FederatedCredentialArgs extends CredentialSpec {
    /** Credential name (unique per application, at most 120 URL-friendly characters). Required. */
    readonly name: string;
    /** Free text. Default: none. */
    readonly description?: string;
}

/** Arguments of the {@link AutomationPrincipal}. Each default is AUTOMATION_DEFAULTS (lib/defaults.ts). */
export interface AutomationPrincipalArgs {
    /** Team name (validated by config). Required. */
    team: string;
    /** Environment name (validated by config). Required. */
    environment: string;
    /** ARM id of the workspace: the scope of every role assignment. Required. */
    workspaceId: pulumi.Input<string>;
    /** Subscription of the built-in role definitions. Required. */
    subscriptionId: pulumi.Input<string>;
    /** Rotation epoch (UTC midnight of window 0). Required. */
    rotationEpoch: Date;
    /** Rotation period P in days. Default: 90. */
    rotationDays?: number;
    /** The instant rotation windows are computed at. Default: `now()` from lib/clock.ts. */
    at?: Date;
    /**
     * Entra object ids of further owners of the application and service principal, added to the deploying identity
     * (azuread getClientConfig objectId), which is always an owner. Default: none (the deploying identity only).
     */
    owners?: string[];
    /** Create the two rotating client secrets. Default: true. */
    clientSecrets?: boolean;
    /** Federated identity credentials (secret-free). Default: none. */
    federatedCredentials?: FederatedCredentialArgs[];
    /** Built-in roles granted at workspace scope (privileged ones are refused by grant()). Default: AzureML Data Scientist. */
    roles?: BuiltInRole[];
    /** Also store the newest secret in this key vault (RBAC vault), with an expiry. Default: not stored. */
    keyVault?: { vaultName: pulumi.Input<string>; resourceGroupName: pulumi.Input<string> };
}

/** One password slot as exported in `secretRotation` (plain: no secret in it). */
export interface SlotReport {
    readonly slot: Slot;
    readonly windowStart: string;
    readonly rotatesAt: string;
    readonly endDate: string;
    readonly newest: boolean;
}

/** The plain rotation report exported as `secretRotation`: only `clientSecrets` when client secrets are off. */
export interface SecretRotationReport {
    readonly clientSecrets: boolean;
    readonly periodDays?: number;
    readonly graceDays?: number;
    readonly maxLifetimeDays?: number;
    /** rotationEpoch, YYYY-MM-DD. */
    readonly epoch?: string;
    /** The current rotation window (RFC 3339). */
    readonly window?: { readonly start: string; readonly end: string };
    readonly nextRotation?: string;
    /** The slot holding the newest password. */
    readonly newest?: Slot;
    readonly slots?: SlotReport[];
}

const REASONS: Record<string, string> = {
    [ROLES.azureMLDataScientist.name]:
        "CI submits jobs and registers models; AzureML Data Scientist is the narrowest built-in role with workspaces read, jobs/*, environments write/build and metadata/artifacts/write, and it cannot create computes or assign roles (learn.microsoft.com/azure/machine-learning/how-to-assign-roles, Common scenarios)",
};

/** Name-safe slug of a role name for resource names. */
function slug(text: string): string {
    return text
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, "-")
        .replace(/^-|-$/g, "");
}

/**
 * An Entra application + service principal for automation (CI), its client secrets rotating on calendar windows,
 * its federated credentials, and its role assignments at workspace scope.
 */
export class AutomationPrincipal extends pulumi.ComponentResource {
    /** Application (client) id. */
    readonly clientId: pulumi.Output<string>;
    /** Entra tenant of the application. */
    readonly tenantId: pulumi.Output<string>;
    /** Object id of the service principal (what role assignments name). */
    readonly objectId: pulumi.Output<string>;
    /** Display name of the application and service principal. */
    readonly displayName: string;
    /** The newest client secret, marked secret; undefined when client secrets are off. */
    readonly newestSecret?: pulumi.Output<string>;
    /** Rotation windows at the evaluation instant; undefined when client secrets are off. */
    readonly rotation?: RotationState;
    /** Plain rotation report for the `secretRotation` output. */
    readonly secretRotation: SecretRotationReport;
    /** The `.env` lines EnvironmentCredential reads, marked secret. */
    readonly envLines: pulumi.Output<string>;
    /** Every role assignment this component declared, with its access-matrix line (registered as `grants`). */
    readonly grants: readonly Granted[];

    constructor(name: string, args: AutomationPrincipalArgs, opts?: pulumi.ComponentResourceOptions) {
        super("amlstamp:automation:AutomationPrincipal", name, {}, opts);
        this.displayName = `aml-${args.team}-${args.environment}-automation`;
        const client = azuread.getClientConfigOutput({ parent: this });
        // The deployer always stays an owner, or the next rotation cannot add passwords (lib/owners.ts).
        const configuredOwners = args.owners ?? [];
        const owners = client.objectId.apply((id) => ownersWithDeployer(id, configuredOwners));
        const clientSecrets = args.clientSecrets ?? AUTOMATION_DEFAULTS.clientSecrets;
        const federated = args.federatedCredentials ?? [];
        const roles = args.roles ?? AUTOMATION_DEFAULTS.roles;
        if (!clientSecrets && federated.length === 0) {
            throw new pulumi.ResourceError(
                `${name}: the principal needs client secrets or federated credentials`,
                this,
            );
        }

        const app = new azuread.Application(
            `${name}-app`,
            {
                displayName: this.displayName,
                owners,
                signInAudience: "AzureADMyOrg",
                notes: `Automation principal of aml-stamp team ${args.team} (${args.environment}). Managed by Pulumi: secrets rotate on a schedule, see docs/rotation.md.`,
            },
            { parent: this },
        );
        const sp = new azuread.ServicePrincipal(`${name}-sp`, { clientId: app.clientId, owners }, { parent: this });
        this.clientId = app.clientId;
        this.tenantId = client.tenantId;
        this.objectId = sp.objectId;

        for (const fc of federated) {
            const { issuer, subject } = issuerAndSubject(fc);
            new azuread.ApplicationFederatedIdentityCredential(
                `${name}-fic-${fc.name}`,
                {
                    applicationId: app.id,
                    displayName: fc.name,
                    description: fc.description,
                    audiences: [ENTRA_AUDIENCE],
                    issuer,
                    subject,
                },
                { parent: this },
            );
        }

        let newestEnd: Date | undefined;
        if (clientSecrets) {
            const policy: RotationPolicy = {
                epoch: args.rotationEpoch,
                periodDays: args.rotationDays ?? AUTOMATION_DEFAULTS.rotationDays,
            };
            const state = rotationState(policy, args.at ?? now());
            this.rotation = state;
            const values = new Map<Slot, pulumi.Output<string>>();
            for (const w of state.slots) {
                const password = new azuread.ApplicationPassword(
                    `${name}-secret-${w.slot}`,
                    {
                        applicationId: app.id,
                        displayName: `aml-stamp slot ${w.slot} window ${w.key}`,
                        endDate: rfc3339(w.endDate),
                        rotateWhenChanged: { slot: w.slot, window: w.key },
                    },
                    // Create the replacement before deleting the old password (Pulumi's default, stated explicitly).
                    // `value` is already in the SDK's additionalSecretOutputs (applicationPassword.js).
                    { parent: this, deleteBeforeReplace: false },
                );
                // The SDK marks `value` secret, but mocks (and any code path that loses the flag) do not: mark it here.
                values.set(w.slot, pulumi.secret(password.value));
                if (w.slot === state.newest) newestEnd = w.endDate;
            }
            this.newestSecret = values.get(state.newest);
            this.secretRotation = {
                clientSecrets: true,
                periodDays: policy.periodDays,
                graceDays: graceDays(policy.periodDays),
                maxLifetimeDays: maxLifetimeDays(policy.periodDays),
                epoch: isoDate(policy.epoch),
                window: { start: rfc3339(state.window.start), end: rfc3339(state.window.end) },
                nextRotation: rfc3339(state.nextRotation),
                newest: state.newest,
                slots: state.slots.map((w): SlotReport => ({
                    slot: w.slot,
                    windowStart: rfc3339(w.start),
                    rotatesAt: rfc3339(w.rotatesAt),
                    endDate: rfc3339(w.endDate),
                    newest: w.slot === state.newest,
                })),
            };
        } else {
            this.secretRotation = { clientSecrets: false };
        }

        const newest = this.newestSecret;
        this.envLines = pulumi.secret(
            newest !== undefined
                ? pulumi.interpolate`AZURE_CLIENT_ID=${app.clientId}\nAZURE_TENANT_ID=${client.tenantId}\nAZURE_CLIENT_SECRET=${newest}\n`
                : pulumi.interpolate`AZURE_CLIENT_ID=${app.clientId}\nAZURE_TENANT_ID=${client.tenantId}\n`,
        );

        if (args.keyVault !== undefined && newest !== undefined && newestEnd !== undefined) {
            // ARM writes a new secret version when the value changes; `expires` is seconds since the Unix epoch.
            new keyvault.Secret(
                `${name}-kv-secret`,
                {
                    resourceGroupName: args.keyVault.resourceGroupName,
                    vaultName: args.keyVault.vaultName,
                    secretName: `${this.displayName}-secret`,
                    properties: {
                        value: newest,
                        contentType: "client secret of the automation service principal (AZURE_CLIENT_SECRET)",
                        attributes: { enabled: true, expires: Math.floor(newestEnd.getTime() / 1000) },
                    },
                    tags: { clientId: app.clientId, ...MANAGED_BY_TAG },
                },
                { parent: this },
            );
        }

        this.grants = roles.map((role) =>
            grant(
                `${name}-${slug(role.name)}`,
                {
                    principal: { id: sp.objectId, kind: "ServicePrincipal", label: `automation ${this.displayName}` },
                    role: { builtIn: role },
                    scope: args.workspaceId,
                    scopeLabel: "workspace",
                    reason: REASONS[role.name] ?? `configured in automation.roles (${role.source})`,
                    subscriptionId: args.subscriptionId,
                },
                { parent: this },
            ),
        );

        this.registerOutputs({
            clientId: this.clientId,
            tenantId: this.tenantId,
            objectId: this.objectId,
            secretRotation: this.secretRotation,
            [GRANTS_OUTPUT]: this.grants.map((g) => g.record),
        });
    }
}
