/**
 * A small evaluator for the GitHub Actions expressions the workflows use (`${{ … }}`), for the CI harness. It knows
 * literals, context paths (`github.event.pull_request.base.sha`, `steps.exists.outputs.exists`, `matrix.stack`),
 * `==`/`!=` (strings compared case-insensitively, as GitHub does), `!`, `&&`, `||`, parentheses and the functions
 * `success()`, `failure()`, `always()`, `cancelled()`, `fromJSON()`, `toJSON()`. A path missing from the context or
 * any other syntax throws: a test must fail on an expression the harness does not know, never guess its value.
 * Semantics: docs.github.com/actions/reference/workflows-and-actions/expressions (operators, status functions).
 */

export type Ctx = Record<string, unknown>;

export interface Status {
    /** true once a previous step of the job failed (without continue-on-error). */
    readonly failed: boolean;
}

type Tok = { t: "str" | "num" | "id" | "op"; v: string };

function tokenize(src: string): Tok[] {
    const out: Tok[] = [];
    let i = 0;
    while (i < src.length) {
        const c = src[i]!;
        if (/\s/.test(c)) {
            i++;
            continue;
        }
        if (c === "'") {
            let s = "";
            i++;
            for (;;) {
                if (i >= src.length) throw new Error(`unterminated string in expression: ${src}`);
                if (src[i] === "'" && src[i + 1] === "'") {
                    s += "'";
                    i += 2;
                } else if (src[i] === "'") {
                    i++;
                    break;
                } else s += src[i++];
            }
            out.push({ t: "str", v: s });
            continue;
        }
        const two = src.slice(i, i + 2);
        if (["==", "!=", "&&", "||"].includes(two)) {
            out.push({ t: "op", v: two });
            i += 2;
            continue;
        }
        if ("!().,[]".includes(c)) {
            out.push({ t: "op", v: c });
            i++;
            continue;
        }
        const num = /^\d+(\.\d+)?/.exec(src.slice(i));
        if (num) {
            out.push({ t: "num", v: num[0] });
            i += num[0].length;
            continue;
        }
        const id = /^[A-Za-z_][\w-]*/.exec(src.slice(i));
        if (id) {
            out.push({ t: "id", v: id[0] });
            i += id[0].length;
            continue;
        }
        throw new Error(`unsupported character '${c}' in expression: ${src}`);
    }
    return out;
}

function looseEqual(a: unknown, b: unknown): boolean {
    if (typeof a === "string" && typeof b === "string") return a.toLowerCase() === b.toLowerCase();
    return a === b;
}

function truthy(v: unknown): boolean {
    return !(v === false || v === null || v === undefined || v === 0 || v === "");
}

/** Evaluates one expression (the text inside `${{ }}`, or a bare `if:`). */
export function evaluateExpression(src: string, ctx: Ctx, status: Status = { failed: false }): unknown {
    const toks = tokenize(src);
    let p = 0;
    const peek = (): Tok | undefined => toks[p];
    const eat = (v: string): void => {
        if (peek()?.v !== v) throw new Error(`expected '${v}' in expression: ${src}`);
        p++;
    };
    /** A left-associative binary operator over `operand`, folding with `combine`. */
    const binary =
        (op: string, operand: () => unknown, combine: (l: unknown, r: unknown) => unknown) => (): unknown => {
            let l = operand();
            while (peek()?.v === op) {
                p++;
                l = combine(l, operand());
            }
            return l;
        };
    const or = binary(
        "||",
        () => and(),
        (l, r) => (truthy(l) ? l : r),
    );
    const and = binary(
        "&&",
        () => unary(),
        (l, r) => (truthy(l) ? r : l),
    );
    const unary = (): unknown => {
        if (peek()?.v === "!") {
            p++;
            return !truthy(unary());
        }
        return cmp();
    };
    const cmp = (): unknown => {
        const l = primary();
        const op = peek()?.v;
        if (op === "==" || op === "!=") {
            p++;
            const r = primary();
            return op === "==" ? looseEqual(l, r) : !looseEqual(l, r);
        }
        return l;
    };
    const call = (name: string): unknown => {
        eat("(");
        const args: unknown[] = [];
        while (peek()?.v !== ")") {
            args.push(or());
            if (peek()?.v === ",") p++;
        }
        eat(")");
        switch (name) {
            case "success":
                return !status.failed;
            case "failure":
                return status.failed;
            case "always":
                return true;
            case "cancelled":
                return false;
            case "fromJSON":
                return JSON.parse(String(args[0]));
            case "toJSON":
                return JSON.stringify(args[0]);
            default:
                throw new Error(`unknown function ${name}() in expression: ${src}`);
        }
    };
    const primary = (): unknown => {
        const tok = peek();
        if (tok === undefined) throw new Error(`unexpected end of expression: ${src}`);
        p++;
        if (tok.t === "str") return tok.v;
        if (tok.t === "num") return Number(tok.v);
        if (tok.v === "(") {
            const v = or();
            eat(")");
            return v;
        }
        if (tok.t !== "id") throw new Error(`unexpected '${tok.v}' in expression: ${src}`);
        if (tok.v === "true") return true;
        if (tok.v === "false") return false;
        if (tok.v === "null") return null;
        if (peek()?.v === "(") return call(tok.v);
        const pathParts = [tok.v];
        let value: unknown = ctx;
        const step = (key: string): void => {
            pathParts.push(key);
            if (value === null || typeof value !== "object" || !(key in (value as object))) {
                throw new Error(`unknown expression context '${pathParts.join(".")}' in: ${src}`);
            }
            value = (value as Record<string, unknown>)[key];
        };
        pathParts.pop();
        step(tok.v);
        for (;;) {
            if (peek()?.v === ".") {
                p++;
                const id = peek();
                if (id?.t !== "id") throw new Error(`expected a property name in expression: ${src}`);
                p++;
                step(id.v);
            } else if (peek()?.v === "[") {
                p++;
                const k = or();
                eat("]");
                step(String(k));
            } else break;
        }
        return value;
    };
    const v = or();
    if (p !== toks.length) throw new Error(`unexpected '${toks[p]!.v}' in expression: ${src}`);
    return v;
}

/** An `if:` condition: a bare expression or one wrapped in `${{ }}`; GitHub adds `success() &&` unless a status
 * function appears in it. */
export function evaluateCondition(cond: string | boolean | undefined, ctx: Ctx, status: Status): boolean {
    if (cond === undefined) return !status.failed;
    if (typeof cond === "boolean") return cond && !status.failed;
    const inner = cond.trim().replace(/^\$\{\{([\s\S]*)\}\}$/, "$1");
    const usesStatus = /\b(success|failure|always|cancelled)\s*\(/.test(inner);
    const v = truthy(evaluateExpression(inner, ctx, status));
    return usesStatus ? v : v && !status.failed;
}

/** Replaces every `${{ expr }}` in `text` (objects and arrays become JSON, null/undefined the empty string). */
export function substitute(text: string, ctx: Ctx, status: Status = { failed: false }): string {
    return text.replace(/\$\{\{([\s\S]*?)\}\}/g, (_m, expr: string) => {
        const v = evaluateExpression(expr, ctx, status);
        if (v === null || v === undefined) return "";
        return typeof v === "object" ? JSON.stringify(v) : String(v);
    });
}
