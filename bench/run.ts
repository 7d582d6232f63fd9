// `npm run bench`: every benchmark in one run. Each prints its own figures; none fails on a slow
// machine (performance goals are read, not asserted).

import * as fs from "fs";
import * as path from "path";

const BENCHMARKS = ["analyze", "activation", "topology", "training-panel", "train"];

async function run(): Promise<void> {
  const only = process.argv.slice(2);
  for (const name of BENCHMARKS) {
    if (only.length > 0 && !only.includes(name)) continue;
    const file = path.join(__dirname, `${name}.ts`);
    if (!fs.existsSync(file)) continue;
    console.log(`\n== bench/${name}.ts ==`);
    const module = (await import(file)) as { main(): Promise<void> };
    await module.main();
  }
}

run().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
