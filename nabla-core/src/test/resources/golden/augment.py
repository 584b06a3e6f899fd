"""Golden values for dev.nabla.data.AugmentGoldenTest: image augmentation and resizing against torchvision.

Run:   /usr/bin/python3 nabla-core/src/test/resources/golden/augment.py   (Debian's python3-torch, python3-torchvision)
Writes augment.json beside this file: a random [2, 7, 9] image in float64, then
- rotate: torchvision.transforms.functional.rotate(img, angle, BILINEAR, fill) for a few angles;
- crop: torchvision's RandomCrop(size=(7, 9), padding=p, fill) for a given window (top, left), i.e. pad then crop;
- hflip: torchvision's hflip;
- resize: torch.nn.functional.interpolate(mode="bilinear", align_corners=False) to smaller and larger sizes.
"""
import json
import os

import torch
import torch.nn.functional as F
import torchvision.transforms.functional as TF
from torchvision.transforms import InterpolationMode

torch.manual_seed(5)
img = torch.rand(2, 7, 9, dtype=torch.float64)


def t(x):
    return {"shape": list(x.shape), "data": [float(v) for v in x.flatten()]}


cases = {"image": t(img), "rotate": [], "crop": [], "resize": []}
for angle, fill in [(17.0, 0.25), (-33.5, 0.0), (90.0, 0.5), (-8.0, 1.0)]:
    out = TF.rotate(img, angle, interpolation=InterpolationMode.BILINEAR, fill=[fill])
    cases["rotate"].append({"angle": angle, "fill": fill, "output": t(out)})
for padding, top, left, fill in [(2, 0, 4, 0.0), (2, 3, 1, 0.5), (1, 2, 2, 0.0), (3, 6, 0, 0.75)]:
    padded = TF.pad(img, [padding], fill=fill)
    out = TF.crop(padded, top, left, 7, 9)
    cases["crop"].append({"padding": padding, "top": top, "left": left, "fill": fill, "output": t(out)})
cases["hflip"] = t(TF.hflip(img))
for h, w in [(4, 5), (12, 13), (7, 4)]:
    out = F.interpolate(img.unsqueeze(0), size=(h, w), mode="bilinear", align_corners=False)[0]
    cases["resize"].append({"height": h, "width": w, "output": t(out)})

with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "augment.json"), "w") as f:
    json.dump(cases, f)
    f.write("\n")
print("wrote augment.json")
