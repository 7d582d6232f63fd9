import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { WorkerClient } from "../../src/train/client";

const examples = path.resolve(__dirname, "../../examples");

// The proof that training works: the examples, exactly as users get them (their own settings,
// the default backend, through the worker), reach real accuracy on their held-out test split.
// The MNIST convnet's proof takes longer and is a script: npm run accuracy.
describe("examples train to real accuracy on the test split", function () {
  this.timeout(600000);
  let workspace: string;
  before(() => {
    workspace = fs.mkdtempSync(path.join(os.tmpdir(), "nn-accuracy-"));
  });
  after(() => fs.rmSync(workspace, { recursive: true, force: true }));

  const rows: { file: string; accuracy: number }[] = [
    { file: "spiral.nn.ts", accuracy: 0.95 },
    { file: "churn.nn.ts", accuracy: 0.85 },
  ];
  for (const row of rows) {
    it(`${row.file}: test accuracy ≥ ${row.accuracy * 100} %`, async () => {
      const outcome = await WorkerClient.train({ file: path.join(examples, row.file), workspace, batchEventsPerSecond: 0 }).outcome;
      assert.equal(outcome.type, "done", JSON.stringify(outcome));
      if (outcome.type !== "done") return;
      assert.equal(outcome.status, "completed");
      assert.ok(outcome.test.accuracy >= row.accuracy, `test accuracy ${outcome.test.accuracy}`);
      assert.equal(outcome.evaluation?.kind, "classification");
    });
  }
});
