// Generated model files of a given size, for the analysis and topology benchmarks.

/** A realistic chain: conv blocks with batch norm and occasional pooling, then a classifier. */
export function generatedModel(layerCount: number, variant = 0): string {
  const lines: string[] = [
    `import { model, input, conv2d, batchNorm, dropout, maxPool2d, flatten, dense } from "nn-studio";`,
    ``,
    `export default model({`,
    `  name: "generated-${layerCount}",`,
    `  input: input([64, 64, 3]),`,
    `  layers: [`,
  ];
  let size = 64;
  let count = 0;
  while (count < layerCount - 2) {
    const k = count % 4;
    if (k === 0) lines.push(`    conv2d({ filters: ${16 + ((count + variant) % 7)}, kernelSize: 3, padding: "same", activation: "relu" }),`);
    else if (k === 1) lines.push(`    batchNorm(),`);
    else if (k === 2 && size > 4 && count % 40 === 2) {
      lines.push(`    maxPool2d({ poolSize: 2 }),`);
      size /= 2;
    } else lines.push(`    dropout(0.1),`);
    count++;
  }
  lines.push(`    flatten(),`, `    dense({ units: 10, activation: "softmax" }),`, `  ],`, `});`, ``);
  return lines.join("\n");
}
