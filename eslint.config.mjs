// ESLint flat config: typescript-eslint's recommended rules plus Pulumi's rules, which need type information
// (an Output in a template string is always a bug: use pulumi.interpolate).
import tseslint from "typescript-eslint";
import pulumi from "@pulumi/eslint-plugin";

export default tseslint.config(
    // examples/ are adopters' programs that import the package by name: tests/package.integration.spec.ts type-checks the TypeScript
    // one against the packed package (its own tsconfig), which lint's project service cannot resolve.
    { ignores: ["node_modules/**", "bin/**", "dist/**", "examples/**", "**/*.js", "**/*.mjs"] },
    ...tseslint.configs.recommended,
    {
        files: ["**/*.ts"],
        languageOptions: {
            // One program, the root tsconfig's (it includes every linted file, policy/ too). `projectService` opened
            // each file's nearest tsconfig, so policy/tsconfig.json (extends the root, same `include`) built a second
            // whole program: lint took twice tsc's time and 2 GB (now ~1.2x tsc, 1.1 GB).
            parserOptions: { project: "./tsconfig.json", tsconfigRootDir: import.meta.dirname },
        },
        plugins: { "@pulumi": pulumi },
        rules: {
            "@pulumi/no-output-in-template-literal": "error",
            "@pulumi/no-output-instance-in-template-literal": "error",
            "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
            "@typescript-eslint/prefer-nullish-coalescing": "off",
            "no-restricted-imports": [
                "error",
                {
                    paths: [
                        {
                            name: "@pulumi/azure-native",
                            message:
                                "Import the submodule (e.g. @pulumi/azure-native/storage): the package root makes tsc read 1.1 M lines of declarations.",
                        },
                    ],
                },
            ],
            "no-restricted-syntax": [
                "error",
                {
                    selector: "LogicalExpression[operator='||'] > Literal.right",
                    message: "Use ?? for defaults: || drops an explicit false, 0 or empty string.",
                },
            ],
        },
    },
    {
        // Time is read in one place only (lib/clock.ts), so previews are stable and tests can pin it.
        files: ["index.ts", "components/**/*.ts", "config/**/*.ts"],
        rules: {
            "no-restricted-properties": [
                "error",
                { object: "Date", property: "now", message: "Read time from lib/clock.ts (now())." },
                { object: "Math", property: "random", message: "Use @pulumi/random: randomness must live in state." },
            ],
            "no-restricted-syntax": [
                "error",
                {
                    selector: "NewExpression[callee.name='Date'][arguments.length=0]",
                    message: "Read time from lib/clock.ts (now()).",
                },
                {
                    selector: "LogicalExpression[operator='||'] > Literal.right",
                    message: "Use ?? for defaults: || drops an explicit false, 0 or empty string.",
                },
            ],
        },
    },
);
