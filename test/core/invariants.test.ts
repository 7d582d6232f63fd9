// DESIGN.md's invariants that a test can hold: the core stays pure, and the lint rule that
// guards it really fires.

import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { ESLint } from "eslint";

const ROOT = path.resolve(__dirname, "../..");
const CORE = path.join(ROOT, "src/core");

function sources(folder: string): string[] {
  return fs.readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(folder, entry.name);
    return entry.isDirectory() ? sources(full) : entry.name.endsWith(".ts") ? [full] : [];
  });
}

describe("invariants", () => {
  it("src/core imports nothing from vscode, TensorFlow.js or fs", () => {
    const forbidden = /(?:from\s+|require\()\s*["'](vscode|fs|node:fs|fs\/promises|node:fs\/promises|@tensorflow\/[^"']*)["']/;
    const offenders = sources(CORE).filter((file) => forbidden.test(fs.readFileSync(file, "utf8")));
    assert.deepEqual(offenders.map((file) => path.relative(ROOT, file)), []);
  });

  const violations: { code: string; message: RegExp }[] = [
    { code: `import * as fs from "fs";\nexport const x = fs;\n`, message: /reads files only through its Host/ },
    { code: `import * as vscode from "vscode";\nexport const x = vscode;\n`, message: /must not depend on VS Code/ },
    { code: `import * as tf from "@tensorflow/tfjs";\nexport const x = tf;\n`, message: /must not load TensorFlow\.js/ },
  ];
  for (const row of violations) {
    it(`the lint rule rejects ${row.code.split("\n")[0]} in src/core`, async function () {
      this.timeout(60000);
      const eslint = new ESLint({ cwd: ROOT });
      const [result] = await eslint.lintText(row.code, { filePath: path.join(CORE, "lint-probe.ts") });
      assert.ok(result.messages.some((m) => row.message.test(m.message)), JSON.stringify(result.messages));
    });
  }
});
