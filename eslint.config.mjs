import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist/**", "node_modules/**", "examples/**", "test/fixtures/**", "types/**", "out/**", ".cache/**"] },
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    // DESIGN.md: the core is pure. It reads files only through the host it is given, and knows
    // nothing of the editor or of TensorFlow.js, so the CLI, tests and the editor share it.
    files: ["src/core/**/*.ts"],
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "no-restricted-imports": ["error", {
        paths: [
          { name: "vscode", message: "src/core must not depend on VS Code (DESIGN.md)." },
          { name: "fs", message: "src/core reads files only through its Host (DESIGN.md)." },
          { name: "node:fs", message: "src/core reads files only through its Host (DESIGN.md)." },
          { name: "fs/promises", message: "src/core reads files only through its Host (DESIGN.md)." },
          { name: "node:fs/promises", message: "src/core reads files only through its Host (DESIGN.md)." },
        ],
        patterns: [{ group: ["@tensorflow/*"], message: "src/core must not load TensorFlow.js (DESIGN.md)." }],
      }],
    },
  },
  {
    // The extension logs through one output channel; console output is lost there.
    files: ["src/extension/**/*.ts"],
    rules: { "no-console": "error" },
  },
);
