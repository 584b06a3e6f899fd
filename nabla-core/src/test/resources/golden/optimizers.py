#!/usr/bin/python3
"""Golden values for dev.nabla.optim.OptimizerTest, from PyTorch's torch.optim.

Run from this folder with the python that has torch (Debian: apt-get install python3-torch):
    /usr/bin/python3 optimizers.py > optimizers.csv
(checked in with the CSV it wrote; rerun it whenever a case below changes, and keep the case names
in step with the table in OptimizerTest.java).

The problem: linear regression with fixed data, loss = mean((X W^T + b - Y)^2), W [2, 3], b [2].
Each case runs N = 5 steps of zero_grad, backward, (clip), step, (scheduler.step) and writes one line
per step and dtype: case,dtype,step,W[0,0],...,W[1,2],b[0],b[1]. Values are printed with Python's
repr, which round-trips exactly through Java's Double.parseDouble; float32 values are printed as the
exact double of the float32.
"""
import math
import sys

import torch

STEPS = 5
X = [[1.0, 2.0, -1.0], [0.5, -1.0, 2.0], [-1.5, 0.3, 0.8], [2.0, 1.0, 1.0]]
Y = [[1.0, -1.0], [0.5, 2.0], [-1.0, 0.3], [2.0, 1.0]]
W0 = [[0.5, -0.3, 0.8], [-0.6, 0.2, 0.1]]
B0 = [0.1, -0.2]

O = torch.optim
S = O.lr_scheduler

# name -> (optimizer factory, clipping, scheduler factory); clipping is ('norm', max) or ('value', v).
CASES = {
    "sgd": (lambda p: O.SGD(p, lr=0.1), None, None),
    "sgd_momentum": (lambda p: O.SGD(p, lr=0.1, momentum=0.9), None, None),
    "sgd_nesterov": (lambda p: O.SGD(p, lr=0.1, momentum=0.9, nesterov=True), None, None),
    "sgd_weight_decay": (lambda p: O.SGD(p, lr=0.1, momentum=0.5, weight_decay=0.1), None, None),
    "sgd_clip_norm": (lambda p: O.SGD(p, lr=0.1, momentum=0.9), ("norm", 1.0), None),
    "sgd_clip_value": (lambda p: O.SGD(p, lr=0.1), ("value", 0.5), None),
    "adagrad": (lambda p: O.Adagrad(p, lr=0.1), None, None),
    "adagrad_options": (lambda p: O.Adagrad(p, lr=0.1, lr_decay=0.05, weight_decay=0.1,
                                            initial_accumulator_value=0.2, eps=1e-6), None, None),
    "rmsprop": (lambda p: O.RMSprop(p, lr=0.01), None, None),
    "rmsprop_momentum": (lambda p: O.RMSprop(p, lr=0.01, momentum=0.9, weight_decay=0.1), None, None),
    "rmsprop_centered": (lambda p: O.RMSprop(p, lr=0.01, alpha=0.9, centered=True), None, None),
    "rmsprop_centered_momentum": (lambda p: O.RMSprop(p, lr=0.01, centered=True, momentum=0.5), None, None),
    "adam": (lambda p: O.Adam(p, lr=0.05), None, None),
    "adam_weight_decay": (lambda p: O.Adam(p, lr=0.05, betas=(0.8, 0.99), eps=1e-6, weight_decay=0.1), None, None),
    "adam_amsgrad": (lambda p: O.Adam(p, lr=0.05, betas=(0.9, 0.5), amsgrad=True), None, None),
    "adamw": (lambda p: O.AdamW(p, lr=0.05, weight_decay=0.1), None, None),
    "adamw_amsgrad": (lambda p: O.AdamW(p, lr=0.05, betas=(0.9, 0.5), amsgrad=True), None, None),
    "sgd_exponential_decay": (lambda p: O.SGD(p, lr=0.1, momentum=0.9), None, lambda o: S.ExponentialLR(o, gamma=0.8)),
    "sgd_step_decay": (lambda p: O.SGD(p, lr=0.1), None, lambda o: S.StepLR(o, step_size=2, gamma=0.5)),
    "adam_cosine_decay": (lambda p: O.Adam(p, lr=0.05), None, lambda o: S.CosineAnnealingLR(o, T_max=4, eta_min=0.01)),
    # OneCycleLR's max_lr is the optimizer's lr (Nabla's OneCycle peaks at the configured rate)
    "adam_one_cycle": (lambda p: O.Adam(p, lr=0.05), None, lambda o: S.OneCycleLR(o, max_lr=0.05, total_steps=5)),
    "sgd_one_cycle_three_phase": (lambda p: O.SGD(p, lr=0.1, momentum=0.9, nesterov=True), None,
                                  lambda o: S.OneCycleLR(o, max_lr=0.1, total_steps=10, pct_start=0.3,
                                                         anneal_strategy="linear", three_phase=True, div_factor=10,
                                                         final_div_factor=100, base_momentum=0.8, max_momentum=0.9)),
    "rmsprop_one_cycle": (lambda p: O.RMSprop(p, lr=0.01, momentum=0.5), None,
                          lambda o: S.OneCycleLR(o, max_lr=0.01, total_steps=5, pct_start=0.5, base_momentum=0.6,
                                                 max_momentum=0.7)),
    "rmsprop_one_cycle_lr_only": (lambda p: O.RMSprop(p, lr=0.01, momentum=0.5), None,
                                  lambda o: S.OneCycleLR(o, max_lr=0.01, total_steps=5, cycle_momentum=False)),
}


def run(make, clip, schedule, dtype):
    x, y = torch.tensor(X, dtype=dtype), torch.tensor(Y, dtype=dtype)
    w = torch.tensor(W0, dtype=dtype, requires_grad=True)
    b = torch.tensor(B0, dtype=dtype, requires_grad=True)
    opt = make([w, b])
    sched = schedule(opt) if schedule else None
    rows, clipped = [], False
    for _ in range(STEPS):
        opt.zero_grad()
        loss = (x @ w.T + b - y).pow(2).mean()
        loss.backward()
        if clip and clip[0] == "norm":
            clipped |= float(torch.nn.utils.clip_grad_norm_([w, b], clip[1])) > clip[1]
        elif clip:
            clipped |= max(float(w.grad.abs().max()), float(b.grad.abs().max())) > clip[1]
            torch.nn.utils.clip_grad_value_([w, b], clip[1])
        opt.step()
        if sched:
            sched.step()
        rows.append([float(v) for v in torch.cat([w.detach().flatten(), b.detach()])])
    if clip and not clipped:
        sys.exit(f"clipping never engaged in {make}: pick a smaller threshold")
    return rows


def amsgrad_engages():
    """The amsgrad cases only test something if max(v) differs from v at some step."""
    w = torch.tensor(W0, dtype=torch.float64, requires_grad=True)
    b = torch.tensor(B0, dtype=torch.float64, requires_grad=True)
    opt = O.Adam([w, b], lr=0.05, betas=(0.9, 0.5), amsgrad=True)
    x, y = torch.tensor(X, dtype=torch.float64), torch.tensor(Y, dtype=torch.float64)
    for _ in range(STEPS):
        opt.zero_grad()
        (x @ w.T + b - y).pow(2).mean().backward()
        opt.step()
        st = opt.state[w]
        if not torch.equal(st["max_exp_avg_sq"], st["exp_avg_sq"]):
            return True
    return False


def main():
    torch.set_num_threads(1)
    if not amsgrad_engages():
        sys.exit("amsgrad never differs from adam here: change betas")
    print(f"# generated by optimizers.py with torch {torch.__version__}; "
          "columns: case,dtype,step,W (row-major, 6 values),b (2 values)")
    for name, (make, clip, schedule) in CASES.items():
        for dtype, label in ((torch.float32, "float32"), (torch.float64, "float64")):
            for step, values in enumerate(run(make, clip, schedule, dtype), start=1):
                print(",".join([name, label, str(step)] + [repr(v) for v in values]))


if __name__ == "__main__":
    main()
