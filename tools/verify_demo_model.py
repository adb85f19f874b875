#!/usr/bin/python3
"""Check the shipped demo model against the real nnU-Net network code (dynamic-network-architectures).

Provenance: written for segshap (issue 3). Builds the network the way nnU-Net's get_network_from_plans does
(the plans' architecture block: class name, arch_kwargs, the _kw_requires_import entries turned into torch
classes), loads `network_weights` from fold_0/checkpoint_final.pth with strict=True, and compares its logits on
a random tile with the logits of tools/train_demo_model.py's own PlainConvUNet. It also checks the checkpoint's
top-level keys and the alias structure of the state dict (spec nnunet-inference.md §4, §6.5).

    /usr/bin/python3 tools/verify_demo_model.py --dna /path/to/dynamic-network-architectures

dynamic-network-architectures is not a dependency of segshap; point --dna at a checkout (tested with commit
d35f85c7b92cbf3e9443b412fdc7c81f8e2e7b12, version 0.4.4).
"""
import argparse
import importlib
import os
import sys

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import train_demo_model as T  # noqa: E402

TOP_LEVEL_KEYS = ["network_weights", "optimizer_state", "grad_scaler_state", "logging", "_best_ema", "current_epoch",
                  "init_args", "trainer_name", "inference_allowed_mirroring_axes"]


def resolve(name):
    module, _, attr = name.rpartition(".")
    return getattr(importlib.import_module(module), attr)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dna", required=True, help="checkout of MIC-DKFZ/dynamic-network-architectures")
    ap.add_argument("--model", default=T.MODEL_DIR)
    args = ap.parse_args()
    sys.path.insert(0, args.dna)
    torch.set_num_threads(2)

    ckpt = torch.load(os.path.join(args.model, "fold_0", "checkpoint_final.pth"), map_location="cpu")
    assert list(ckpt.keys()) == TOP_LEVEL_KEYS, list(ckpt.keys())
    assert ckpt["trainer_name"] == "nnUNetTrainer"
    assert ckpt["init_args"]["configuration"] == "3d_fullres" and ckpt["init_args"]["fold"] == 0
    weights = ckpt["network_weights"]
    storages = {t.storage().data_ptr() for t in weights.values()}
    print("network_weights: %d keys over %d storages" % (len(weights), len(storages)))

    arch = ckpt["init_args"]["plans"]["configurations"]["3d_fullres"]["architecture"]
    kwargs = dict(arch["arch_kwargs"])
    for k in arch["_kw_requires_import"]:
        if kwargs[k] is not None:
            kwargs[k] = resolve(kwargs[k])
    num_classes = len(ckpt["init_args"]["dataset_json"]["labels"])
    real = resolve(arch["network_class_name"])(input_channels=1, num_classes=num_classes, deep_supervision=False,
                                                **kwargs)
    missing = set(real.state_dict().keys()) ^ set(weights.keys())
    assert not missing, "key sets differ: %s" % sorted(missing)[:10]
    assert list(real.state_dict().keys()) == list(weights.keys()), "key order differs from nnU-Net's"
    real.load_state_dict(weights, strict=True)
    real.eval()

    ours = T.PlainConvUNet(deep_supervision=False)
    ours.load_state_dict(weights, strict=True)
    ours.eval()
    torch.manual_seed(0)
    x = torch.randn(1, 1, *T.PATCH_ZYX)
    with torch.no_grad():
        a, b = real(x), ours(x)
    diff = (a - b).abs().max().item()
    print("logits %s, max |real - ours| = %.3g" % (tuple(a.shape), diff))
    assert diff == 0.0, "the two networks disagree"
    print("OK: the checkpoint loads into dynamic_network_architectures' %s (strict) and matches" % arch["network_class_name"])


if __name__ == "__main__":
    main()
