import assert from "node:assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { spawnSync } from "child_process";
import { type GitProbe, gitCli, type OutputsSource, writeCredentials } from "../scripts/writeCredentials";

const ENV = "AZURE_CLIENT_ID=c\nAZURE_TENANT_ID=t\nAZURE_CLIENT_SECRET=s3cret\n";

/** A fake stack: the outputs the Automation API would return. */
const fakeSource: OutputsSource = {
    async outputs(stack) {
        assert.equal(stack, "dev");
        return {
            clientConfig: {
                value: { subscription_id: "sub", resource_group: "rg-ml-platform-dev", workspace_name: "mlw-x" },
                secret: false,
            },
            servicePrincipalEnv: { value: ENV, secret: true },
        };
    },
};
const noGit: GitProbe = { insideWorkTree: () => false, isIgnored: () => false };

/** Scratch directories (they hold a fake client secret): removed after the suite. */
const made: string[] = [];
function tmp(): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aml-stamp-creds-"));
    made.push(dir);
    return dir;
}

describe("write-credentials (scripts/writeCredentials.ts)", () => {
    after(() => {
        for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
    });

    it("writes .azureml/config.json and .env (mode 0600) from the stack outputs", async () => {
        const dir = tmp();
        const r = await writeCredentials({ stack: "dev", dir, source: fakeSource, git: noGit });
        assert.deepEqual(JSON.parse(fs.readFileSync(r.configPath, "utf8")), {
            subscription_id: "sub",
            resource_group: "rg-ml-platform-dev",
            workspace_name: "mlw-x",
        });
        assert.equal(fs.readFileSync(r.envPath, "utf8"), ENV);
        assert.equal(fs.statSync(r.envPath).mode & 0o777, 0o600);
    });

    it("tightens an existing, world-readable .env to 0600", async () => {
        const dir = tmp();
        fs.writeFileSync(path.join(dir, ".env"), "old", { mode: 0o644 });
        await writeCredentials({ stack: "dev", dir, source: fakeSource, git: noGit });
        assert.equal(fs.statSync(path.join(dir, ".env")).mode & 0o777, 0o600);
    });

    it("refuses inside a git work tree when .env is not ignored, and writes nothing", async () => {
        const dir = tmp();
        const git: GitProbe = { insideWorkTree: () => true, isIgnored: () => false };
        const err = await writeCredentials({ stack: "dev", dir, source: fakeSource, git }).catch((e: Error) => e);
        assert.ok(err instanceof Error && /not git-ignored/.test(err.message), String(err));
        assert.equal(fs.existsSync(path.join(dir, ".env")), false);
        assert.equal(fs.existsSync(path.join(dir, ".azureml")), false);
    });

    it("with real git: refuses until .gitignore lists .env, then writes", async () => {
        const dir = tmp();
        assert.equal(spawnSync("git", ["init", "-q"], { cwd: dir }).status, 0);
        assert.equal(gitCli.insideWorkTree(dir), true);
        await assert.rejects(writeCredentials({ stack: "dev", dir, source: fakeSource }), /not git-ignored/);
        fs.writeFileSync(path.join(dir, ".gitignore"), ".env\n");
        assert.equal(gitCli.isIgnored(dir, ".env"), true);
        await writeCredentials({ stack: "dev", dir, source: fakeSource });
        assert.equal(fs.readFileSync(path.join(dir, ".env"), "utf8"), ENV);
    });

    it("names the missing output when the stack has no automation principal", async () => {
        const source: OutputsSource = {
            outputs: async () => ({
                clientConfig: {
                    value: { subscription_id: "s", resource_group: "r", workspace_name: "w" },
                    secret: false,
                },
            }),
        };
        await assert.rejects(
            writeCredentials({ stack: "dev", dir: tmp(), source, git: noGit }),
            /no "servicePrincipalEnv" output/,
        );
    });
});
