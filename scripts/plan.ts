/**
 * `npm run plan [-- --stack NAME] [-- --json]`, `npm run plan -- --all` (every Pulumi.<stack>.yaml, one at a time;
 * fails naming the first invalid stack file and key): the offline plan. Evaluates the program for a stack under
 * Pulumi's mock runtime and prints what it declares. Exit 1 on invalid config (the config error is printed).
 */
import { parseArgs } from "node:util";
import { ConfigError } from "../config/errors";
import { evaluate } from "./offline/evaluate";
import { planModel, renderText } from "./offline/render";
import { planAll, renderPlanAll } from "./offline/planAll";

async function main(): Promise<number> {
    const { values } = parseArgs({
        options: {
            stack: { type: "string", default: "dev" },
            json: { type: "boolean", default: false },
            all: { type: "boolean", default: false },
            help: { type: "boolean", short: "h", default: false },
        },
        strict: true,
    });
    if (values.help) {
        process.stdout.write("usage: npm run plan -- [--stack NAME] [--json] | --all\n");
        return 0;
    }
    if (values.all) {
        const result = await planAll();
        (result.ok ? process.stdout : process.stderr).write(`${renderPlanAll(result)}\n`);
        return result.ok ? 0 : 1;
    }
    try {
        const model = planModel(await evaluate({ stack: values.stack }));
        process.stdout.write(values.json ? `${JSON.stringify(model, null, 2)}\n` : `${renderText(model)}\n`);
        return 0;
    } catch (err) {
        if (err instanceof ConfigError || (err as Error)?.name === "ConfigError") {
            process.stderr.write(`Stack "${values.stack}": ${(err as Error).message}\n`);
            return 1;
        }
        throw err;
    }
}

main().then(
    (code) => process.exit(code),
    (err: unknown) => {
        process.stderr.write(`offline plan failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
        process.exit(2);
    },
);
