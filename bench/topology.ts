// Time to lay out and draw the topology of VGG16 and of a generated 500-layer model (budget:
// under 200 ms, issue 6). The models are analysed by the core, then sent to the real webview
// bundle in headless Chromium; a run is timed from posting the update to the first frame after
// it is drawn (layout, DOM, style, paint). Node-side layout alone is reported as well.
//
// Run alone: `npx tsx bench/topology.ts`; bench/run.ts calls `main()`.

import { analyze } from "../src/core/analyze";
import { nodeHost } from "../src/node/host";
import { topologyUpdate, type UpdateMessage } from "../src/protocol/topology";
import { TopologyHarness } from "../test/webview/topologyPage";
import { buildGraph } from "../webview/topology/graphModel";
import { layoutGraph } from "../webview/topology/layout";

export const BUDGET_MS = 200;
const RUNS = 7;

/** VGG16 (Simonyan & Zisserman 2014, configuration D) on 224×224×3. */
export function vgg16Source(): string {
  const block = (filters: number, convs: number) =>
    [...Array.from({ length: convs }, () => `    conv2d({ filters: ${filters}, kernelSize: 3, padding: "same", activation: "relu" }),`), "    maxPool2d({ poolSize: 2 }),"].join("\n");
  return `import { model, input, conv2d, maxPool2d, flatten, dense } from "nn-studio";
export default model({
  name: "vgg16",
  input: input([224, 224, 3]),
  layers: [
${block(64, 2)}
${block(128, 2)}
${block(256, 3)}
${block(512, 3)}
${block(512, 3)}
    flatten(),
    dense({ units: 4096, activation: "relu" }),
    dense({ units: 4096, activation: "relu" }),
    dense({ units: 1000, activation: "softmax" }),
  ],
});
`;
}

/** 166 conv/batchNorm/relu blocks, then flatten and a classifier: 500 layers. */
export function deepSource(layers = 500): string {
  const blocks = Math.floor((layers - 2) / 3);
  const lines: string[] = [];
  for (let i = 0; i < blocks; i++) {
    lines.push(`    conv2d({ filters: ${16 + (i % 4) * 8}, kernelSize: 3, padding: "same" }),`, "    batchNorm(),", '    activation("relu"),');
  }
  return `import { model, input, conv2d, batchNorm, activation, flatten, dense } from "nn-studio";
export default model({
  name: "deep-${layers}",
  input: input([32, 32, 3]),
  layers: [
${lines.join("\n")}
    flatten(),
    dense({ units: 10, activation: "softmax" }),
  ],
});
`;
}

function update(source: string, name: string, version: number): UpdateMessage {
  return topologyUpdate(analyze(source, `/bench/${name}.nn.ts`, nodeHost), version);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

export interface TopologyBenchResult {
  model: string;
  layers: number;
  layoutMs: number;
  drawMs: number;
  withinBudget: boolean;
}

export async function main(): Promise<TopologyBenchResult[]> {
  const models = [
    { name: "vgg16", source: vgg16Source() },
    { name: "deep-500", source: deepSource(500) },
  ];
  const results: TopologyBenchResult[] = [];
  const harness = await TopologyHarness.start();
  try {
    for (const { name, source } of models) {
      const first = update(source, name, 1);
      const model = first.models[0];
      // Node-side: the graph model and dagre layout alone.
      const layoutTimes: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const started = performance.now();
        const graph = buildGraph(model, first.diagnostics);
        layoutGraph(graph.nodes, graph.edges);
        layoutTimes.push(performance.now() - started);
      }
      // Browser: post → drawn and painted.
      const view = await harness.open({ width: 1200, height: 800 });
      const drawTimes: number[] = [];
      for (let i = 0; i < RUNS + 1; i++) {
        const message = { ...first, version: i + 1 };
        const elapsed = await view.page.evaluate(
          (m) =>
            new Promise<number>((resolve) => {
              const started = performance.now();
              window.postMessage(m, "*");
              // The message is handled in its own task; the frame after it is the drawn one.
              window.addEventListener(
                "message",
                () => requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - started), 0)),
                { once: true },
              );
            }),
          message,
        );
        if (i > 0) drawTimes.push(elapsed); // The first run also compiles the bundle's code.
      }
      // The view draws the nodes near the visible area; it must know all of them.
      const items = Number(await view.page.getAttribute("svg.drawing", "data-items"));
      const drawn = await view.page.locator("g.node").count();
      if (items !== model.layers.length + 1 || drawn === 0) throw new Error(`${name}: ${items} items, ${drawn} drawn, for ${model.layers.length} layers`);
      await view.close();
      const result = {
        model: name,
        layers: model.layers.length,
        layoutMs: median(layoutTimes),
        drawMs: median(drawTimes),
        withinBudget: median(drawTimes) < BUDGET_MS,
      };
      results.push(result);
      console.log(
        `topology ${name.padEnd(9)} ${String(result.layers).padStart(4)} layers: layout ${result.layoutMs.toFixed(1)} ms (Node), ` +
          `layout+draw+paint ${result.drawMs.toFixed(1)} ms median of ${RUNS} (Chromium) — budget ${BUDGET_MS} ms ${result.withinBudget ? "✓" : "✗"}`,
      );
    }
  } finally {
    await harness.close();
  }
  return results;
}

if (require.main === module) {
  main().then(
    (results) => process.exit(results.every((r) => r.withinBudget) ? 0 : 1),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
