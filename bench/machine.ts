/** The report's machine section: CPU, memory, load, OS, package versions, commit. */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

export function machine(root: string, useGnuTime: boolean): string[] {
    const cpus = os.cpus();
    let commit = "unknown";
    const git = spawnSync("git", ["rev-parse", "--short", "HEAD"], { cwd: root, encoding: "utf8" });
    if (git.status === 0) commit = git.stdout.trim();
    const version = (p: string): string =>
        (JSON.parse(fs.readFileSync(path.join(root, "node_modules", p, "package.json"), "utf8")) as { version: string })
            .version;
    return [
        `- CPU: ${cpus[0]?.model.trim() ?? "unknown"}, ${cpus.length} logical cores (available parallelism ${os.availableParallelism()})`,
        `- Memory: ${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB\n- Load average at the start: ${os
            .loadavg()
            .map((l) => l.toFixed(2))
            .join(" / ")}`,
        `- OS: ${os.type()} ${os.release()} (${os.arch()}); Node ${process.version}`,
        `- Packages: @pulumi/pulumi ${version("@pulumi/pulumi")}, @pulumi/azure-native ${version("@pulumi/azure-native")}, typescript ${version("typescript")}, ts-node ${version("ts-node")}`,
        `- Commit: ${commit}; peak memory from ${useGnuTime ? "GNU time (%M, max RSS of the process tree's largest process)" : "process.resourceUsage().maxRSS of each node process"}`,
    ];
}
