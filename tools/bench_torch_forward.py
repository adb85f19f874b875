#!/usr/bin/python3
"""PyTorch CPU baseline for segshap.bench.CpuForwardBench: same network, tile and thread count.

Provenance: written for segshap; run with Debian's /usr/bin/python3 and torch 1.13.1 (oneDNN on x86):

    /usr/bin/python3 tools/bench_torch_forward.py --net nnunet --tile 64x128x128 --threads 2 --warmup 2 --reps 5

The network is the functional PlainConvUNet of tools/make_forward_refs.py (checked there against nnU-Net's own
forward) with random He-scaled weights, run under torch.no_grad() in float32. Prints one line
`RESULT impl=torch ...` in the same format as the Java harness.
"""
import argparse
import os
import sys
import time

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_forward_refs import forward, make_weights  # noqa: E402

NETS = {
    "fixture": {"architecture": "PLAIN_CONV_UNET", "inputChannels": 1, "numHeads": 3,
                "featuresPerStage": [4, 8, 16, 32],
                "kernelSizesZyx": [[1, 3, 3], [3, 3, 3], [3, 3, 3], [3, 3, 3]],
                "stridesZyx": [[1, 1, 1], [1, 2, 2], [2, 2, 2], [2, 2, 2]],
                "blocksPerStage": [2, 2, 2, 2], "convsPerStageDecoder": [2, 2, 2],
                "convBias": True, "normEps": 1e-5, "leakySlope": 0.01},
    "nnunet": {"architecture": "PLAIN_CONV_UNET", "inputChannels": 1, "numHeads": 3,
               "featuresPerStage": [32, 64, 128, 256, 320, 320],
               "kernelSizesZyx": [[3, 3, 3]] * 6,
               "stridesZyx": [[1, 1, 1], [2, 2, 2], [2, 2, 2], [2, 2, 2], [2, 2, 2], [1, 2, 2]],
               "blocksPerStage": [2] * 6, "convsPerStageDecoder": [2] * 5,
               "convBias": True, "normEps": 1e-5, "leakySlope": 0.01},
}


def conv_macs(spec, tile):
    """Same count as CpuForwardBench.convMacs: convs, transposed convs and the seg layer."""
    n, f, k, s = len(spec["featuresPerStage"]), spec["featuresPerStage"], spec["kernelSizesZyx"], spec["stridesZyx"]
    zyx, vox, macs, cin = list(tile), [], 0, spec["inputChannels"]
    for st in range(n):
        zyx = [zyx[a] // s[st][a] for a in range(3)]
        vox.append(zyx[0] * zyx[1] * zyx[2])
        taps = k[st][0] * k[st][1] * k[st][2]
        for j in range(spec["blocksPerStage"][st]):
            macs += vox[st] * f[st] * (cin if j == 0 else f[st]) * taps
        cin = f[st]
    for d in range(n - 1):
        lv = n - 2 - d
        taps = k[lv][0] * k[lv][1] * k[lv][2]
        macs += vox[lv] * f[lv] * f[lv + 1]
        for j in range(spec["convsPerStageDecoder"][d]):
            macs += vox[lv] * f[lv] * (2 * f[lv] if j == 0 else f[lv]) * taps
    return macs + vox[0] * f[0] * spec["numHeads"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--net", default="fixture", choices=sorted(NETS))
    ap.add_argument("--tile", default=None)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--warmup", type=int, default=2)
    ap.add_argument("--reps", type=int, default=5)
    a = ap.parse_args()
    tile = [int(t) for t in (a.tile or ("16x32x32" if a.net == "fixture" else "64x128x128")).split("x")]
    torch.set_num_threads(a.threads)
    spec = NETS[a.net]
    sd = make_weights(spec, 1)
    x = torch.randn([1, spec["inputChannels"]] + tile, generator=torch.Generator().manual_seed(901))
    times = []
    with torch.no_grad():
        for i in range(a.warmup + a.reps):
            t = time.perf_counter()
            y = forward(spec, sd, x, {})
            ms = (time.perf_counter() - t) * 1e3
            print("torch-bench: %s %d: %.1f ms" % ("warm-up" if i < a.warmup else "run", i, ms), file=sys.stderr)
            if i >= a.warmup:
                times.append(ms)
    med = float(np.median(times))
    macs = conv_macs(spec, tile)
    print("RESULT impl=torch net=%s tile=%s threads=%d median_ms=%.2f min_ms=%.2f gflop=%.3f gflops=%.1f checksum=%.6g"
          % (a.net, "x".join(map(str, tile)), a.threads, med, min(times), 2.0 * macs / 1e9,
             2.0 * macs / (med * 1e6), float(y.double().sum())))


if __name__ == "__main__":
    main()
