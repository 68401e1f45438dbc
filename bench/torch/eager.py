#!/usr/bin/python3
"""PyTorch eager anchors for bench/run.ps1: MALA batch 8748 and ResNet-18 batch 1 on the CPU.

Debian's python3-torch (1.13) and python3-torchvision, torch.set_num_threads(THREADS), no_grad,
the same network architectures as ../shared/inputs (weights differ: timing does not depend on
them). Prints one line per case: `<name> median_ms <value>` (median of the timed calls after
warm-up calls).
Usage: /usr/bin/python3 bench/torch/eager.py [threads]
"""
import statistics
import sys
import time

import torch
import torchvision


def median_ms(fn, warmup, calls):
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(calls):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1e3)
    return statistics.median(times)


def main():
    threads = int(sys.argv[1]) if len(sys.argv) > 1 else 2
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    with torch.no_grad():
        mala = torch.nn.Sequential(torch.nn.Linear(91, 100), torch.nn.ReLU(), torch.nn.Linear(100, 11), torch.nn.ReLU()).eval()
        x = torch.randn(8748, 91)
        print(f"mala_batch8748 median_ms {median_ms(lambda: mala(x), 5, 50):.3f}")
        resnet = torchvision.models.resnet18().eval()
        image = torch.randn(1, 3, 224, 224)
        print(f"resnet18_batch1 median_ms {median_ms(lambda: resnet(image), 3, 20):.3f}")


if __name__ == "__main__":
    main()
