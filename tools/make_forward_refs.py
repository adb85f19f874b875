#!/usr/bin/python3
"""Reference forwards for segshap's CPU backend (segshap.kernels.cpu) on small random networks.

Provenance: written for segshap; run with Debian's /usr/bin/python3 and its torch 1.13.1 (CPU, fp32):

    /usr/bin/python3 tools/make_forward_refs.py

It writes kernels/src/test/resources/forward/<case>/ with
    spec.json                  the NetworkSpec fields (camelCase, zyx triples)
    weights.safetensors        canonical nnU-Net state-dict names, F32, header padded to 8 bytes (written by hand)
    input_bczyx.npy            (1, C, Z, Y, X) network input
    logits_bczyx.npy           (1, heads, Z, Y, X) network output
    activations/<name>.npy     a few intermediate activations, (1, C, z, y, x)

The network is our own functional torch implementation of dynamic-network-architectures' PlainConvUNet and
ResidualEncoderUNet (BasicBlockD) following /work/shared/research/nnunet-inference.md section 6 (the library
itself is not installed here). `--check-fixture` replays the nnU-Net fixture's single patch through the same
code to show that the plain path matches nnU-Net's own forward.
"""
import argparse
import json
import os
import struct
import sys

import numpy as np
import torch
import torch.nn.functional as F

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "kernels", "src", "test", "resources", "forward")
FIXTURE = os.path.join(ROOT, "kernels", "src", "test", "resources", "fixtures", "nnunet-v2")


# ---------------------------------------------------------------------------------------------- network
def conv(x, w, b, stride):
    pad = [(k - 1) // 2 for k in w.shape[2:]]
    return F.conv3d(x, w, b, stride=stride, padding=pad)


def norm(x, sd, prefix, eps):
    # InstanceNorm3d(affine=True, track_running_stats=False): per tile statistics, biased variance
    return F.instance_norm(x, weight=sd[prefix + ".norm.weight"], bias=sd[prefix + ".norm.bias"], eps=eps)


def conv_norm(x, sd, prefix, stride, spec, act=True):
    b = sd.get(prefix + ".conv.bias")
    y = norm(conv(x, sd[prefix + ".conv.weight"], b, stride), sd, prefix, spec["normEps"])
    return F.leaky_relu(y, spec["leakySlope"]) if act else y


def forward(spec, sd, x, acts):
    n = len(spec["featuresPerStage"])
    strides = spec["stridesZyx"]
    skips = []
    if spec["architecture"] == "PLAIN_CONV_UNET":
        for s in range(n):
            for j in range(spec["blocksPerStage"][s]):
                x = conv_norm(x, sd, "encoder.stages.%d.0.convs.%d" % (s, j), strides[s] if j == 0 else 1, spec)
            skips.append(x)
            acts["encoder_stage%d" % s] = x
    else:
        x = conv_norm(x, sd, "encoder.stem.convs.0", 1, spec)
        acts["encoder_stem"] = x
        for s in range(n):
            for b in range(spec["blocksPerStage"][s]):
                p = "encoder.stages.%d.blocks.%d" % (s, b)
                stride = strides[s] if b == 0 else [1, 1, 1]
                y = conv_norm(x, sd, p + ".conv1", stride, spec)
                y = conv_norm(y, sd, p + ".conv2", 1, spec, act=False)
                r = x
                strided = any(t != 1 for t in stride)
                if strided:
                    r = F.avg_pool3d(r, kernel_size=stride, stride=stride)
                key = p + ".skip.%d" % (1 if strided else 0)
                if key + ".conv.weight" in sd:
                    r = norm(F.conv3d(r, sd[key + ".conv.weight"]), sd, key, spec["normEps"])
                x = F.leaky_relu(y + r, spec["leakySlope"])
            skips.append(x)
            acts["encoder_stage%d" % s] = x
    d = skips[-1]
    for s in range(n - 1):
        st = strides[n - 1 - s]
        d = F.conv_transpose3d(d, sd["decoder.transpconvs.%d.weight" % s], sd.get("decoder.transpconvs.%d.bias" % s),
                               stride=st)
        acts["decoder_transpconv%d" % s] = d
        d = torch.cat([d, skips[n - 2 - s]], 1)  # upsampled first, skip second
        for j in range(spec["convsPerStageDecoder"][s]):
            d = conv_norm(d, sd, "decoder.stages.%d.convs.%d" % (s, j), 1, spec)
        acts["decoder_stage%d" % s] = d
    seg = "decoder.seg_layers.%d" % (n - 2)
    return F.conv3d(d, sd[seg + ".weight"], sd[seg + ".bias"])


# ---------------------------------------------------------------------------------------------- weights
def make_weights(spec, seed):
    g = torch.Generator().manual_seed(seed)
    sd = {}
    bias = spec["convBias"]

    def he(shape):
        fan_in = int(np.prod(shape[1:]))
        return torch.randn(shape, generator=g) * (2.0 / fan_in) ** 0.5

    def conv_norm_params(prefix, cin, cout, k, with_bias):
        sd[prefix + ".conv.weight"] = he([cout, cin] + list(k))
        if with_bias:
            sd[prefix + ".conv.bias"] = 0.1 * torch.randn(cout, generator=g)
        # non-trivial affine params so a missing gamma/beta shows up
        sd[prefix + ".norm.weight"] = 1.0 + 0.3 * torch.randn(cout, generator=g)
        sd[prefix + ".norm.bias"] = 0.2 * torch.randn(cout, generator=g)

    feats, ks, strides = spec["featuresPerStage"], spec["kernelSizesZyx"], spec["stridesZyx"]
    n = len(feats)
    if spec["architecture"] == "PLAIN_CONV_UNET":
        cin = spec["inputChannels"]
        for s in range(n):
            for j in range(spec["blocksPerStage"][s]):
                conv_norm_params("encoder.stages.%d.0.convs.%d" % (s, j), cin if j == 0 else feats[s], feats[s], ks[s], bias)
            cin = feats[s]
    else:
        conv_norm_params("encoder.stem.convs.0", spec["inputChannels"], feats[0], ks[0], bias)
        cin = feats[0]
        for s in range(n):
            for b in range(spec["blocksPerStage"][s]):
                p = "encoder.stages.%d.blocks.%d" % (s, b)
                bin_ = cin if b == 0 else feats[s]
                stride = strides[s] if b == 0 else [1, 1, 1]
                conv_norm_params(p + ".conv1", bin_, feats[s], ks[s], bias)
                conv_norm_params(p + ".conv2", feats[s], feats[s], ks[s], bias)
                if bin_ != feats[s]:
                    strided = any(t != 1 for t in stride)
                    conv_norm_params(p + ".skip.%d" % (1 if strided else 0), bin_, feats[s], [1, 1, 1], False)
            cin = feats[s]
    for s in range(n - 1):
        below, f, st = feats[n - 1 - s], feats[n - 2 - s], strides[n - 1 - s]
        sd["decoder.transpconvs.%d.weight" % s] = he([below, f] + list(st))
        if bias:
            sd["decoder.transpconvs.%d.bias" % s] = 0.1 * torch.randn(f, generator=g)
        for j in range(spec["convsPerStageDecoder"][s]):
            conv_norm_params("decoder.stages.%d.convs.%d" % (s, j), 2 * f if j == 0 else f, f, ks[n - 2 - s], bias)
        # all seg layers exist in real checkpoints (deep supervision); only the last is used
        sd["decoder.seg_layers.%d.weight" % s] = he([spec["numHeads"], f, 1, 1, 1])
        sd["decoder.seg_layers.%d.bias" % s] = 0.1 * torch.randn(spec["numHeads"], generator=g)
    return sd


# ---------------------------------------------------------------------------------------------- files
def write_safetensors(path, sd):
    header, blobs, offset = {}, [], 0
    for name in sorted(sd):
        data = sd[name].detach().numpy().astype("<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(sd[name].shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    header["__metadata__"] = {"format": "pt", "writer": "segshap tools/make_forward_refs.py"}
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for b in blobs:
            f.write(b)


def read_safetensors(path):
    with open(path, "rb") as f:
        raw = f.read()
    n = struct.unpack("<Q", raw[:8])[0]
    header = json.loads(raw[8:8 + n])
    sd = {}
    for k, v in header.items():
        if k == "__metadata__":
            continue
        assert v["dtype"] == "F32"
        b, e = v["data_offsets"]
        sd[k] = torch.from_numpy(np.frombuffer(raw[8 + n + b:8 + n + e], dtype="<f4").reshape(v["shape"]).copy())
    return sd


def save(case, spec, sd, x, tile_note, keep_acts):
    d = os.path.join(OUT, case)
    os.makedirs(os.path.join(d, "activations"), exist_ok=True)
    acts = {}
    with torch.no_grad():
        y = forward(spec, sd, x, acts)
    with open(os.path.join(d, "spec.json"), "w") as f:
        json.dump(dict(spec, note=tile_note), f, indent=1)
    write_safetensors(os.path.join(d, "weights.safetensors"), sd)
    np.save(os.path.join(d, "input_bczyx.npy"), x.numpy().astype("<f4"))
    np.save(os.path.join(d, "logits_bczyx.npy"), y.numpy().astype("<f4"))
    for name in keep_acts:
        np.save(os.path.join(d, "activations", name + ".npy"), acts[name].numpy().astype("<f4"))
    print(case, "logits", tuple(y.shape), "max |logit| %.3f" % y.abs().max().item(),
          "acts", {k: tuple(v.shape) for k, v in acts.items() if k in keep_acts})


# ---------------------------------------------------------------------------------------------- cases
RESENC = {
    # stage 0 identity skip with an anisotropic [1,3,3] kernel; stage 1 pool+projection ([1,2,2]) and a
    # second, identity block; stage 2 pool only (stride 2, channels kept); stage 3 projection only (stride 1)
    "architecture": "RESIDUAL_ENCODER_UNET", "inputChannels": 1, "numHeads": 3,
    "featuresPerStage": [4, 8, 8, 12],
    "kernelSizesZyx": [[1, 3, 3], [3, 3, 3], [3, 3, 3], [3, 3, 3]],
    "stridesZyx": [[1, 1, 1], [1, 2, 2], [2, 2, 2], [1, 1, 1]],
    "blocksPerStage": [1, 2, 1, 1], "convsPerStageDecoder": [1, 1, 1],
    "convBias": True, "normEps": 1e-5, "leakySlope": 0.01,
}
PLAIN_2CH = {
    # two input channels, odd feature counts, no conv bias, non-default eps and slope, a [1,3,3] kernel
    # deeper in, a [1,2,2] stride and a non-cubic tile
    "architecture": "PLAIN_CONV_UNET", "inputChannels": 2, "numHeads": 2,
    "featuresPerStage": [5, 7, 11],
    "kernelSizesZyx": [[3, 3, 3], [1, 3, 3], [3, 3, 3]],
    "stridesZyx": [[1, 1, 1], [2, 2, 2], [1, 2, 2]],
    "blocksPerStage": [2, 1, 3], "convsPerStageDecoder": [1, 2],
    "convBias": False, "normEps": 1e-3, "leakySlope": 0.05,
}


def check_fixture():
    sd = read_safetensors(os.path.join(FIXTURE, "models", "Dataset901_TinyCT", "nnUNetTrainer__nnUNetPlans__3d_fullres",
                                       "fold_0", "network_weights.safetensors"))
    spec = {"architecture": "PLAIN_CONV_UNET", "featuresPerStage": [4, 8, 16, 32],
            "stridesZyx": [[1, 1, 1], [1, 2, 2], [2, 2, 2], [2, 2, 2]], "blocksPerStage": [2, 2, 2, 2],
            "convsPerStageDecoder": [2, 2, 2], "normEps": 1e-5, "leakySlope": 0.01}
    x = torch.from_numpy(np.load(os.path.join(FIXTURE, "single_patch", "plain", "input_patch_bczyx.npy")))
    ref = np.load(os.path.join(FIXTURE, "single_patch", "plain", "logits_bczyx.npy"))
    with torch.no_grad():
        y = forward(spec, sd, x, {}).numpy()
    diff = np.abs(y - ref).max()
    print("fixture single patch: max |ours - nnU-Net| = %.3g" % diff)
    return diff < 1e-5


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--check-fixture", action="store_true")
    args = ap.parse_args()
    torch.set_num_threads(1)
    if not check_fixture():
        sys.exit("our plain forward does not reproduce the nnU-Net fixture; fix it before writing references")
    if args.check_fixture:
        return
    g = torch.Generator().manual_seed(901)
    save("resenc_tiny", RESENC, make_weights(RESENC, 1), torch.randn(1, 1, 8, 16, 16, generator=g),
         "tile 8x16x16 (total stride 2x4x4)",
         ["encoder_stem", "encoder_stage1", "encoder_stage2", "encoder_stage3", "decoder_transpconv0",
          "decoder_stage2"])
    save("plain_2ch", PLAIN_2CH, make_weights(PLAIN_2CH, 2), torch.randn(1, 2, 6, 12, 20, generator=g),
         "tile 6x12x20 (total stride 2x4x4)",
         ["encoder_stage0", "encoder_stage2", "decoder_transpconv1", "decoder_stage1"])


if __name__ == "__main__":
    main()
