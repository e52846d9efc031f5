import assert from "node:assert/strict";
import {
    credentialNameProblems,
    GITHUB_ISSUER,
    gitHubSubject,
    gitHubSubjectProblems,
    gitHubTrustProblems,
    issuerSubjectProblems,
    parseGitHubSubject,
} from "../lib/federation";
import { ConfigError } from "../config";
import { parseDev, thrown } from "./helpers";

describe("federated credentials (lib/federation.ts)", () => {
    it("builds the four GitHub subject forms", () => {
        const repo = "contoso/ml-platform";
        assert.equal(gitHubSubject({ repo, branch: "main" }), "repo:contoso/ml-platform:ref:refs/heads/main");
        assert.equal(
            gitHubSubject({ repo, branch: "release/2025" }),
            "repo:contoso/ml-platform:ref:refs/heads/release/2025",
        );
        assert.equal(gitHubSubject({ repo, tag: "v1.2.0" }), "repo:contoso/ml-platform:ref:refs/tags/v1.2.0");
        assert.equal(gitHubSubject({ repo, environment: "dev" }), "repo:contoso/ml-platform:environment:dev");
        assert.equal(gitHubSubject({ repo, pullRequest: true }), "repo:contoso/ml-platform:pull_request");
    });

    it("round-trips subjects through the parser", () => {
        for (const t of [
            { repo: "a/b", branch: "main" },
            { repo: "a/b", tag: "v1" },
            { repo: "a/b", environment: "prod" },
            { repo: "a/b", pullRequest: true },
        ]) {
            assert.deepEqual(parseGitHubSubject(gitHubSubject(t)), t);
        }
    });

    const invalid: [string, object, RegExp][] = [
        ["wildcard owner", { repo: "*/ml-platform", branch: "main" }, /no wildcard/],
        ["wildcard repo", { repo: "contoso/*", branch: "main" }, /no wildcard/],
        ["no owner", { repo: "ml-platform", branch: "main" }, /OWNER\/REPO/],
        ["owner with a leading hyphen", { repo: "-contoso/x", branch: "main" }, /owner/],
        ["wildcard branch", { repo: "a/b", branch: "release/*" }, /no wildcards/],
        ["full ref given as branch", { repo: "a/b", branch: "refs/heads/main" }, /bare name/],
        ["branch with '..'", { repo: "a/b", branch: "a..b" }, /git ref name/],
        ["tag ending in .lock", { repo: "a/b", tag: "v1.lock" }, /git ref name/],
        ["environment with ':'", { repo: "a/b", environment: "dev:x" }, /no ':'/],
        ["two selectors", { repo: "a/b", branch: "main", tag: "v1" }, /exactly one/],
        ["no selector", { repo: "a/b" }, /exactly one/],
    ];
    for (const [label, trust, pattern] of invalid) {
        it(`refuses ${label}`, () => {
            const problems = gitHubTrustProblems(trust as never);
            assert.ok(
                problems.some((p) => pattern.test(p)),
                problems.join("; "),
            );
            assert.throws(() => gitHubSubject(trust as never));
        });
    }

    it("generic pairs: https issuer; GitHub's issuer gets the GitHub subject rules; no wildcards", () => {
        assert.deepEqual(
            issuerSubjectProblems("https://gitlab.example.com", "project_path:grp/proj:ref_type:branch:ref:main"),
            [],
        );
        assert.deepEqual(issuerSubjectProblems(GITHUB_ISSUER, "repo:a/b:environment:prod"), []);
        assert.match(issuerSubjectProblems("http://issuer.example.com", "x").join(), /https/);
        assert.match(
            issuerSubjectProblems(GITHUB_ISSUER, "repo:a/b:ref:refs/pull/1/merge").join(),
            /must be repo:OWNER\/REPO/,
        );
        assert.match(issuerSubjectProblems(GITHUB_ISSUER, "repo:*/b:pull_request").join(), /wildcard/);
        assert.match(issuerSubjectProblems("https://x.example.com", "a*").join(), /no wildcards/);
        assert.deepEqual(gitHubSubjectProblems("repo:a/b:pull_request"), []);
    });

    it("credential names: URL friendly, at most 120 characters", () => {
        assert.deepEqual(credentialNameProblems("github-main"), []);
        assert.equal(credentialNameProblems("a".repeat(121)).length, 1);
        assert.equal(credentialNameProblems("has space").length, 1);
    });

    describe("config rules (automation.federatedCredentials)", () => {
        const withCreds = (federatedCredentials: unknown[]) => ({ automation: { federatedCredentials } });
        async function rejects(overrides: Record<string, unknown>, keyPrefix: string, pattern: RegExp): Promise<void> {
            const err = await thrown(() => parseDev(overrides));
            assert.ok(err instanceof ConfigError, String(err));
            const problem = err.problems.find(
                (p) => p.key.startsWith(`aml-stamp:${keyPrefix}`) && pattern.test(p.message),
            );
            assert.ok(problem, err.message);
        }
        it("wildcard repo is refused with the key path", () =>
            rejects(
                withCreds([{ name: "ci", github: { repo: "contoso/*", branch: "main" } }]),
                "automation.federatedCredentials[0].github",
                /wildcard/,
            ));
        it("github and issuer/subject are exclusive", () =>
            rejects(
                withCreds([
                    { name: "ci", github: { repo: "a/b", branch: "main" }, issuer: GITHUB_ISSUER, subject: "x" },
                ]),
                "automation.federatedCredentials[0]",
                /not both/,
            ));
        it("names are unique", () =>
            rejects(
                withCreds([
                    { name: "ci", github: { repo: "a/b", branch: "main" } },
                    { name: "ci", github: { repo: "a/b", tag: "v1" } },
                ]),
                "automation.federatedCredentials[1].name",
                /unique/,
            ));
        it("issuer+subject pairs are unique", () =>
            rejects(
                withCreds([
                    { name: "one", github: { repo: "a/b", branch: "main" } },
                    { name: "two", issuer: GITHUB_ISSUER, subject: "repo:a/b:ref:refs/heads/main" },
                ]),
                "automation.federatedCredentials[1]",
                /unique/,
            ));
        it("at most 20", () =>
            rejects(
                withCreds(
                    Array.from({ length: 21 }, (_, i) => ({ name: `c${i}`, github: { repo: "a/b", tag: `v${i}` } })),
                ),
                "automation.federatedCredentials",
                /at most 20/,
            ));
        it("a federation-only principal is allowed", () => {
            const cfg = parseDev({
                automation: {
                    clientSecrets: false,
                    federatedCredentials: [{ name: "ci", github: { repo: "a/b", pullRequest: true } }],
                },
            });
            assert.equal(cfg.automation.clientSecrets, false);
        });
    });
});
