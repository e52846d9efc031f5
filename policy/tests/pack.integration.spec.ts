import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import * as path from "node:path";

/**
 * Loads the pack the way `pulumi preview --policy-pack policy` does: the Node.js language host runs
 * @pulumi/pulumi's run-policy-pack with the pack directory as working directory, which registers ts-node (with type
 * checking), requires the directory (package.json main: index.ts) and serves the policies over gRPC, printing the
 * port on stdout. A broken pack exits or prints an error instead.
 */
describe("policy pack loads like pulumi preview --policy-pack policy", function () {
    this.timeout(120_000);

    it("serves the pack (prints its gRPC port)", async () => {
        const dir = path.resolve(__dirname, "..");
        const runner = require.resolve("@pulumi/pulumi/cmd/run-policy-pack");
        const child = spawn(process.execPath, [runner, "127.0.0.1:1", "."], {
            cwd: dir,
            env: { ...process.env, TS_NODE_TRANSPILE_ONLY: "", TS_NODE_PROJECT: "" },
            stdio: ["ignore", "pipe", "pipe"],
        });
        let out = "";
        let err = "";
        const port = await new Promise<string>((resolve, reject) => {
            child.stdout.on("data", (d: Buffer) => {
                out += d.toString();
                const m = /^(\d+)\s*$/m.exec(out);
                if (m) resolve(m[1]!);
            });
            child.stderr.on("data", (d: Buffer) => (err += d.toString()));
            child.on("exit", (code) => reject(new Error(`pack exited with ${String(code)}: ${err}${out}`)));
        }).finally(() => child.kill());
        assert.ok(Number(port) > 0, port);
    });
});
