import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { analyze } from "../../src/core/analyze";
import { nodeHost } from "../../src/node/host";
import { loadBackend, type TF } from "../../src/train/backend";
import { buildModel } from "../../src/train/buildModel";

const examples = path.resolve(__dirname, "../../examples");

// The numbers the editor shows must be the network that trains: for every model of every
// example, the TensorFlow.js model built from the analysis has exactly the analysed parameters.
describe("examples: built networks match the analysis", function () {
  this.timeout(60000);
  let tf: TF;
  before(async () => {
    tf = (await loadBackend("cpu")).tf;
  });

  const files = fs
    .readdirSync(examples)
    .filter((name) => name.endsWith(".nn.ts"))
    .sort();
  it("there are examples to check", () => assert.ok(files.length >= 3, files.join(", ")));

  for (const name of files) {
    it(name, () => {
      const file = path.join(examples, name);
      const analysis = analyze(fs.readFileSync(file, "utf8"), file, nodeHost);
      assert.ok(analysis.models.length > 0, "exports a model");
      for (const model of analysis.models) {
        assert.ok(model.totalParams !== null && model.inputShape !== null, `${model.name} has known sizes`);
        const network = buildModel(tf, model.inputShape as number[], model.layers, model.node.input?.dtype ?? "float32");
        try {
          const trainable = network.trainableWeights.reduce((sum, w) => sum + (w.shape as number[]).reduce((a, b) => a * b, 1), 0);
          assert.deepEqual(
            { model: model.name, total: network.countParams(), trainable },
            { model: model.name, total: model.totalParams, trainable: model.trainableParams },
          );
        } finally {
          network.dispose();
        }
      }
    });
  }
});
