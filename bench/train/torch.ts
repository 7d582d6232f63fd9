// The PyTorch side of the training benchmark: finds a Python with torch (Debian's python3-torch
// installs into /usr/bin/python3, which a pyenv shim may hide) and runs torch_mnist.py on the
// same MNIST files, batch size and batch counts as the TensorFlow.js side.
import { spawnSync } from "child_process";
import * as path from "path";
import { mnistFolder } from "./mnist";

export interface TorchResult {
  python: string;
  version: string;
  threads: number;
  convnet: number[];
  mlp: number[];
}

const PYTHONS = ["python3", "/usr/bin/python3"];

export function findTorchPython(): string | null {
  for (const python of PYTHONS) {
    const probe = spawnSync(python, ["-c", "import torch"], { stdio: "ignore" });
    if (probe.status === 0) return python;
  }
  return null;
}

export interface TorchOptions {
  batchSize: number;
  batches: number;
  warmupBatches: number;
  repeats: number;
  threads: number;
}

/** null when no Python here can import torch; throws when the script itself fails. */
export function torchSamplesPerSecond(options: TorchOptions): TorchResult | null {
  const python = findTorchPython();
  if (python === null) return null;
  const script = path.join(__dirname, "torch_mnist.py");
  const args = [options.batchSize, options.batches, options.warmupBatches, options.repeats, options.threads].map(String);
  const run = spawnSync(python, [script, mnistFolder(), ...args], { encoding: "utf8" });
  if (run.status !== 0) throw new Error(`${python} ${script} failed: ${run.stderr.trim().split("\n").pop()}`);
  const parsed = JSON.parse(run.stdout) as Omit<TorchResult, "python" | "version"> & { torch: string };
  return { python, version: parsed.torch, threads: parsed.threads, convnet: parsed.convnet, mlp: parsed.mlp };
}
