#!/usr/bin/python3
"""NIfTI reference files for segshap.kernels.nifti, and a nibabel check of files segshap wrote.

Provenance: written for segshap; run with the system interpreter (nibabel 5.0.0, numpy 1.24.2):

    /usr/bin/python3 tools/make_nifti_refs.py            # (re)writes kernels/src/test/resources/nifti/
    /usr/bin/python3 tools/make_nifti_refs.py --check kernels/target/nifti-written

Make mode writes small 5x4x3 volumes covering every supported datatype, NIfTI-1 and NIfTI-2, .nii and
.nii.gz, little- and big-endian, scl_slope/scl_inter (also slope 0 and NaN = "no scaling"), sform only,
qform only (rotated, qfac -1 = flipped), neither code (nibabel's centred fallback), a header extension,
qfac 0, a 4D file with one volume, and a label table in the header extension as TotalSegmentator's --ml
output stores it (Caret XML, ecode 0). Headers are built with nibabel's header classes; the voxel bytes
are written raw so the stored values and scale factors are exactly what we chose. For every file the
manifest `refs.json` records what nibabel itself reads back (nib.load): shape, img.affine, zooms, datatype
code, the effective slope/inter, the header extensions (code and content), and `<name>.values_zyx.npy` = get_fdata() transposed (2,1,0) as float32
(nibabel computes raw*slope+inter in float64; we cast the result to float32, as segshap stores float32).

Check mode opens every NAME.nii / NAME.nii.gz in DIR that has the sidecars NAME.expected.json
({"shapeXyz", "affine", "datatype"}) and NAME.values_zyx.npy, and checks with nibabel: the header passes
nibabel's diagnostics, shape, datatype, affine (sform) and the qform agree with the expected affine, and
get_fdata() equals the values. Prints OK / NOT OK per file; exit status 1 if any file fails.
"""
import argparse
import gzip
import io
import json
import math
import os
import sys

import nibabel as nib
import numpy as np

SHAPE_XYZ = (5, 4, 3)
OUT_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "kernels", "src", "test", "resources", "nifti")
# float32 header storage (srow, quaternion) limits how closely a written affine can come back
CHECK_AFFINE_ATOL = 1e-4


def rotation(axis, degrees):
    axis = np.asarray(axis, dtype=np.float64)
    axis /= np.linalg.norm(axis)
    x, y, z = axis
    c, s = math.cos(math.radians(degrees)), math.sin(math.radians(degrees))
    C = 1 - c
    return np.array([
        [c + x * x * C, x * y * C - z * s, x * z * C + y * s],
        [y * x * C + z * s, c + y * y * C, y * z * C - x * s],
        [z * x * C - y * s, z * y * C + x * s, c + z * z * C],
    ])


ZOOMS = np.array([0.7, 0.8, 2.5])

# general sform (rows need not be orthogonal: sform may hold shears)
SFORM = np.array([
    [-0.7, 0.1, 0.05, 90.5],
    [0.08, 0.8, -0.1, -120.25],
    [0.0, 0.12, 2.5, 33.0],
    [0.0, 0.0, 0.0, 1.0],
])

# rotated and flipped (det < 0, stored with qfac -1)
QFORM = np.eye(4)
QFORM[:3, :3] = rotation([1, 2, 3], 30) @ np.diag(ZOOMS * [1, 1, -1])
QFORM[:3, 3] = [-12.5, 40.25, -7.0]


def values_for(dtype, rng):
    n = int(np.prod(SHAPE_XYZ))
    dt = np.dtype(dtype)
    if dt.kind in "iu":
        info = np.iinfo(dt)
        v = rng.integers(info.min, int(info.max) + 1, size=n, dtype=np.int64)
        v[0], v[1], v[2] = info.min, info.max, 0
        return v.astype(dt)
    v = rng.normal(0.0, 300.0, size=n).astype(dt)
    v[0], v[1] = np.finfo(dt).max, np.finfo(dt).tiny / 4  # largest, a subnormal
    v[2] = -0.0
    return v


def caret_label_table(names):
    """A Caret XML label table in the layout TotalSegmentator's --ml output carries (ecode 0, names in CDATA,
    one <Label> line per id, colours as fractions), written here from that layout's description."""
    lines = ['<?xml version="1.0" encoding="UTF-8"?> <CaretExtension>  <Date><![CDATA[2013-07-14T05:45:09]]></Date>'
             '   <VolumeInformation Index="0">   <LabelTable>']
    for key, name in names.items():
        lines.append('<Label Key="%d" Red="%s" Green="%s" Blue="%s" Alpha="1"><![CDATA[%s]]></Label>'
                     % (key, key % 2 * 1.0, key % 3 / 2, 0.0, name))
    lines.append('  </LabelTable>  <StudyMetaDataLinkSet>  </StudyMetaDataLinkSet>  <VolumeType><![CDATA[Label]]>'
                 '</VolumeType>   </VolumeInformation></CaretExtension>')
    return "\n".join(lines) + "\n              "


def write_case(path, version, endian, dtype, form, slope=None, inter=None, ndim4=False,
               extension=False, label_table=None, qfac0=False, bad_pixdim=False, seed=0):
    rng = np.random.default_rng(seed)
    H = nib.Nifti1Header if version == 1 else nib.Nifti2Header
    hdr = H(endianness=endian)
    shape = SHAPE_XYZ + ((1,) if ndim4 else ())
    hdr.set_data_shape(shape)
    hdr.set_data_dtype(dtype)
    hdr.set_zooms(tuple(ZOOMS) + ((1.0,) if ndim4 else ()))
    hdr.set_xyzt_units("mm", "sec")
    hdr.set_sform(None, code=0)
    hdr.set_qform(None, code=0)
    if form in ("sform", "both"):
        hdr.set_sform(SFORM if form == "sform" else QFORM, code=1)
    if form in ("qform", "both"):
        hdr.set_qform(QFORM, code=1)
    if slope is not None:
        hdr["scl_slope"] = slope
        hdr["scl_inter"] = inter
    if qfac0:
        hdr["pixdim"][0] = 0  # invalid qfac: readers treat it as 1
    if bad_pixdim:
        hdr["pixdim"][1] = -0.7  # nibabel reads the absolute value
        hdr["pixdim"][3] = 0.0  # nibabel reads 1
    if extension:
        hdr.extensions.append(nib.nifti1.Nifti1Extension("comment", b"segshap reference file with an extension"))
    if label_table:
        hdr.extensions.append(nib.nifti1.Nifti1Extension(0, caret_label_table(label_table).encode("utf-8")))
    hdr["vox_offset"] = H.single_vox_offset + hdr.extensions.get_sizeondisk()
    raw = values_for(dtype, rng)
    if dtype == np.float32 and not extension:
        raw[3], raw[4], raw[5] = np.nan, np.inf, -np.inf
    arr = raw.reshape(shape, order="F")
    buf = io.BytesIO()
    hdr.write_to(buf)
    assert buf.tell() == int(hdr["vox_offset"]), (buf.tell(), hdr["vox_offset"])
    buf.write(np.asarray(arr, dtype=hdr.get_data_dtype()).tobytes(order="F"))
    data = buf.getvalue()
    if path.endswith(".gz"):
        data = gzip.compress(data, mtime=0)
    with open(path, "wb") as f:
        f.write(data)


CASES = [
    # name, version, endian, dtype, form, extra kwargs
    ("u8_n1_sform.nii", 1, "<", np.uint8, "sform", {}),
    ("i8_n1_qform_flip.nii.gz", 1, "<", np.int8, "qform", {}),
    ("i16_n1_scaled_both.nii.gz", 1, "<", np.int16, "both", {"slope": 0.5, "inter": -1024.0}),
    ("u16_n1_nocode.nii", 1, "<", np.uint16, "none", {}),
    ("i8_n1_nocode_bad_pixdim.nii", 1, "<", np.int8, "none", {"bad_pixdim": True}),
    ("i32_n1_scaled_sform.nii.gz", 1, "<", np.int32, "sform", {"slope": 2.0, "inter": 3.0}),
    ("f32_n1_nan_inf_sform.nii", 1, "<", np.float32, "sform", {}),
    ("f64_n1_qform.nii.gz", 1, "<", np.float64, "qform", {}),
    ("i16_n1_be_both_scaled.nii", 1, ">", np.int16, "both", {"slope": 1.5, "inter": 7.0}),
    ("u16_n1_4d_one_volume.nii.gz", 1, "<", np.uint16, "sform", {"ndim4": True}),
    ("i16_n1_extension_slope0.nii", 1, "<", np.int16, "sform", {"extension": True, "slope": 0.0, "inter": 5.0}),
    ("f32_n1_qfac0_slopenan.nii", 1, "<", np.float32, "qform", {"qfac0": True, "slope": np.nan, "inter": 0.0}),
    ("f32_n2_sform.nii", 2, "<", np.float32, "sform", {}),
    ("i16_n2_scaled_qform.nii.gz", 2, "<", np.int16, "qform", {"slope": 0.25, "inter": -5.0}),
    ("u8_n2_be_nocode.nii.gz", 2, ">", np.uint8, "none", {}),
    ("f64_n2_be_both.nii", 2, ">", np.float64, "both", {}),
    ("i32_n2_extension.nii", 2, "<", np.int32, "sform", {"extension": True}),
    ("u8_n1_label_table.nii.gz", 1, "<", np.uint8, "sform",
     {"label_table": {1: "spleen", 2: "kidney_right", 5: "liver", 90: "brain", 117: "costal_cartilages"}}),
]


def make(out_dir):
    os.makedirs(out_dir, exist_ok=True)
    entries = []
    for seed, (name, version, endian, dtype, form, kw) in enumerate(CASES):
        path = os.path.join(out_dir, name)
        write_case(path, version, endian, dtype, form, seed=seed, **kw)
        img = nib.load(path)
        values = np.asarray(img.get_fdata(), dtype=np.float64)
        with np.errstate(over="ignore"):  # float64 beyond float32 range becomes +-inf, as in segshap
            values = values.reshape(values.shape[:3]).transpose(2, 1, 0).astype(np.float32)
        base = name[: -len(".nii.gz")] if name.endswith(".gz") else name[: -len(".nii")]
        np.save(os.path.join(out_dir, base + ".values_zyx.npy"), values)
        slope = img.dataobj.slope
        inter = img.dataobj.inter
        entries.append({
            "file": name,
            "niftiVersion": version,
            "shapeXyz": [int(s) for s in img.shape[:3]],
            "affine": [float(a) for a in img.affine.reshape(-1)],
            "pixdimXyz": [float(z) for z in img.header.get_zooms()[:3]],
            "datatype": int(img.header["datatype"]),
            "sclSlope": float(slope),
            "sclInter": float(inter),
            "valuesZyx": base + ".values_zyx.npy",
            "extensions": [{"code": int(e.get_code()), "contentHex": e.get_content().hex()}
                           for e in img.header.extensions],
        })
    manifest = {
        "provenance": "tools/make_nifti_refs.py (nibabel %s, numpy %s): values = nib.load(file).get_fdata()"
                      " transposed (2,1,0) as float32; affine = img.affine row-major" % (nib.__version__, np.__version__),
        "files": entries,
    }
    with open(os.path.join(out_dir, "refs.json"), "w") as f:
        json.dump(manifest, f, indent=1)
        f.write("\n")
    print("wrote %d reference files to %s" % (len(entries), os.path.normpath(out_dir)))


def check(directory):
    names = sorted(n for n in os.listdir(directory) if n.endswith(".nii") or n.endswith(".nii.gz"))
    failures = 0
    checked = 0
    for name in names:
        base = name[: -len(".nii.gz")] if name.endswith(".gz") else name[: -len(".nii")]
        exp_path = os.path.join(directory, base + ".expected.json")
        val_path = os.path.join(directory, base + ".values_zyx.npy")
        if not (os.path.exists(exp_path) and os.path.exists(val_path)):
            continue
        checked += 1
        with open(exp_path) as f:
            exp = json.load(f)
        problems = []
        img = nib.load(os.path.join(directory, name))
        hdr = img.header
        raw_hdr = type(hdr).from_fileobj(io.BytesIO(
            (gzip.open if name.endswith(".gz") else open)(os.path.join(directory, name), "rb").read(hdr.sizeof_hdr)),
            check=False)
        diag = type(hdr).diagnose_binaryblock(raw_hdr.binaryblock)
        if diag:
            problems.append("nibabel diagnostics: " + diag.replace("\n", "; "))
        if list(img.shape) != exp["shapeXyz"]:
            problems.append("shape %s != %s" % (list(img.shape), exp["shapeXyz"]))
        if int(hdr["datatype"]) != exp["datatype"]:
            problems.append("datatype %d != %d" % (int(hdr["datatype"]), exp["datatype"]))
        affine = np.array(exp["affine"], dtype=np.float64).reshape(4, 4)
        d_aff = np.abs(img.affine - affine).max()
        d_q = np.abs(raw_hdr.get_qform() - affine).max()
        if d_aff > CHECK_AFFINE_ATOL:
            problems.append("affine differs by %.3g" % d_aff)
        if d_q > CHECK_AFFINE_ATOL:
            problems.append("qform differs from the affine by %.3g" % d_q)
        if int(raw_hdr["qform_code"]) == 0 or int(raw_hdr["sform_code"]) == 0:
            problems.append("qform_code %d sform_code %d" % (raw_hdr["qform_code"], raw_hdr["sform_code"]))
        expected = np.load(val_path)
        got = np.asarray(img.get_fdata()).transpose(2, 1, 0).astype(np.float32)
        if got.shape != expected.shape:
            problems.append("values shape %s != %s" % (got.shape, expected.shape))
        elif not np.array_equal(got, expected, equal_nan=True):
            bad = np.argwhere(~((got == expected) | (np.isnan(got) & np.isnan(expected))))
            z, y, x = bad[0]
            problems.append("%d values differ, first at zyx (%d,%d,%d): %r vs %r"
                            % (len(bad), z, y, x, got[z, y, x], expected[z, y, x]))
        if problems:
            failures += 1
            print("NOT OK %s: %s" % (name, " | ".join(problems)))
        else:
            print("OK %s  shape %s  dtype %s  max|affine diff| %.2g  max|qform diff| %.2g"
                  % (name, img.shape, img.get_data_dtype(), d_aff, d_q))
    if checked == 0:
        print("no NAME.nii[.gz] with NAME.expected.json and NAME.values_zyx.npy in %s" % directory)
        return 1
    print("%d files checked, %d failed" % (checked, failures))
    return 1 if failures else 0


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--out", default=OUT_DIR, help="where to write the reference files (default: %(default)s)")
    p.add_argument("--check", metavar="DIR", help="check files segshap wrote in DIR with nibabel instead")
    a = p.parse_args()
    if a.check:
        sys.exit(check(a.check))
    make(a.out)


if __name__ == "__main__":
    main()
