#!/usr/bin/python3
"""Train the built-in demo model: a small nnU-Net v2 PlainConvUNet (3d_fullres) for spleen + lymph nodes.

Provenance: written for segshap (issue 3, "Built-in demo"). The network, plans, checkpoint layout and the
sliding-window evaluation follow the nnU-Net v2 specification in the project's research notes
(nnunet-inference.md §1-§8); the training loop is modelled on nnU-Net's default trainer (Dice + CE loss with
deep supervision, foreground oversampling, poly learning-rate schedule, gradient clipping at 12) with two
changes for a CPU budget of about half an hour: Adam (lr 2e-3) instead of SGD with Nesterov momentum, because
in short pilot runs SGD (lr 0.01, momentum 0.99) collapsed to all-background for the first few hundred
iterations while Adam did not, and 66 % instead of 33 % foreground-centred patches.
No nnU-Net code is imported or copied: the module tree is rebuilt so that the state-dict keys, aliases and
shapes are the ones nnU-Net/dynamic-network-architectures write.

Data: phantoms drawn by segshap's Java generator (segshap.engine.demo.PhantomExportMain), DEMO grid
60 x 192 x 192 voxels at 5.0 x 2.0 x 2.0 mm (z, y, x), CT in HU, ground truth 0 background / 1 spleen /
2 lymph nodes. The Java classes must be built first:

    ./mvnw -B -o -q -pl engine -am package -DskipTests
    /usr/bin/python3 tools/train_demo_model.py                      # full run (defaults below)
    /usr/bin/python3 tools/train_demo_model.py --eval-only          # re-evaluate the shipped checkpoint

Defaults: training seeds 1000..1059, validation seeds 8001..8002 (pseudo Dice during training), held-out test
seeds 9001..9005 (final sliding-window Dice), 24 epochs x 50 iterations (batch 2), torch seed 20260501,
2 CPU threads. Everything random is
seeded (torch.manual_seed, numpy RandomState); with the same torch build and thread count a rerun gives the
same weights.

Requires /usr/bin/python3 with torch 1.13 (CPU) and numpy.
"""
import argparse
import collections
import json
import math
import os
import shutil
import subprocess
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MODEL_DIR = os.path.join(REPO, "engine", "src", "main", "resources", "segshap", "demo-model")

SPACING_ZYX = [5.0, 2.0, 2.0]
PATCH_ZYX = [32, 96, 96]
FEATURES = [8, 16, 32, 40, 48]
KERNELS = [[1, 3, 3], [3, 3, 3], [3, 3, 3], [3, 3, 3], [3, 3, 3]]
STRIDES = [[1, 1, 1], [1, 2, 2], [2, 2, 2], [2, 2, 2], [2, 2, 2]]
N_CONV = [2, 2, 2, 2, 2]
N_CONV_DEC = [2, 2, 2, 2]
LABELS = {"background": 0, "spleen": 1, "lymph_nodes": 2}
NUM_CLASSES = 3


# ----------------------------------------------------------------------------------------- network (spec §6)

class ConvDropoutNormReLU(nn.Module):
    """conv -> InstanceNorm3d(eps 1e-5, affine) -> LeakyReLU(0.01); registered twice (conv/norm and all_modules)."""

    def __init__(self, cin, cout, kernel, stride):
        super().__init__()
        self.conv = nn.Conv3d(cin, cout, kernel, stride, padding=[(k - 1) // 2 for k in kernel], bias=True)
        self.norm = nn.InstanceNorm3d(cout, eps=1e-5, affine=True)
        self.nonlin = nn.LeakyReLU(negative_slope=0.01, inplace=True)
        self.all_modules = nn.Sequential(self.conv, self.norm, self.nonlin)

    def forward(self, x):
        return self.all_modules(x)


class StackedConvBlocks(nn.Module):
    def __init__(self, n, cin, cout, kernel, first_stride):
        super().__init__()
        self.convs = nn.Sequential(*[
            ConvDropoutNormReLU(cin if i == 0 else cout, cout, kernel, first_stride if i == 0 else [1, 1, 1])
            for i in range(n)])

    def forward(self, x):
        return self.convs(x)


class PlainConvEncoder(nn.Module):
    def __init__(self, cin, features, kernels, strides, n_conv):
        super().__init__()
        stages = []
        for f, k, s, n in zip(features, kernels, strides, n_conv):
            stages.append(nn.Sequential(StackedConvBlocks(n, cin, f, k, s)))
            cin = f
        self.stages = nn.Sequential(*stages)
        self.output_channels = features
        self.strides = strides
        self.kernel_sizes = kernels

    def forward(self, x):
        skips = []
        for s in self.stages:
            x = s(x)
            skips.append(x)
        return skips


class UNetDecoder(nn.Module):
    def __init__(self, encoder, num_classes, n_conv_dec, deep_supervision):
        super().__init__()
        self.deep_supervision = deep_supervision
        self.encoder = encoder  # registered first: every encoder tensor reappears under decoder.encoder.*
        n = len(encoder.output_channels)
        stages, transpconvs, seg_layers = [], [], []
        for s in range(1, n):
            below = encoder.output_channels[-s]
            skip = encoder.output_channels[-(s + 1)]
            stride = encoder.strides[-s]
            transpconvs.append(nn.ConvTranspose3d(below, skip, stride, stride, bias=True))
            stages.append(StackedConvBlocks(n_conv_dec[s - 1], 2 * skip, skip, encoder.kernel_sizes[-(s + 1)], [1, 1, 1]))
            seg_layers.append(nn.Conv3d(skip, num_classes, 1, 1, 0, bias=True))
        self.stages = nn.ModuleList(stages)
        self.transpconvs = nn.ModuleList(transpconvs)
        self.seg_layers = nn.ModuleList(seg_layers)

    def forward(self, skips):
        x = skips[-1]
        outputs = []
        for s in range(len(self.stages)):
            x = self.transpconvs[s](x)
            x = torch.cat((x, skips[-(s + 2)]), 1)  # upsampled first, skip second
            x = self.stages[s](x)
            if self.deep_supervision:
                outputs.append(self.seg_layers[s](x))
            elif s == len(self.stages) - 1:
                outputs.append(self.seg_layers[-1](x))
        outputs = outputs[::-1]  # highest resolution first
        return outputs if self.deep_supervision else outputs[0]


class PlainConvUNet(nn.Module):
    def __init__(self, deep_supervision=True):
        super().__init__()
        self.encoder = PlainConvEncoder(1, FEATURES, KERNELS, STRIDES, N_CONV)
        self.decoder = UNetDecoder(self.encoder, NUM_CLASSES, N_CONV_DEC, deep_supervision)

    def forward(self, x):
        return self.decoder(self.encoder(x))


def init_weights_he(module, neg_slope=1e-2):
    # nnU-Net's InitWeights_He: kaiming normal for (transposed) convs, zero biases.
    if isinstance(module, (nn.Conv3d, nn.ConvTranspose3d)):
        module.weight = nn.init.kaiming_normal_(module.weight, a=neg_slope)
        if module.bias is not None:
            module.bias = nn.init.constant_(module.bias, 0)


# ----------------------------------------------------------------------------------------- plans & data

def export_phantoms(work, first, count):
    classes = [os.path.join(REPO, "engine", "target", "classes"), os.path.join(REPO, "kernels", "target", "classes")]
    missing = [c for c in classes if not os.path.isdir(c)]
    if missing:
        sys.exit("missing %s: build first with ./mvnw -B -o -q -pl engine -am package -DskipTests" % missing)
    todo = [s for s in range(first, first + count) if not os.path.exists(os.path.join(work, "phantom_%d_gt.npy" % s))]
    if todo:
        subprocess.run(["java", "-cp", os.pathsep.join(classes), "segshap.engine.demo.PhantomExportMain", work,
                        str(todo[0]), str(todo[-1] - todo[0] + 1), "DEMO"], check=True, stdout=subprocess.DEVNULL)
    return [(np.load(os.path.join(work, "phantom_%d_ct.npy" % s)), np.load(os.path.join(work, "phantom_%d_gt.npy" % s)))
            for s in range(first, first + count)]


def foreground_intensity_properties(cases):
    """nnU-Net's fingerprint statistics: per case 1e8 // n_cases foreground voxels drawn with replacement
    (RandomState(1234)), pooled; mean, median, std, min, max, 0.5 and 99.5 percentiles."""
    per_case = int(10e7 // len(cases))
    samples = []
    for ct, gt in cases:
        rs = np.random.RandomState(1234)
        fg = ct[gt > 0]
        samples.append(rs.choice(fg, per_case, replace=True))
    v = np.concatenate(samples)
    return {
        "max": float(np.max(v)), "mean": float(np.mean(v)), "median": float(np.median(v)), "min": float(np.min(v)),
        "percentile_00_5": float(np.percentile(v, 0.5)), "percentile_99_5": float(np.percentile(v, 99.5)),
        "std": float(np.std(v)),
    }


def ct_normalize(ct, props):
    # CTNormalization in float32: clip, subtract mean, divide by std (spec §7.3).
    lo, hi = np.float32(props["percentile_00_5"]), np.float32(props["percentile_99_5"])
    m, s = np.float32(props["mean"]), np.float32(max(props["std"], 1e-8))
    x = np.clip(ct.astype(np.float32), lo, hi)
    return ((x - m) / s).astype(np.float32)


def make_plans(props, num_training):
    arch = {
        "network_class_name": "dynamic_network_architectures.architectures.unet.PlainConvUNet",
        "arch_kwargs": {
            "n_stages": len(FEATURES), "features_per_stage": FEATURES,
            "conv_op": "torch.nn.modules.conv.Conv3d", "kernel_sizes": KERNELS, "strides": STRIDES,
            "n_conv_per_stage": N_CONV, "n_conv_per_stage_decoder": N_CONV_DEC, "conv_bias": True,
            "norm_op": "torch.nn.modules.instancenorm.InstanceNorm3d", "norm_op_kwargs": {"eps": 1e-05, "affine": True},
            "dropout_op": None, "dropout_op_kwargs": None,
            "nonlin": "torch.nn.LeakyReLU", "nonlin_kwargs": {"inplace": True},
        },
        "_kw_requires_import": ["conv_op", "norm_op", "dropout_op", "nonlin"],
    }
    resampling = {
        "resampling_fn_data": "resample_data_or_seg_to_shape",
        "resampling_fn_seg": "resample_data_or_seg_to_shape",
        "resampling_fn_data_kwargs": {"is_seg": False, "order": 3, "order_z": 0, "force_separate_z": None},
        "resampling_fn_seg_kwargs": {"is_seg": True, "order": 1, "order_z": 0, "force_separate_z": None},
        "resampling_fn_probabilities": "resample_data_or_seg_to_shape",
        "resampling_fn_probabilities_kwargs": {"is_seg": False, "order": 1, "order_z": 0, "force_separate_z": None},
    }
    config = {"data_identifier": "nnUNetPlans_3d_fullres", "preprocessor_name": "DefaultPreprocessor",
              "batch_size": 2, "patch_size": PATCH_ZYX, "median_image_size_in_voxels": [60.0, 192.0, 192.0],
              "spacing": SPACING_ZYX, "normalization_schemes": ["CTNormalization"], "use_mask_for_norm": [False]}
    config.update(resampling)
    config["architecture"] = arch
    config["batch_dice"] = True
    return {
        "dataset_name": "Dataset902_SegshapDemo", "plans_name": "nnUNetPlans",
        "original_median_spacing_after_transp": SPACING_ZYX, "original_median_shape_after_transp": [60, 192, 192],
        "image_reader_writer": "NibabelIO", "transpose_forward": [0, 1, 2], "transpose_backward": [0, 1, 2],
        "configurations": {"3d_fullres": config},
        "experiment_planner_used": "ExperimentPlanner", "label_manager": "LabelManager",
        "foreground_intensity_properties_per_channel": {"0": props},
    }


def make_dataset_json(num_training):
    return {"channel_names": {"0": "CT"}, "labels": LABELS, "numTraining": num_training, "file_ending": ".nii.gz",
            "overwrite_image_reader_writer": "NibabelIO", "name": "SegshapDemo",
            "description": "segshap built-in demo: synthetic torso CT phantoms (segshap.engine.demo.PhantomGenerator),"
                           " spleen and lymph nodes"}


class PatchSampler:
    """nnU-Net-style patches: with probability `oversample` a patch is centred on a voxel of a randomly chosen
    foreground class present in the case (nnU-Net's foreground oversampling), otherwise it is placed uniformly."""

    def __init__(self, cases, rs, batch_size=2, oversample=0.66):
        self.cases = cases
        self.rs = rs
        self.batch_size = batch_size
        self.oversample = oversample
        self.locations = []
        for _, gt in cases:
            self.locations.append({c: np.argwhere(gt == c) for c in (1, 2) if (gt == c).any()})

    def batch(self):
        xs, ys = [], []
        for b in range(self.batch_size):
            i = self.rs.randint(len(self.cases))
            img, gt = self.cases[i]
            shape = img.shape
            if self.rs.random_sample() >= self.oversample or not self.locations[i]:
                start = [self.rs.randint(0, shape[d] - PATCH_ZYX[d] + 1) for d in range(3)]
            else:
                classes = sorted(self.locations[i])
                c = classes[self.rs.randint(len(classes))]
                loc = self.locations[i][c][self.rs.randint(len(self.locations[i][c]))]
                start = [int(np.clip(loc[d] - PATCH_ZYX[d] // 2, 0, shape[d] - PATCH_ZYX[d])) for d in range(3)]
            sl = tuple(slice(start[d], start[d] + PATCH_ZYX[d]) for d in range(3))
            xs.append(img[sl][None])
            ys.append(gt[sl][None])
        return torch.from_numpy(np.stack(xs)), torch.from_numpy(np.stack(ys).astype(np.int64))


# ----------------------------------------------------------------------------------------- loss

def soft_dice_loss(logits, target, smooth=1e-5):
    """nnU-Net's memory-efficient soft Dice, batch Dice, background excluded; returns -mean Dice."""
    probs = torch.softmax(logits, 1)[:, 1:]
    onehot = torch.zeros_like(logits).scatter_(1, target, 1)[:, 1:]
    axes = [0] + list(range(2, logits.ndim))
    intersect = (probs * onehot).sum(axes)
    denom = probs.sum(axes) + onehot.sum(axes)
    dc = (2 * intersect + smooth) / torch.clip(denom + smooth, 1e-8)
    return -dc.mean()


def dc_and_ce(logits, target):
    return F.cross_entropy(logits, target[:, 0]) + soft_dice_loss(logits, target)


def deep_supervision_loss(outputs, target):
    weights = np.array([1 / (2 ** i) for i in range(len(outputs))])
    weights[-1] = 0
    weights = weights / weights.sum()
    total = 0
    for w, out in zip(weights, outputs):
        if w == 0:
            continue
        t = target if out.shape[2:] == target.shape[2:] else \
            F.interpolate(target.float(), size=out.shape[2:], mode="nearest").long()
        total = total + float(w) * dc_and_ce(out, t)
    return total


# ----------------------------------------------------------------------------------------- sliding window (spec §8)

def tile_starts(size, patch, step=0.5):
    if size <= patch:
        return [0]
    target = patch * step
    k = int(math.ceil((size - patch) / target)) + 1
    actual = (size - patch) / (k - 1)
    return [int(np.round(actual * i)) for i in range(k)]  # numpy rounding: half to even


def gaussian_map(patch, sigma_scale=1.0 / 8, value_scaling_factor=10):
    # Outer product of normalised 1D kernels = scipy gaussian_filter of a centred impulse (spec §8.5).
    g = np.ones(patch, dtype=np.float64)
    for d, p in enumerate(patch):
        sigma = p * sigma_scale
        center = p // 2
        r = int(4 * sigma + 0.5)
        t = np.arange(p) - center
        e = np.exp(-0.5 / (sigma * sigma) * t.astype(np.float64) ** 2)
        e[np.abs(t) > r] = 0
        ks = np.exp(-0.5 / (sigma * sigma) * np.arange(-r, r + 1, dtype=np.float64) ** 2).sum()
        shape = [1, 1, 1]
        shape[d] = p
        g = g * (e / ks).reshape(shape)
    g = g / (g.max() / value_scaling_factor)
    return torch.from_numpy(g.astype(np.float32))


MIRROR_SUBSETS = [(2,), (3,), (4,), (2, 3), (2, 4), (3, 4), (2, 3, 4)]  # nnU-Net's order for axes (0, 1, 2)


@torch.no_grad()
def predict_sliding_window(net, image, mirror=False):
    """Float32 accumulation, Gaussian weighting, step 0.5; image (z, y, x) normalised, >= patch. With mirror,
    nnU-Net's test-time mirroring over all 7 non-empty subsets of the axes (z, y, x) per tile."""
    net.eval()
    shape = image.shape
    assert all(shape[d] >= PATCH_ZYX[d] for d in range(3)), "demo volumes are never smaller than the patch"
    gauss = gaussian_map(PATCH_ZYX)
    acc = torch.zeros((NUM_CLASSES,) + shape)
    weight = torch.zeros(shape)
    x = torch.from_numpy(image)[None, None]
    for z in tile_starts(shape[0], PATCH_ZYX[0]):
        for y in tile_starts(shape[1], PATCH_ZYX[1]):
            for xx in tile_starts(shape[2], PATCH_ZYX[2]):
                sl = (slice(z, z + PATCH_ZYX[0]), slice(y, y + PATCH_ZYX[1]), slice(xx, xx + PATCH_ZYX[2]))
                tile = x[(slice(None), slice(None)) + sl]
                logits = net(tile)[0]
                if mirror:
                    for axes in MIRROR_SUBSETS:
                        logits = logits + torch.flip(net(torch.flip(tile, axes)), axes)[0]
                    logits = logits / (1 + len(MIRROR_SUBSETS))
                acc[(slice(None),) + sl] += logits * gauss
                weight[sl] += gauss
    return acc / weight


def dice(pred, gt, c):
    p, g = pred == c, gt == c
    denom = p.sum() + g.sum()
    return float(2 * (p & g).sum() / denom) if denom > 0 else float("nan")


# ----------------------------------------------------------------------------------------- main

def slim_optimizer_state(state):
    """Adam's moments are 2x the weights and useless for inference: keep nnU-Net's layout, drop the moments."""
    return {"state": {}, "param_groups": state["param_groups"]}


def save_checkpoint(path, net, optimizer, logging, best_ema, epoch, plans, dataset_json):
    ckpt = {
        "network_weights": net.state_dict(),
        "optimizer_state": slim_optimizer_state(optimizer.state_dict()),
        "grad_scaler_state": None,
        "logging": logging,
        "_best_ema": best_ema,
        "current_epoch": epoch,
        "init_args": {"plans": plans, "configuration": "3d_fullres", "fold": 0, "dataset_json": dataset_json,
                      "device": torch.device("cpu")},
        "trainer_name": "nnUNetTrainer",
        # None, as nnU-Net's no-mirroring trainers store it: training used no mirroring, and the model relies on
        # left/right (spleen vs liver), so test-time mirroring ruins it (held-out spleen Dice 0.01 with mirroring).
        "inference_allowed_mirroring_axes": None,
    }
    torch.save(ckpt, path)


def evaluate(net, test_cases, props, seeds, log, mirror=False):
    results = []
    for s, (ct, gt) in zip(seeds, test_cases):
        t = time.time()
        logits = predict_sliding_window(net, ct_normalize(ct, props), mirror)
        pred = logits.argmax(0).numpy()
        d1, d2 = dice(pred, gt, 1), dice(pred, gt, 2)
        results.append((s, d1, d2))
        log("held-out seed %d: Dice spleen %.4f, lymph nodes %.4f (%.1f s)" % (s, d1, d2, time.time() - t))
    m1 = float(np.mean([r[1] for r in results]))
    m2 = float(np.mean([r[2] for r in results]))
    log("held-out mean Dice%s: spleen %.4f, lymph nodes %.4f" % (" with mirroring" if mirror else "", m1, m2))
    return results, m1, m2


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--work", default="/tmp/segshap-demo-train", help="scratch folder for phantoms (npy)")
    ap.add_argument("--out", default=MODEL_DIR, help="model folder to write")
    ap.add_argument("--train-first-seed", type=int, default=1000)
    ap.add_argument("--train-count", type=int, default=60)
    ap.add_argument("--val-first-seed", type=int, default=8001)
    ap.add_argument("--val-count", type=int, default=2)
    ap.add_argument("--test-first-seed", type=int, default=9001)
    ap.add_argument("--test-count", type=int, default=5)
    ap.add_argument("--epochs", type=int, default=24)
    ap.add_argument("--iters-per-epoch", type=int, default=50)
    ap.add_argument("--val-iters", type=int, default=4)
    ap.add_argument("--lr", type=float, default=2e-3)
    ap.add_argument("--seed", type=int, default=20260501)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--eval-only", action="store_true", help="evaluate the checkpoint in --out on the test seeds")
    ap.add_argument("--mirror", action="store_true", help="with --eval-only: nnU-Net test-time mirroring (8x slower)")
    args = ap.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    os.makedirs(args.work, exist_ok=True)
    log_lines = []

    def log(msg):
        line = time.strftime("%H:%M:%S ") + msg
        print(line, flush=True)
        log_lines.append(line)

    test = export_phantoms(args.work, args.test_first_seed, args.test_count)
    test_seeds = list(range(args.test_first_seed, args.test_first_seed + args.test_count))
    ckpt_path = os.path.join(args.out, "fold_0", "checkpoint_final.pth")

    if args.eval_only:
        ckpt = torch.load(ckpt_path, map_location="cpu")
        props = ckpt["init_args"]["plans"]["foreground_intensity_properties_per_channel"]["0"]
        net = PlainConvUNet(deep_supervision=False)
        net.load_state_dict(ckpt["network_weights"])
        evaluate(net, test, props, test_seeds, log, args.mirror)
        return

    t0 = time.time()
    train = export_phantoms(args.work, args.train_first_seed, args.train_count)
    val = export_phantoms(args.work, args.val_first_seed, args.val_count)
    log("exported/loaded %d train, %d val, %d test phantoms in %.1f s" % (len(train), len(val), len(test), time.time() - t0))
    props = foreground_intensity_properties(train)
    log("foreground intensity properties: %s" % json.dumps(props))
    plans = make_plans(props, len(train))
    dataset_json = make_dataset_json(len(train))
    train_n = [(ct_normalize(ct, props), gt) for ct, gt in train]
    val_n = [(ct_normalize(ct, props), gt) for ct, gt in val]

    net = PlainConvUNet(deep_supervision=True)
    net.apply(init_weights_he)
    log("PlainConvUNet features %s, %d parameters" % (FEATURES, sum(p.numel() for p in net.parameters())))
    optimizer = torch.optim.Adam(net.parameters(), args.lr, weight_decay=3e-5)
    for g in optimizer.param_groups:
        g["initial_lr"] = args.lr
    rs = np.random.RandomState(args.seed)
    train_sampler = PatchSampler(train_n, rs)
    val_sampler = PatchSampler(val_n, np.random.RandomState(args.seed + 1), oversample=0.33)
    logging = collections.OrderedDict((k, []) for k in (
        "mean_fg_dice", "ema_fg_dice", "dice_per_class_or_region", "train_losses", "val_losses", "lrs",
        "epoch_start_timestamps", "epoch_end_timestamps"))
    best_ema = None
    t_train = time.time()
    for epoch in range(args.epochs):
        lr = args.lr * (1 - epoch / args.epochs) ** 0.9  # nnU-Net's PolyLRScheduler, stepped per epoch
        for g in optimizer.param_groups:
            g["lr"] = lr
        logging["epoch_start_timestamps"].append(time.time())
        logging["lrs"].append(lr)
        net.train()
        losses = []
        for _ in range(args.iters_per_epoch):
            x, y = train_sampler.batch()
            optimizer.zero_grad(set_to_none=True)
            loss = deep_supervision_loss(net(x), y)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(net.parameters(), 12)
            optimizer.step()
            losses.append(loss.item())
        net.eval()
        tp, fp, fn, vlosses = np.zeros(2), np.zeros(2), np.zeros(2), []
        with torch.no_grad():
            for _ in range(args.val_iters):
                x, y = val_sampler.batch()
                out = net(x)[0]
                vlosses.append(dc_and_ce(out, y).item())
                pred = out.argmax(1)
                for c in (1, 2):
                    tp[c - 1] += ((pred == c) & (y[:, 0] == c)).sum().item()
                    fp[c - 1] += ((pred == c) & (y[:, 0] != c)).sum().item()
                    fn[c - 1] += ((pred != c) & (y[:, 0] == c)).sum().item()
        per_class = [np.float64(2 * a / (2 * a + b + c)) if (2 * a + b + c) > 0 else np.float64("nan")
                     for a, b, c in zip(tp, fp, fn)]
        mean_fg = np.float64(np.nanmean(per_class))
        ema = mean_fg if not logging["ema_fg_dice"] else np.float64(0.9 * logging["ema_fg_dice"][-1] + 0.1 * mean_fg)
        best_ema = ema if best_ema is None or ema > best_ema else best_ema
        logging["mean_fg_dice"].append(mean_fg)
        logging["ema_fg_dice"].append(ema)
        logging["dice_per_class_or_region"].append(per_class)
        logging["train_losses"].append(np.float32(np.mean(losses)))
        logging["val_losses"].append(np.float32(np.mean(vlosses)))
        logging["epoch_end_timestamps"].append(time.time())
        log("epoch %d lr %.5f train loss %.4f val loss %.4f pseudo Dice spleen %.3f nodes %.3f (ema %.3f) %.0f s elapsed"
            % (epoch, lr, np.mean(losses), np.mean(vlosses), per_class[0], per_class[1], ema, time.time() - t_train))
    train_seconds = time.time() - t_train
    log("training took %.1f s (%d iterations, batch 2, patch %s)" % (train_seconds, args.epochs * args.iters_per_epoch, PATCH_ZYX))

    os.makedirs(os.path.join(args.out, "fold_0"), exist_ok=True)
    with open(os.path.join(args.out, "plans.json"), "w") as f:
        json.dump(plans, f, indent=4)
    with open(os.path.join(args.out, "dataset.json"), "w") as f:
        json.dump(dataset_json, f, indent=4)
    fingerprint = {
        "foreground_intensity_properties_per_channel": {"0": props},
        "median_relative_size_after_cropping": 1.0,
        "shapes_after_crop": [list(ct.shape) for ct, _ in train],
        "spacings": [SPACING_ZYX for _ in train],
    }
    with open(os.path.join(args.out, "dataset_fingerprint.json"), "w") as f:
        json.dump(fingerprint, f, indent=4)
    save_checkpoint(ckpt_path, net, optimizer, logging, best_ema, args.epochs, plans, dataset_json)
    log("wrote %s (%d bytes)" % (ckpt_path, os.path.getsize(ckpt_path)))

    # Evaluate the network exactly as shipped: reload the checkpoint into a fresh network without deep supervision.
    ckpt = torch.load(ckpt_path, map_location="cpu")
    fresh = PlainConvUNet(deep_supervision=False)
    fresh.load_state_dict(ckpt["network_weights"])
    _, m1, m2 = evaluate(fresh, test, props, test_seeds, log)
    with open(os.path.join(args.work, "train_log.txt"), "w") as f:
        f.write("\n".join(log_lines) + "\n")


if __name__ == "__main__":
    main()
