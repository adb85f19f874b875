#!/usr/bin/python3
"""Reference outputs for segshap.kernels.window tests (SlidingWindowTorchReferenceTest, GaussianImportanceMapTest).

Provenance: written for segshap from the description in research/nnunet-inference.md §8 (no nnU-Net code copied;
nnunetv2 is not installed here). Run with the system interpreter (torch 1.13 CPU, numpy 1.24, scipy 1.10):

    /usr/bin/python3 tools/make_window_refs.py kernels/src/test/resources/window

It replays nnU-Net's sliding-window fusion with real torch tensors and dtypes (fp16 or fp32 accumulators, in-place
ops as nnU-Net writes them, so torch's own fp16 rounding decides every intermediate) on small volumes, with a FAKE
network whose output is an exact float32 function of the tile input and the position inside the tile
(logit_h = x * S[h] + ramp * R[h], ramp = ((7z + 3y + x) mod 11) * 0.25), so the Java test can reproduce it bit for
bit. Gaussian maps come from scipy.ndimage.gaussian_filter as nnU-Net's compute_gaussian uses it.
"""
import itertools
import os
import sys

import numpy as np
import torch
from scipy.ndimage import gaussian_filter

SCALES = (1.5, 2.5, -0.75)
RAMP_FACTORS = (-1.0, 0.5, 1.0)


def gaussian_map(patch, dtype):
    delta = np.zeros(patch)
    delta[tuple(p // 2 for p in patch)] = 1
    g = gaussian_filter(delta, [p / 8 for p in patch], 0, mode='constant', cval=0)
    g = g / (np.max(g) / 10)
    t = torch.from_numpy(g).to(dtype)
    zero = t == 0
    t[zero] = torch.min(t[~zero])
    return t


def fake_net(x):  # x (b,1,pz,py,px) float32 -> (b,3,pz,py,px) float32
    pz, py, px = x.shape[2:]
    z = torch.arange(pz).view(pz, 1, 1)
    y = torch.arange(py).view(1, py, 1)
    xx = torch.arange(px).view(1, 1, px)
    ramp = ((z * 7 + y * 3 + xx) % 11).to(torch.float32) * 0.25
    return torch.stack([x[:, 0] * s + ramp * r for s, r in zip(SCALES, RAMP_FACTORS)], dim=1)


def predict_tile(x, mirror_axes):
    pred = fake_net(x)
    if mirror_axes:
        dims = [a + 2 for a in mirror_axes]
        subsets = [c for k in range(len(dims)) for c in itertools.combinations(dims, k + 1)]
        for s in subsets:
            pred += torch.flip(fake_net(torch.flip(x, s)), s)
        pred /= (len(subsets) + 1)
    return pred


def starts(n, p):
    if n == p:
        return [0]
    k = int(np.ceil((n - p) / (p * 0.5))) + 1
    a = (n - p) / (k - 1)
    return [int(np.round(a * i)) for i in range(k)]


def sliding_window(data, patch, acc_dtype, mirror_axes):
    shape = data.shape[1:]
    padded = [max(s, p) for s, p in zip(shape, patch)]
    lo = [(q - s) // 2 for q, s in zip(padded, shape)]
    x = torch.zeros((data.shape[0], *padded), dtype=torch.float32)
    x[:, lo[0]:lo[0] + shape[0], lo[1]:lo[1] + shape[1], lo[2]:lo[2] + shape[2]] = torch.from_numpy(data)
    g = gaussian_map(patch, acc_dtype)
    acc = torch.zeros((3, *padded), dtype=acc_dtype)
    w = torch.zeros(padded, dtype=acc_dtype)
    for sz in starts(padded[0], patch[0]):
        for sy in starts(padded[1], patch[1]):
            for sx in starts(padded[2], patch[2]):
                sl = (slice(sz, sz + patch[0]), slice(sy, sy + patch[1]), slice(sx, sx + patch[2]))
                pred = predict_tile(x[(slice(None), *sl)][None], mirror_axes)[0]
                pred *= g
                acc[(slice(None), *sl)] += pred
                w[sl] += g
    acc /= w
    assert not torch.any(torch.isinf(acc))
    out = acc[:, lo[0]:lo[0] + shape[0], lo[1]:lo[1] + shape[1], lo[2]:lo[2] + shape[2]]
    return out.to(torch.float32).numpy()


def main(out_dir):
    os.makedirs(out_dir, exist_ok=True)
    save = lambda name, a: np.save(os.path.join(out_dir, name), np.ascontiguousarray(a, dtype=np.float32))
    for patch in ((8, 16, 16), (5, 12, 20)):
        tag = 'x'.join(map(str, patch))
        save(f'gaussian_{tag}_fp16_as_f32.npy', gaussian_map(patch, torch.float16).to(torch.float32).numpy())
        save(f'gaussian_{tag}_fp32.npy', gaussian_map(patch, torch.float32).numpy())
    rng = np.random.default_rng(20240611)
    patch = (8, 16, 16)
    for case, shape in (('overlap', (11, 20, 45)), ('padded', (6, 20, 13))):
        data = (rng.standard_normal((1, *shape)) * 1.5).astype(np.float32)
        save(f'{case}_preprocessed_czyx.npy', data)
        save(f'{case}_logits_fp16acc.npy', sliding_window(data, patch, torch.float16, None))
        save(f'{case}_logits_fp32acc.npy', sliding_window(data, patch, torch.float32, None))
        if case == 'overlap':
            save(f'{case}_logits_fp32acc_mirror_zyx.npy', sliding_window(data, patch, torch.float32, (0, 1, 2)))
            save(f'{case}_logits_fp16acc_mirror_yx.npy', sliding_window(data, patch, torch.float16, (1, 2)))
    print('steps overlap', [starts(n, p) for n, p in zip((11, 20, 45), patch)])


if __name__ == '__main__':
    main(sys.argv[1])
