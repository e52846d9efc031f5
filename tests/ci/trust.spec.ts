/**
 * CI's trust as a whole: the platform's defaults (platform/Pulumi.yaml) give each CI identity exactly the federated
 * subjects of the workflow jobs that log in as it, so a platform stack deployed with the defaults works with the
 * shipped workflows out of the box, and no job without the environment can obtain the identity's token.
 */
import assert from "node:assert/strict";
import * as fs from "fs";
import { federatedSubjects, type WorkflowTrust } from "../../lib/platform";
import { PLATFORM_ROOT, readProject } from "../../offline/stackConfig";
import { type Job, oidcSubject, readWorkflow, WORKFLOWS } from "./harness";

const REPOSITORY = "contoso/aml-stamp";
const FILES = fs.readdirSync(WORKFLOWS).filter((f) => /\.ya?ml$/.test(f));
/** The identity behind each client-id variable (lib/platform.ts GITHUB_VARIABLES). */
const IDENTITY_OF_CLIENT: Record<string, "preview" | "deploy"> = {
    "vars.AZURE_PREVIEW_CLIENT_ID": "preview",
    "vars.AZURE_DEPLOY_CLIENT_ID": "deploy",
};

function platformDefaults(): WorkflowTrust {
    const declared = new Map(readProject(PLATFORM_ROOT).declared.map((d) => [d.key, d.default]));
    const text = (key: string): string => {
        const v = declared.get(key);
        assert.equal(typeof v, "string", `platform/Pulumi.yaml declares a string default for ${key}`);
        return v as string;
    };
    return {
        repository: REPOSITORY,
        defaultBranch: text("defaultBranch"),
        deployEnvironment: text("deployEnvironment"),
        previewEnvironment: text("previewEnvironment"),
    };
}

/** The identity an Azure login step of the job uses, from its `client-id` expression. */
function loginIdentity(job: Job): "preview" | "deploy" | undefined {
    const login = job.steps.find((s) => s.uses?.split("@")[0] === "azure/login");
    if (login === undefined) return undefined;
    const expr = /^\$\{\{\s*(.+?)\s*\}\}$/.exec(String(login.with?.["client-id"] ?? ""))?.[1] ?? "";
    const identity = IDENTITY_OF_CLIENT[expr];
    assert.ok(identity, `azure/login with client-id ${expr}: not one of the platform's identities`);
    return identity;
}

/** Event name → the ref GitHub runs it on (pushes and dispatches on the default branch, schedules on it too). */
function eventsOf(file: string, defaultBranch: string): { eventName: string; ref: string }[] {
    return Object.keys(readWorkflow(file).on).map((eventName) => ({
        eventName,
        ref: eventName === "pull_request" ? "refs/pull/42/merge" : `refs/heads/${defaultBranch}`,
    }));
}

describe("CI trust: the platform's defaults and the workflows agree", () => {
    const trust = platformDefaults();
    const used = { preview: new Set<string>(), deploy: new Set<string>() };
    for (const file of FILES) {
        for (const [name, job] of Object.entries(readWorkflow(file).jobs)) {
            const identity = loginIdentity(job);
            if (identity === undefined) continue;
            it(`${file} ${name}: every token it can get is one the ${identity} identity trusts by default`, () => {
                const trusted = federatedSubjects(identity, trust).map((s) => s.subject);
                for (const event of eventsOf(file, trust.defaultBranch)) {
                    const subject = oidcSubject(job, { repository: REPOSITORY, ...event });
                    assert.ok(trusted.includes(subject), `${event.eventName}: ${subject} not in ${trusted.join(", ")}`);
                    used[identity].add(subject);
                }
            });
        }
    }

    it("each identity trusts nothing beyond the subjects of the jobs that log in as it", () => {
        for (const identity of ["preview", "deploy"] as const) {
            const trusted = federatedSubjects(identity, trust).map((s) => s.subject);
            assert.deepEqual(trusted.sort(), [...used[identity]].sort(), identity);
        }
    });

    it("no default subject trusts a bare pull request or branch (every job names its environment)", () => {
        assert.notEqual(trust.previewEnvironment, "");
        assert.notEqual(trust.deployEnvironment, "");
    });
});
