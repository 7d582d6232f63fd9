// `npm run accuracy`: the examples trained to real accuracy on their test split, through the
// same worker users get (default backend, their own settings), with the time each took. The
// MNIST convnet must reach 98.5 % within 5 epochs on the full set: too long for the unit tests,
// so it is proven here and recorded in docs/training-performance.md. Exit code 1 if any example
// misses its goal.
//
//   npm run accuracy                  every example in the table
//   npm run accuracy -- mnist         only those whose file name contains "mnist"

import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { WorkerClient } from "../src/train/client";

interface Goal {
  file: string;
  /** An epoch count that overrides the file's, when the goal is "within N epochs". */
  epochs?: number;
  accuracy: number;
}

const GOALS: Goal[] = [
  { file: "spiral.nn.ts", accuracy: 0.95 },
  { file: "churn.nn.ts", accuracy: 0.85 },
  { file: "mnist.nn.ts", epochs: 5, accuracy: 0.985 },
];

export async function main(filters: string[] = process.argv.slice(2)): Promise<boolean> {
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), "nn-studio-accuracy-"));
  let allMet = true;
  try {
    for (const goal of GOALS) {
      if (filters.length > 0 && !filters.some((filter) => goal.file.includes(filter))) continue;
      allMet = (await prove(goal, workspace)) && allMet;
    }
  } finally {
    fs.rmSync(workspace, { recursive: true, force: true });
  }
  return allMet;
}

async function prove(goal: Goal, workspace: string): Promise<boolean> {
  const file = path.resolve(__dirname, "../examples", goal.file);
  const started = performance.now();
  const client = WorkerClient.train({ file, workspace, batchEventsPerSecond: 0, ...(goal.epochs === undefined ? {} : { epochs: goal.epochs }) });
  client.on("started", (event) => {
    console.log(`${goal.file}: ${event.model} on ${event.backend}, ${event.samples.train.toLocaleString("en-US")} training examples, ${event.epochs} epochs, seed ${event.seed}`);
  });
  client.on("epoch", (event) => {
    const logs = Object.entries(event.logs)
      .map(([key, value]) => `${key} ${value.toFixed(4)}`)
      .join(" · ");
    console.log(`  epoch ${event.epoch}/${event.epochs}: ${logs} · ${(event.durationMs / 1000).toFixed(1)} s, ${Math.round(event.samplesPerSecond)} samples/s`);
  });
  client.on("log", (event) => {
    if (event.level === "warning") console.log(`  warning: ${event.message}`);
  });
  const outcome = await client.outcome;
  const seconds = (performance.now() - started) / 1000;
  if (outcome.type !== "done") {
    console.log(`  FAILED: ${outcome.type === "error" ? outcome.message : outcome.type}`);
    return false;
  }
  const accuracy = outcome.test.accuracy;
  const met = accuracy >= goal.accuracy;
  console.log(
    `  test accuracy ${(accuracy * 100).toFixed(2)} % (goal ≥ ${(goal.accuracy * 100).toFixed(1)} %): ${met ? "met" : "MISSED"}; ` +
      `${outcome.epochs} epochs, ${seconds.toFixed(0)} s in all on ${outcome.backend}`,
  );
  return met;
}

if (require.main === module) {
  main().then(
    (met) => {
      process.exitCode = met ? 0 : 1;
    },
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : String(error));
      process.exitCode = 1;
    },
  );
}
