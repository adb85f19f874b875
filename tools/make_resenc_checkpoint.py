#!/usr/bin/python3
"""Writes a tiny nnU-Net v2 ResidualEncoderUNet model folder for segshap's model-loading tests.

Provenance: run with Debian's /usr/bin/python3 (torch 1.13, numpy 1.24) from the repository root:
    /usr/bin/python3 tools/make_resenc_checkpoint.py
No nnU-Net or dynamic-network-architectures install is needed: the module tree below is a small
re-statement (written for segshap) of dynamic-network-architectures 0.4.4's ResidualEncoderUNet with the
same attribute names, so torch's own state_dict() produces nnU-Net's exact keys, including the aliases
(`.all_modules.N`, `decoder.encoder.*`) that share one storage. Weights are seeded random numbers, not a
trained model: the tests only check names, shapes, aliasing and values.

Outputs under kernels/src/test/resources/model/resenc/nnUNetTrainer__nnUNetResEncUNetMPlans__3d_fullres/:
  plans.json      the fixture's plans with a 4-stage ResEnc architecture (features [2,4,8,8]) in 3d_fullres
  dataset.json    the fixture's dataset.json (3 labels)
  fold_0/checkpoint_final.pth   a checkpoint dict shaped like nnUNetTrainer.save_checkpoint's
  checkpoint_manifest.json      canonical key -> shape, float64 sum, first 4 values; key/storage counts
The stages cover every residual-skip case: stage 0 identity, stage 1 projection only (skip.0),
stage 2 pool + projection (skip.1), stage 3 pool only (no parameters).
"""
import copy
import json
import os

import numpy as np
import torch
from torch import nn

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIXTURE = os.path.join(ROOT, "kernels/src/test/resources/fixtures/nnunet-v2/models/Dataset901_TinyCT/"
                             "nnUNetTrainer__nnUNetPlans__3d_fullres")
OUT = os.path.join(ROOT, "kernels/src/test/resources/model/resenc/nnUNetTrainer__nnUNetResEncUNetMPlans__3d_fullres")

FEATURES = [2, 4, 8, 8]
KERNELS = [[1, 3, 3], [3, 3, 3], [3, 3, 3], [3, 3, 3]]
STRIDES = [[1, 1, 1], [1, 1, 1], [1, 2, 2], [2, 2, 2]]
BLOCKS = [1, 2, 2, 1]
DECODER = [1, 1, 1]
IN_CHANNELS = 1
HEADS = 3


def pad(k):
    return [(x - 1) // 2 for x in k]


class ConvNormAct(nn.Module):  # ConvDropoutNormReLU: conv, norm, [nonlin], registered again in all_modules
    def __init__(self, cin, cout, k, stride, bias, act=True):
        super().__init__()
        self.conv = nn.Conv3d(cin, cout, k, stride, pad(k), bias=bias)
        self.norm = nn.InstanceNorm3d(cout, eps=1e-5, affine=True)
        mods = [self.conv, self.norm]
        if act:
            self.nonlin = nn.LeakyReLU(inplace=True)
            mods.append(self.nonlin)
        self.all_modules = nn.Sequential(*mods)


class Stacked(nn.Module):  # StackedConvBlocks
    def __init__(self, n, cin, cout, k, stride, bias):
        super().__init__()
        self.convs = nn.Sequential(*[ConvNormAct(cin if i == 0 else cout, cout, k, stride if i == 0 else 1, bias)
                                     for i in range(n)])


class BasicBlockD(nn.Module):
    def __init__(self, cin, cout, k, stride, bias):
        super().__init__()
        self.conv1 = ConvNormAct(cin, cout, k, stride, bias)
        self.conv2 = ConvNormAct(cout, cout, k, 1, bias, act=False)
        self.nonlin2 = nn.LeakyReLU(inplace=True)
        strided = any(s != 1 for s in stride)
        if strided or cin != cout:
            ops = []
            if strided:
                ops.append(nn.AvgPool3d(stride, stride))
            if cin != cout:
                ops.append(ConvNormAct(cin, cout, [1, 1, 1], [1, 1, 1], False, act=False))
            self.skip = nn.Sequential(*ops)


class StackedResidual(nn.Module):
    def __init__(self, n, cin, cout, k, stride, bias):
        super().__init__()
        self.blocks = nn.Sequential(*[BasicBlockD(cin if i == 0 else cout, cout, k, stride if i == 0 else [1, 1, 1], bias)
                                      for i in range(n)])


class Encoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.stem = Stacked(1, IN_CHANNELS, FEATURES[0], KERNELS[0], [1, 1, 1], True)
        stages, cin = [], FEATURES[0]
        for s in range(len(FEATURES)):
            stages.append(StackedResidual(BLOCKS[s], cin, FEATURES[s], KERNELS[s], STRIDES[s], True))
            cin = FEATURES[s]
        self.stages = nn.Sequential(*stages)


class Decoder(nn.Module):
    def __init__(self, encoder):
        super().__init__()
        self.encoder = encoder
        n = len(FEATURES)
        stages, transp, seg = [], [], []
        for s in range(1, n):
            below, skip = FEATURES[-s], FEATURES[-(s + 1)]
            transp.append(nn.ConvTranspose3d(below, skip, STRIDES[-s], STRIDES[-s], bias=True))
            stages.append(Stacked(DECODER[s - 1], 2 * skip, skip, KERNELS[-(s + 1)], [1, 1, 1], True))
            seg.append(nn.Conv3d(skip, HEADS, 1, 1, 0, bias=True))
        self.stages = nn.ModuleList(stages)
        self.transpconvs = nn.ModuleList(transp)
        self.seg_layers = nn.ModuleList(seg)


class ResidualEncoderUNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.encoder = Encoder()
        self.decoder = Decoder(self.encoder)


def main():
    torch.manual_seed(902)
    net = ResidualEncoderUNet()
    with torch.no_grad():
        for p in net.parameters():
            p.copy_(torch.randn_like(p))

    # one SGD step so that momentum buffers add storages, as in a real checkpoint
    opt = torch.optim.SGD(net.parameters(), lr=0.01, momentum=0.99, nesterov=True, weight_decay=3e-5)
    loss = sum((p * p).sum() for p in net.parameters())
    loss.backward()
    opt.step()
    sd = net.state_dict()  # an OrderedDict; aliases share storages as in nnU-Net

    plans = json.load(open(os.path.join(FIXTURE, "plans.json")))
    dataset = json.load(open(os.path.join(FIXTURE, "dataset.json")))
    plans["plans_name"] = "nnUNetResEncUNetMPlans"
    plans["dataset_name"] = "Dataset902_TinyResEnc"
    plans["experiment_planner_used"] = "nnUNetPlannerResEncM"
    del plans["configurations"]["2d"]
    arch = plans["configurations"]["3d_fullres"]["architecture"]
    arch["network_class_name"] = "dynamic_network_architectures.architectures.unet.ResidualEncoderUNet"
    kw = arch["arch_kwargs"]
    kw["n_stages"] = len(FEATURES)
    kw["features_per_stage"] = FEATURES
    kw["kernel_sizes"] = KERNELS
    kw["strides"] = STRIDES
    del kw["n_conv_per_stage"]
    kw["n_blocks_per_stage"] = BLOCKS
    kw["n_conv_per_stage_decoder"] = DECODER
    plans["configurations"]["3d_fullres"]["patch_size"] = [8, 16, 16]

    ckpt = {
        "network_weights": sd,
        "optimizer_state": opt.state_dict(),
        "grad_scaler_state": None,
        "logging": {"mean_fg_dice": [np.float64(0.25)], "train_losses": [np.float32(1.5)],
                    "epoch_start_timestamps": [1700000000.0]},
        "_best_ema": np.float64(0.25),
        "current_epoch": 1,
        "init_args": {"plans": copy.deepcopy(plans), "configuration": "3d_fullres", "fold": 0,
                      "dataset_json": copy.deepcopy(dataset), "device": torch.device("cpu")},
        "trainer_name": "nnUNetTrainer",
        "inference_allowed_mirroring_axes": (0, 1, 2),
    }
    os.makedirs(os.path.join(OUT, "fold_0"), exist_ok=True)
    torch.save(ckpt, os.path.join(OUT, "fold_0", "checkpoint_final.pth"))
    with open(os.path.join(OUT, "plans.json"), "w") as f:
        json.dump(plans, f, indent=4)
    with open(os.path.join(OUT, "dataset.json"), "w") as f:
        json.dump(dataset, f, indent=4)

    canonical = [k for k in sd if ".all_modules." not in k and not k.startswith("decoder.encoder.")]
    storages = {v.storage().data_ptr() for v in sd.values()}
    manifest = {
        "num_keys": len(sd),
        "num_storages": len(storages),
        "canonical": [{"key": k, "shape": list(sd[k].shape), "sum": float(sd[k].double().sum()),
                       "first_values": [float(x) for x in sd[k].flatten()[:4]]} for k in canonical],
    }
    with open(os.path.join(OUT, "checkpoint_manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1)
    print(len(sd), "keys,", len(storages), "storages,", len(canonical), "canonical")


if __name__ == "__main__":
    main()
