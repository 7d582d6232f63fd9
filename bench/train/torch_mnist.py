"""PyTorch reference for bench/train.ts: the same two models, data, batch size and optimizer.

Usage: python3 torch_mnist.py DATA_DIR BATCH_SIZE BATCHES WARMUP_BATCHES REPEATS THREADS
Prints one JSON object: {"torch": version, "threads": n, "convnet": [samples/s per repeat],
"mlp": [samples/s per repeat]}.
"""
import json
import os
import struct
import sys
import time

import torch
from torch import nn


def load(data_dir, count):
    with open(os.path.join(data_dir, "train-images-idx3-ubyte"), "rb") as f:
        magic, available, rows, cols = struct.unpack(">IIII", f.read(16))
        assert magic == 2051 and count <= available
        pixels = f.read(count * rows * cols)
    with open(os.path.join(data_dir, "train-labels-idx1-ubyte"), "rb") as f:
        magic, _ = struct.unpack(">II", f.read(8))
        assert magic == 2049
        labels = f.read(count)
    x = torch.frombuffer(bytearray(pixels), dtype=torch.uint8).float().div_(255).reshape(count, 1, 28, 28)
    y = torch.tensor(list(labels), dtype=torch.long)
    return x, y


def build(name):
    if name == "convnet":
        return nn.Sequential(
            nn.Conv2d(1, 32, 3), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(32, 64, 3), nn.ReLU(), nn.MaxPool2d(2),
            nn.Flatten(), nn.Dropout(0.5), nn.Linear(1600, 10),
        )
    return nn.Sequential(nn.Flatten(), nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 10))


def run_batches(model, optimizer, loss_fn, x, y, batch_size):
    for first in range(0, x.shape[0], batch_size):
        optimizer.zero_grad()
        # CrossEntropyLoss on logits is softmax + categorical crossentropy, as in the tfjs models.
        loss = loss_fn(model(x[first:first + batch_size]), y[first:first + batch_size])
        loss.backward()
        optimizer.step()
    return loss.item()


def samples_per_second(name, x, y, batch_size, batches, warmup, repeats):
    torch.manual_seed(0)
    model = build(name)
    model.train()
    optimizer = torch.optim.Adam(model.parameters(), lr=0.001)
    loss_fn = nn.CrossEntropyLoss()
    warm = batch_size * warmup
    timed = batch_size * batches
    run_batches(model, optimizer, loss_fn, x[:warm], y[:warm], batch_size)
    rates = []
    for _ in range(repeats):
        start = time.perf_counter()
        run_batches(model, optimizer, loss_fn, x[warm:warm + timed], y[warm:warm + timed], batch_size)
        rates.append(timed / (time.perf_counter() - start))
    return rates


def main():
    data_dir = sys.argv[1]
    batch_size, batches, warmup, repeats, threads = (int(a) for a in sys.argv[2:7])
    torch.set_num_threads(threads)
    x, y = load(data_dir, batch_size * (batches + warmup))
    result = {"torch": torch.__version__, "threads": torch.get_num_threads()}
    for name in ("convnet", "mlp"):
        result[name] = samples_per_second(name, x, y, batch_size, batches, warmup, repeats)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
