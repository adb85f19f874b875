#!/usr/bin/python3
"""Writes small torch.save files that exercise segshap's checkpoint reader beyond what nnU-Net checkpoints use.

Provenance: run with Debian's /usr/bin/python3 (torch 1.13, numpy 1.24) from the repository root:
    /usr/bin/python3 tools/make_torch_pickle_refs.py
Outputs under kernels/src/test/resources/model/pickle/:
  dtypes_and_views.pth            torch.save of a dict whose 'network_weights' holds every storage dtype,
                                  a transposed (strided) view, a sliced view (storage offset), wrapper
                                  prefixes and an alias to drop, plus non-tensor values of many pickle types
  dtypes_and_views_bigendian.pth  the same archive with every storage byte-swapped and a 'byteorder' record
                                  saying 'big' (what torch >= 2.1 writes on big-endian hosts); torch 1.13 cannot
                                  write it, so this script rewrites the zip (deflated entries: readers must not
                                  assume stored entries)
  dtypes_and_views.json           expected canonical weights (shape, values as float32) and other values
"""
import io
import json
import os
import pickle
import zipfile

import numpy as np
import torch

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "kernels/src/test/resources/model/pickle")


def weights():
    base = torch.arange(6, dtype=torch.float32).reshape(2, 3) * 0.5 - 1.0
    w = {
        "f32": torch.tensor([1.5, -2.25, 3.0e-8], dtype=torch.float32),
        "f16": torch.tensor([0.1, -65504.0, 6.0e-8], dtype=torch.float16),
        "bf16": torch.tensor([0.1, -3.0e38, 1.0], dtype=torch.bfloat16),
        "f64": torch.tensor([[0.1, 1e-300], [-2.5, 7.0]], dtype=torch.float64),
        "i64": torch.tensor([-(2 ** 40), 7], dtype=torch.int64),
        "i32": torch.tensor([-5, 70000], dtype=torch.int32),
        "i16": torch.tensor([-300, 300], dtype=torch.int16),
        "i8": torch.tensor([-128, 127], dtype=torch.int8),
        "u8": torch.tensor([0, 255], dtype=torch.uint8),
        "bool": torch.tensor([True, False, True]),
        "scalar": torch.tensor(4.5),
        "base": base,
        "transposed": base.t(),                 # strides (1, 3) into the same storage
        "slice": base[1:, 1:],                  # storage offset 4, strides (3, 1)
        "module._orig_mod.prefixed": torch.tensor([9.0]),
        "layer.all_modules.0.weight": base,     # an alias that the reader drops
    }
    return w


def main():
    os.makedirs(OUT, exist_ok=True)
    sd = weights()
    obj = {
        "network_weights": sd,
        "big_int": 2 ** 70,
        "neg_int": -5,
        "int32_edge": 2 ** 31,
        "float": 1.5,
        "text": "héllo ✓",
        "bytes": b"\x00\xff",
        "a_set": {3},
        "a_tuple": (1, "a", None),
        "nested": {3: [True, False]},
        "np_f32": np.float32(0.1),
        "np_i64": np.int64(-7),
        "device": torch.device("cuda", 0),
    }
    path = os.path.join(OUT, "dtypes_and_views.pth")
    torch.save(obj, path)

    expected = {}
    for k, v in sd.items():
        name = k
        for p in ("module.", "_orig_mod."):
            while name.startswith(p):
                name = name[len(p):]
        if ".all_modules." in name:
            continue
        expected[name] = {"shape": list(v.shape), "values": [float(x) for x in v.to(torch.float32).flatten()]}
    with open(os.path.join(OUT, "dtypes_and_views.json"), "w") as f:
        json.dump({"weights": expected, "np_f32": float(np.float32(0.1)), "big_int": str(2 ** 70)}, f, indent=1)

    # storage key -> dtype, read from the pickle's persistent ids without rebuilding anything
    dtypes = {}

    class Anything:
        def __init__(self, *a, **k): pass
        def __setstate__(self, s): pass
        def __setitem__(self, k, v): pass

    class Scan(pickle.Unpickler):
        def find_class(self, module, name):
            return name if name.endswith("Storage") else Anything

        def persistent_load(self, pid):
            dtypes[pid[2]] = pid[1]
            return None

    sizes = {"FloatStorage": 4, "HalfStorage": 2, "BFloat16Storage": 2, "DoubleStorage": 8, "LongStorage": 8,
             "IntStorage": 4, "ShortStorage": 2, "CharStorage": 1, "ByteStorage": 1, "BoolStorage": 1}
    src = zipfile.ZipFile(path)
    names = src.namelist()
    root = names[0].split("/")[0]
    Scan(io.BytesIO(src.read(root + "/data.pkl"))).load()
    with zipfile.ZipFile(os.path.join(OUT, "dtypes_and_views_bigendian.pth"), "w", zipfile.ZIP_DEFLATED) as dst:
        for n in names:
            data = src.read(n)
            if n.startswith(root + "/data/"):
                size = sizes[dtypes[n[len(root) + 6:]]]
                data = np.frombuffer(data, dtype=np.dtype("u%d" % size)).byteswap().tobytes() if size > 1 else data
            dst.writestr(n, data)
        dst.writestr(root + "/byteorder", "big")
    print(root, len(dtypes), "storages")


if __name__ == "__main__":
    main()
