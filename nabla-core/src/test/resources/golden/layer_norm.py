"""Golden values for dev.nabla.nn.LayerNormTest, computed with PyTorch's nn.LayerNorm in float64.

Run:   /usr/bin/python3 nabla-core/src/test/resources/golden/layer_norm.py   (Debian's python3-torch)
Prints the output, and the gradients of sum(output * G) with respect to the input, the weight and the
bias, as Java array literals. The inputs are the same fixed tensors as in LayerNormTest.java.
"""
import torch

torch.set_default_dtype(torch.float64)
X = [[[0.5, -1.2, 2.0, 0.3], [1.5, 1.5, 1.5, 1.6]], [[-3.0, 0.1, 0.2, 4.0], [0.0, 2.0, -2.0, 1.0]]]
W = [[1.5, -0.5, 2.0, 1.0], [0.5, 1.0, -1.0, 0.25]]
B = [[0.1, 0.2, -0.3, 0.0], [1.0, -1.0, 0.5, 0.0]]
G = [[[1.0, -2.0, 0.5, 0.3], [0.2, 0.1, -0.4, 2.0]], [[-1.0, 0.0, 1.5, 0.7], [0.3, -0.6, 0.9, -1.2]]]


def java(t):
    return "{" + ", ".join(repr(float(v)) for v in t.flatten().tolist()) + "}"


for axes, eps in ((1, 1e-5), (2, 1e-3)):
    x = torch.tensor(X, requires_grad=True)
    shape = list(x.shape[-axes:])
    ln = torch.nn.LayerNorm(shape, eps=eps)
    with torch.no_grad():
        ln.weight.copy_(torch.tensor(W).reshape(-1)[: ln.weight.numel()].reshape(shape))
        ln.bias.copy_(torch.tensor(B).reshape(-1)[: ln.bias.numel()].reshape(shape))
    y = ln(x)
    (y * torch.tensor(G)).sum().backward()
    print(f"// axes={axes}, eps={eps}")
    print("y =", java(y.detach()))
    print("dx =", java(x.grad))
    print("dweight =", java(ln.weight.grad))
    print("dbias =", java(ln.bias.grad))
