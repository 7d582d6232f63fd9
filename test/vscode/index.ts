// The suite's entry, in the @vscode/test-electron convention: the extension host loads this
// module and calls `run()`; a rejected promise means failure. Here it runs through code-server
// (scripts/run-vscode-tests.ts); on a machine with internet the same module runs under
// @vscode/test-electron. NN_STUDIO_TEST_GREP narrows the run to matching tests.

import * as fs from "fs";
import Mocha from "mocha";
import * as path from "path";

const SUITE_BEGIN = "--- nn-studio suite begin ---";
const SUITE_END = "--- nn-studio suite end ---";

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: "bdd", color: false, reporter: "spec", timeout: 30_000 });
  const grep = process.env.NN_STUDIO_TEST_GREP;
  if (grep !== undefined && grep !== "") mocha.grep(grep);
  for (const file of fs.readdirSync(__dirname).filter((name) => name.endsWith(".test.js")).sort()) {
    mocha.addFile(path.join(__dirname, file));
  }
  // The runner reads the suite's output between these two lines (scripts/vscode/workbench.ts).
  console.log(SUITE_BEGIN);
  return new Promise((resolve, reject) => {
    mocha.run((failures) => {
      console.log(SUITE_END);
      if (failures > 0) reject(new Error(`${failures} tests failed.`));
      else resolve();
    });
  });
}
