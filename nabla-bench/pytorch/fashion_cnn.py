#!/usr/bin/python3
"""The Fashion-MNIST CNN benchmark of `nabla bench --model cnn`, in PyTorch, with the same protocol.

The network of examples/fashion-mnist-cnn.json: two blocks of two 3x3 convolutions ('same' padding, 32
then 64 channels, ReLU) each followed by 2x2 max pooling, then dropout 0.4 and a dense layer to 10 classes;
cross-entropy, Adam lr 1e-3, batch 128, inputs divided by 255 as [N, 1, 28, 28]. Everything else
(shuffling, timing, accuracy, single-image latency on [1, 1, 28, 28]) is fashion_mlp.py's.

PyTorch's convolutions on the CPU go through oneDNN (MKL-DNN) when torch.backends.mkldnn is available,
its dense layers through the BLAS libblas.so.3 points at (Debian: update-alternatives; OpenBLAS here);
the report records both, and torch.set_num_threads(t) for each thread count.

    /usr/bin/python3 nabla-bench/pytorch/fashion_cnn.py --epochs 3 --threads 1,2
"""
import os
import sys

import torch
from torch import nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fashion_mlp  # noqa: E402  (the shared protocol)


def model():
    def conv(cin, cout):
        return [nn.Conv2d(cin, cout, 3, padding="same"), nn.ReLU()]
    return nn.Sequential(*conv(1, 32), *conv(32, 32), nn.MaxPool2d(2), *conv(32, 64), *conv(64, 64), nn.MaxPool2d(2),
                         nn.Flatten(), nn.Dropout(0.4), nn.Linear(3136, 10))


def images(x):
    return x.reshape(len(x), 1, 28, 28)


if __name__ == "__main__":
    fashion_mlp.main(benchmark="fashion-mnist-cnn", build=model, view=images)
