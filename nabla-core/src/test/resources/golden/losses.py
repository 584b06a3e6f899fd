"""Golden values for dev.nabla.loss.LossGoldenTest, computed with PyTorch's own losses in float64.

Run:   python3 nabla-core/src/test/resources/golden/losses.py
Prints, for each case, the loss under reduction mean, sum and none, and the gradient of the mean
loss with respect to the prediction (and variance for GaussianNLL), as Java array literals.
The inputs below are the same fixed tensors as in LossGoldenTest.java: change both together.
"""
import torch
import torch.nn as nn

torch.set_default_dtype(torch.float64)
T = torch.tensor

PRED = [[0.5, -1.2, 2.0], [0.1, 3.5, -0.7]]
TARGET = [[0.0, -0.4, 0.3], [1.6, 0.9, -0.5]]
PROBS = [[0.9, 0.2, 0.0], [1.0, 0.6, 0.35]]
PROB_TARGET = [[1.0, 0.0, 1.0], [0.0, 1.0, 0.3]]
LOGITS = [[0.8, -1.5, 3.0], [0.0, 1000.0, -1000.0]]
LOGIT_TARGET = [[1.0, 0.0, 0.5], [1.0, 0.0, 1.0]]
CLASS_LOGITS = [[1.0, 2.0, 0.5, -1.0], [0.2, -0.3, 3.0, 1.5], [-2.0, 0.0, 0.7, 0.1]]
LABELS = [1, 2, 0]
LABELS_IGNORED = [1, -100, 0]
SOFT = [[0.1, 0.6, 0.2, 0.1], [0.0, 0.0, 1.0, 0.0], [0.25, 0.25, 0.25, 0.25]]
NLL_LABELS = [3, 0, 2]
G_MEAN = [[0.5, -1.0], [2.0, 0.3], [0.0, 1.0]]
G_TARGET = [[0.2, -0.5], [1.0, 0.4], [0.5, 0.0]]
G_VAR = [[0.5, 1.2], [2.0, 0.1], [1e-8, 0.8]]
G_VAR_SHARED = [[0.5], [2.0], [0.8]]


def java(values):
    flat = torch.as_tensor(values).flatten().tolist()
    return "{" + ", ".join(repr(float(v)) for v in flat) + "}"


def report(name, make, inputs, grad_of=(0,)):
    """make(reduction) -> loss module; inputs: list of nested lists (class labels as ints)."""
    for reduction in ("mean", "sum", "none"):
        xs = [T(x, requires_grad=(i in grad_of)) if i in grad_of else T(x) for i, x in enumerate(inputs)]
        out = make(reduction)(*xs)
        print(f"{name} {reduction}: {java(out.detach())}")
        if reduction == "mean" and grad_of:
            out.backward()
            for i in grad_of:
                print(f"{name} grad{i}: {java(xs[i].grad)}")


print("torch", torch.__version__)
report("MSE", lambda r: nn.MSELoss(reduction=r), [PRED, TARGET])
report("MAE", lambda r: nn.L1Loss(reduction=r), [PRED, TARGET])
report("Huber", lambda r: nn.HuberLoss(reduction=r, delta=1.0), [PRED, TARGET])
report("Huber0.7", lambda r: nn.HuberLoss(reduction=r, delta=0.7), [PRED, TARGET])
report("SmoothL1-0.5", lambda r: nn.SmoothL1Loss(reduction=r, beta=0.5), [PRED, TARGET])
report("BCE", lambda r: nn.BCELoss(reduction=r), [PROBS, PROB_TARGET], grad_of=())
report("BCEWithLogits", lambda r: nn.BCEWithLogitsLoss(reduction=r), [LOGITS, LOGIT_TARGET])
report("CE", lambda r: nn.CrossEntropyLoss(reduction=r), [CLASS_LOGITS, LABELS])
report("CEIgnored", lambda r: nn.CrossEntropyLoss(reduction=r), [CLASS_LOGITS, LABELS_IGNORED])
report("CESmooth", lambda r: nn.CrossEntropyLoss(reduction=r, label_smoothing=0.1), [CLASS_LOGITS, LABELS])
report("CESoft", lambda r: nn.CrossEntropyLoss(reduction=r), [CLASS_LOGITS, SOFT])
report("CESoftSmooth", lambda r: nn.CrossEntropyLoss(reduction=r, label_smoothing=0.2), [CLASS_LOGITS, SOFT])
report("NLL", lambda r: nn.NLLLoss(reduction=r), [CLASS_LOGITS, NLL_LABELS])
report("GaussianNLL", lambda r: nn.GaussianNLLLoss(reduction=r), [G_MEAN, G_TARGET, G_VAR], grad_of=(0, 2))
report("GaussianNLLFull", lambda r: nn.GaussianNLLLoss(reduction=r, full=True), [G_MEAN, G_TARGET, G_VAR_SHARED],
       grad_of=(0, 2))
