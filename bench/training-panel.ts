// The training panel's render time per epoch update with 1,000 points per series: the real
// bundle in headless Chromium (the webview tests' page), brought to 1,000 epochs and 1,000 batch
// points, then timed over further epoch updates: the message, the panel's state update, and
// uPlot's redraw of every chart (which it runs in a microtask after setData).
//
//   npx tsx bench/training-panel.ts
//
// The values are the recorded spiral run's (test/fixtures/training/spiral3.jsonl), repeated to
// reach 1,000 epochs: what is measured is drawing, not learning.

import * as fs from "fs";
import type { BatchEvent, EpochEvent, StartedEvent, WorkerEvent } from "../src/protocol/worker";
import { buildBundle, launchBrowser, openPanel, readEvents } from "../test/webview/trainingHarness";

const POINTS = 1000;
const UPDATES = 100;

/** The recorded run stretched to `POINTS` epochs, with one batch event per epoch. */
function stream(): { setup: WorkerEvent[]; updates: WorkerEvent[][] } {
  const recorded = readEvents("spiral3.jsonl");
  const started = { ...(recorded[0] as StartedEvent), epochs: POINTS + UPDATES };
  const epochs = recorded.filter((e): e is EpochEvent => e.type === "epoch");
  const batches = recorded.filter((e): e is BatchEvent => e.type === "batch");
  const epochAt = (i: number): WorkerEvent[] => {
    const template = epochs[i % epochs.length];
    const batch = batches[i % batches.length];
    return [
      { ...batch, epoch: i, batch: 0, batchesPerEpoch: started.batchesPerEpoch },
      { ...template, epoch: i + 1, epochs: started.epochs },
    ];
  };
  const setup: WorkerEvent[] = [started];
  for (let i = 0; i < POINTS; i++) setup.push(...epochAt(i));
  const updates = Array.from({ length: UPDATES }, (_, k) => epochAt(POINTS + k));
  return { setup, updates };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export async function main(): Promise<void> {
  const bundle = await buildBundle();
  const browser = await launchBrowser();
  try {
    const panel = await openPanel(browser, bundle, "dark");
    const { setup, updates } = stream();
    await panel.replay(setup);
    const charts = await panel.charts();
    const sizes = charts.map((c) => `${c.title}: ${c.series.length} series × ${c.x.length}`).join(", ");

    const times = await panel.page.evaluate(async (batches) => {
      const measured: number[] = [];
      for (const events of batches) {
        const start = performance.now();
        for (const event of events) window.dispatchEvent(new MessageEvent("message", { data: { type: "worker", event } }));
        window.nnStudioTrainingPanel?.renderNow();
        // uPlot redraws in a microtask after setData; this continuation runs after it.
        await Promise.resolve();
        measured.push(performance.now() - start);
        // Let the browser paint between updates, as it does between real epochs.
        await new Promise((resolve) => requestAnimationFrame(resolve));
      }
      return measured;
    }, updates);
    const sorted = [...times].sort((a, b) => a - b);
    console.log(`charts: ${sizes}`);
    console.log(`epoch update (message → state → every chart redrawn), ${UPDATES} updates at ${POINTS}+ points per series:`);
    console.log(`  median ${percentile(sorted, 50).toFixed(2)} ms · p95 ${percentile(sorted, 95).toFixed(2)} ms · max ${sorted[sorted.length - 1].toFixed(2)} ms`);
    await panel.page.close();
  } finally {
    await browser.close();
    fs.rmSync(bundle, { recursive: true, force: true });
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
