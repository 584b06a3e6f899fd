#!/usr/bin/python3
"""The Fashion-MNIST batch-norm CNN benchmark of `nabla bench --model cnn-bn`, in PyTorch, same protocol.

The network of examples/fashion-mnist-cnn-bn.json: two blocks of two 3x3 convolutions ('same' padding, no
bias, 32 then 64 channels), each followed by batch norm and ReLU, each block ending in 2x2 max pooling; then
a dense layer of 128 (ReLU), dropout 0.3 and a dense layer to 10 classes; cross-entropy, Adam lr 1e-3,
batch 128 (the example's flips, label smoothing and schedule are left out, as Nabla's bench leaves them).
Everything else is fashion_mlp.py's; backends as in fashion_cnn.py.

    /usr/bin/python3 nabla-bench/pytorch/fashion_cnn_bn.py --epochs 1 --threads 1,2
"""
import os
import sys

from torch import nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fashion_cnn  # noqa: E402
import fashion_mlp  # noqa: E402  (the shared protocol)


def model():
    def conv(cin, cout):
        return [nn.Conv2d(cin, cout, 3, padding="same", bias=False), nn.BatchNorm2d(cout), nn.ReLU()]
    return nn.Sequential(*conv(1, 32), *conv(32, 32), nn.MaxPool2d(2), *conv(32, 64), *conv(64, 64), nn.MaxPool2d(2),
                         nn.Flatten(), nn.Linear(3136, 128), nn.ReLU(), nn.Dropout(0.3), nn.Linear(128, 10))


if __name__ == "__main__":
    fashion_mlp.main(benchmark="fashion-mnist-cnn-bn", build=model, view=fashion_cnn.images)
