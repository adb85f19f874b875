#!/usr/bin/python3
"""Drops Adam's moment buffers from a demo checkpoint written before train_demo_model.py slimmed them itself.

The file keeps nnU-Net's checkpoint layout (optimizer_state with 'state' and 'param_groups'); only the moments,
which inference never reads, go. Usage: /usr/bin/python3 tools/slim_demo_checkpoint.py PATH/checkpoint_final.pth
"""
import sys

import torch

sys.path.insert(0, __file__.rsplit("/", 1)[0])
from train_demo_model import slim_optimizer_state  # noqa: E402

path = sys.argv[1]
ckpt = torch.load(path, map_location="cpu")
ckpt["optimizer_state"] = slim_optimizer_state(ckpt["optimizer_state"])
torch.save(ckpt, path)
print(path)
