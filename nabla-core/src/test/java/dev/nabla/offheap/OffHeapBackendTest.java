package dev.nabla.offheap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.autograd.AvgPool2d;
import dev.nabla.autograd.Conv2d;
import dev.nabla.autograd.GradientSlot;
import dev.nabla.autograd.MaxPool2d;
import dev.nabla.autograd.Linear;
import dev.nabla.kernel.BinaryOp;
import dev.nabla.kernel.FusedActivation;
import dev.nabla.loss.CrossEntropy;
import dev.nabla.nn.Parameter;
import dev.nabla.optim.AdaGrad;
import dev.nabla.optim.Adam;
import dev.nabla.optim.AdamW;
import dev.nabla.optim.Optimizer;
import dev.nabla.optim.RMSprop;
import dev.nabla.optim.SGD;
import dev.nabla.tensor.Backend;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Device;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.ReduceMath;
import dev.nabla.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Every op family on a device whose memory is off the heap (found through ServiceLoader) gives the
 * CPU's results to the bit, values and gradients, and leaves its results on that device.
 */
class OffHeapBackendTest {
    private static final Device OFF = OffHeapBackend.DEVICE;
    private static final DType F32 = DType.FLOAT32, F64 = DType.FLOAT64;

    private static Tensor in(Device d, long seed, DType dtype, int... dims) {
        return Tensor.uniform(new Generator(seed), dtype, -2, 2, dims).to(d);
    }

    /** Runs {@code body} on the CPU and on the device: same dtypes, shapes and bits, each result on its device. */
    private static void sameBits(String what, Function<Device, List<Tensor>> body) {
        List<Tensor> cpu = body.apply(Device.CPU), off = body.apply(OFF);
        assertEquals(cpu.size(), off.size(), what);
        for (int i = 0; i < cpu.size(); i++) {
            Tensor c = cpu.get(i), o = off.get(i);
            String where = what + ", result " + i;
            assertEquals(Device.CPU, c.device(), where);
            assertEquals(OFF, o.device(), where + " left the device");
            assertEquals(c.dtype(), o.dtype(), where);
            assertEquals(c.shape(), o.shape(), where);
            assertArrayEquals(bits(c), bits(o), where);
        }
    }

    private static long[] bits(Tensor t) {
        double[] d = t.toDoubleArray();
        long[] b = new long[d.length];
        for (int i = 0; i < d.length; i++) {
            b[i] = Double.doubleToRawLongBits(d[i]);
        }
        return b;
    }

    @Test
    void theDeviceIsFoundAtRunTimeAndTensorsMoveToItAndBack() {
        Backend b = Backend.forDevice(OFF);
        assertEquals(OFF, b.device());
        assertSame(b, Backend.forDevice(OFF), "one backend per device");
        Tensor cpu = in(Device.CPU, 1, F32, 3, 4);
        Tensor off = cpu.to(OFF);
        assertEquals("offheap:0", off.device().toString());
        assertSame(off, off.to(OFF), "to() returns the tensor when it is there already");
        assertArrayEquals(cpu.toFloatArray(), off.toFloatArray());
        assertArrayEquals(cpu.toFloatArray(), off.to(Device.CPU).f32());
        assertEquals(cpu.get(2, 1), off.get(2, 1));
        assertEquals(cpu.toString().replaceFirst("float32", "float32 device=offheap:0"), off.toString());
    }

    @Test
    void rawArraysAreCpuOnlyAndMixedDevicesAreRefusedByName() {
        Tensor off = in(OFF, 2, F32, 2, 3);
        IllegalStateException raw = assertThrows(IllegalStateException.class, off::f32);
        assertTrue(raw.getMessage().contains("offheap:0") && raw.getMessage().contains("to(Device.CPU)"), raw.getMessage());
        assertThrows(IllegalStateException.class, off::data);
        IllegalArgumentException mixed = assertThrows(IllegalArgumentException.class, () -> off.add(in(Device.CPU, 3, F32, 2, 3)));
        assertTrue(mixed.getMessage().startsWith("add:") && mixed.getMessage().contains("offheap:0")
                && mixed.getMessage().contains("cpu"), mixed.getMessage());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> off.to(new Device("nodevice", 0)));
        assertTrue(unknown.getMessage().contains("no backend for device nodevice:0"), unknown.getMessage());
    }

    @Test
    void elementwise() {
        sameBits("elementwise", d -> {
            Tensor a = in(d, 1, F32, 4, 5).requiresGrad(true), b = in(d, 2, F32, 5).requiresGrad(true);
            Tensor c = in(d, 3, F64, 4, 1).requiresGrad(true);
            Tensor y = a.add(b).mul(a).sub(b.div(2)).div(c.abs().add(1)).maximum(a.exp().log()).minimum(a.tanh())
                    .add(a.sigmoid()).add(a.relu()).add(a.abs().sqrt()).add(a.pow(3)).add(a.pow(2)).add(a.clamp(-0.5, 0.5))
                    .add(a.erf()).add(a.neg()).add(a.step()).add(a.sign()).add(a.gt(b)).add(a.le(0.3));
            y.sum().backward();
            Tensor ints = Tensor.of(new int[] {3, -1, 4, 1}, 2, 2).to(d);
            return List.of(y, a.grad(), b.grad(), c.grad(), a.to(F64), ints.to(F32), ints.eq(ints.to(F64)),
                    ints.to(F64).mul(2).to(DType.INT32));
        });
    }

    @Test
    void reductions() {
        sameBits("reductions", d -> {
            Tensor x = in(d, 4, F32, 3, 4, 5).requiresGrad(true);
            Tensor ties = Tensor.of(new float[] {1, 3, 3, 2, 2, 0}, 2, 3).to(d).requiresGrad(true);
            Tensor inf = Tensor.of(new double[] {Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY, 1, 2}, 2, 2).to(d);
            List<Tensor> out = new ArrayList<>(List.of(x.sum(), x.sum(new int[] {0, 2}, true), x.mean(1), x.max(1),
                    x.min(new int[] {0, 1}, false), x.logSumExp(2), x.softmax(1), x.logSoftmax(2), ties.max(1), ties.min()));
            Tensor loss = Tensor.scalar(0).to(d);
            for (int i = 0; i < out.size(); i++) {
                loss = loss.add(out.get(i).mul(i + 1).sum());
            }
            loss.backward();
            out.addAll(List.of(x.grad(), ties.grad(), x.argmax(2), x.argmin(0), inf.logSumExp(1)));
            return out;
        });
        assertTrue(ReduceMath.allFinite(in(OFF, 5, F32, 40_000)));
        assertFalse(ReduceMath.allFinite(Tensor.of(new float[] {1, Float.NaN}).to(OFF)));
        Tensor fine = in(OFF, 6, F32, 300), bad = Tensor.of(new float[] {1, Float.POSITIVE_INFINITY}).to(OFF);
        assertTrue(ReduceMath.allFinite(List.of(fine, in(OFF, 7, F32, 5, 5), Tensor.of(new int[] {1}).to(OFF))));
        assertFalse(ReduceMath.allFinite(List.of(fine, bad, in(Device.CPU, 8, F32, 3))), "one call per device, any may fail");
        assertFalse(ReduceMath.allFinite(List.of(in(Device.CPU, 8, F32, 3), bad)));
    }

    @Test
    void layout() {
        sameBits("layout", d -> {
            Tensor x = in(d, 5, F64, 3, 4).requiresGrad(true);
            Tensor index = Tensor.of(new int[] {0, 2, 1, 1, 1, 0, 3, 0, 2}, 3, 3).to(d);
            List<Tensor> out = new ArrayList<>(List.of(x.permute(1, 0), x.t().reshape(2, 6), x.slice(1, 0, 4, 2),
                    x.reshape(1, 12).broadcastTo(3, 1, 12), Tensor.concat(0, x, x.mul(2)), Tensor.stack(1, x, x),
                    x.gather(1, index), x.indexSelect(0, 2, 0, 2), x.unsqueeze(0).squeeze(0).flatten()));
            Tensor loss = Tensor.scalar(F64, 0).to(d);
            for (int i = 0; i < out.size(); i++) {
                loss = loss.add(out.get(i).mul(i + 1).sum());
            }
            loss.backward();
            out.add(x.grad());
            out.add(index.indexSelect(0, 2, 2).permute(1, 0));
            return out;
        });
    }

    @Test
    void productsAndTheFusedDenseOp() {
        for (FusedActivation act : FusedActivation.values()) {
            sameBits("products, " + act, d -> {
                Tensor a = in(d, 6, F32, 2, 3, 4).requiresGrad(true), b = in(d, 7, F32, 4, 5).requiresGrad(true);
                Tensor v = in(d, 8, F32, 4).requiresGrad(true);
                Tensor x = in(d, 9, F32, 2, 3, 4).requiresGrad(true), w = in(d, 10, F32, 6, 4).requiresGrad(true);
                Tensor bias = in(d, 11, F32, 6).requiresGrad(true);
                Tensor y = a.matmul(b), z = a.matmul(v), m = b.t().matmul(b), l = Linear.apply(x, w, bias, act, 0.1);
                y.sum().add(z.mul(2).sum()).add(m.sum()).add(l.mul(l).sum()).backward();
                Tensor firstGradW = w.grad().copy();
                GradientSlot.recycle(w); // the next weight gradient goes into the old one's memory
                Linear.apply(x, w, bias, act, 0.1).sum().backward();
                return List.of(y, z, m, l, a.grad(), b.grad(), v.grad(), x.grad(), firstGradW, w.grad(), bias.grad(),
                        Linear.apply(x, w, null).mul(in(d, 12, F64, 6)));
            });
        }
    }

    @Test
    void convolutionAndPooling() {
        for (DType dtype : new DType[] {F32, F64}) {
            sameBits("conv2d and pooling, " + dtype, d -> {
                Tensor x = in(d, 13, dtype, 2, 4, 7, 6).requiresGrad(true), w = in(d, 14, dtype, 6, 2, 3, 2).requiresGrad(true);
                Tensor b = in(d, 15, dtype, 6).requiresGrad(true);
                Tensor c = Conv2d.apply(x, w, b, new int[] {2, 1}, new int[] {1, 0, 1, 1}, new int[] {1, 2}, 2);
                Tensor m = MaxPool2d.apply(c, new int[] {2, 2}, new int[] {1, 2}, new int[] {1, 0}, new int[] {1, 1});
                Tensor a = AvgPool2d.apply(c, new int[] {3, 2}, new int[] {1, 1}, new int[] {1, 1}, true);
                m.mul(m).sum().add(a.sum()).backward();
                return List.of(c, m, a, x.grad(), w.grad(), b.grad());
            });
        }
    }

    @Test
    void batchNormBuffersMoveWithTheModelAndUpdateThere() {
        sameBits("batch norm", d -> {
            // The ReLU after the first batch norm runs fused with it: on this backend through Backend's
            // composed defaults, on the CPU in one kernel each way
            dev.nabla.nn.Sequential model = dev.nabla.nn.Sequential.of(new dev.nabla.nn.Conv2D(3, 3),
                    new dev.nabla.nn.BatchNorm2d(), new dev.nabla.nn.ActivationLayer(dev.nabla.nn.Activation.relu()),
                    new dev.nabla.nn.Conv2D(3, 1), new dev.nabla.nn.BatchNorm2d()).build(5, 2, 6, 6);
            model.to(d);
            Tensor x = in(d, 16, F32, 4, 2, 6, 6);
            model.forward(x).pow(2).sum().backward();
            Tensor train = model.forward(x);
            model.eval();
            List<Tensor> out = new ArrayList<>(List.of(train, model.forward(x)));
            out.addAll(model.namedBuffers().values());
            model.parameters().forEach(p -> out.add(p.grad()));
            return out;
        });
    }

    @Test
    void crossEntropyFusedAndComposed() {
        sameBits("cross-entropy", d -> {
            Tensor z = in(d, 13, F32, 8, 5).requiresGrad(true);
            Tensor y = Tensor.of(new int[] {0, 4, 2, 2, 1, 3, 0, 4}, 8).to(d);
            Tensor fused = CrossEntropy.of().compute(z, y);
            Tensor smoothed = CrossEntropy.of().withLabelSmoothing(0.1).compute(z, y);
            fused.add(smoothed).backward();
            return List.of(fused, smoothed, z.grad());
        });
    }

    @Test
    void inPlaceWrites() {
        sameBits("in place", d -> {
            Tensor t = in(d, 14, F32, 3, 4), u = in(d, 15, F32, 3, 4), f = Tensor.zeros(F64, 5).to(d);
            t.addInPlace(u, 0.5).applyInPlace(BinaryOp.MUL, u.slice(0, 0, 1)).set(3.5, 1, 2);
            f.fill(2.25);
            Tensor c = Tensor.zeros(F32, 3, 4).to(d).copyFrom(in(Device.CPU, 16, F64, 3, 4)); // across devices
            return List.of(t, f, c, Tensor.scalar(t.get(1, 2)).to(d));
        });
    }

    @Test
    void optimizersWithClippingAndWeightDecay() {
        List<Function<List<Parameter>, Optimizer>> optimizers = List.of(
                p -> new SGD(p, 0.1),
                p -> new SGD(p, SGD.Config.DEFAULT.withLr(0.05).withMomentum(0.9).withWeightDecay(0.01)).setClipNorm(0.5),
                p -> new SGD(p, SGD.Config.DEFAULT.withLr(0.05).withNesterov(0.8)).setClipValue(0.1),
                p -> new Adam(p, 1e-2),
                p -> new Adam(p, Adam.Config.DEFAULT.withAmsgrad(true).withWeightDecay(0.1)),
                p -> new AdamW(p, 1e-2),
                p -> new RMSprop(p, RMSprop.Config.DEFAULT.withMomentum(0.5).withCentered(true)),
                p -> new AdaGrad(p, AdaGrad.Config.DEFAULT.withInitialAccumulatorValue(0.1)));
        for (int k = 0; k < optimizers.size(); k++) {
            Function<List<Parameter>, Optimizer> make = optimizers.get(k);
            sameBits("optimizer " + k, d -> {
                Parameter w = new Parameter(in(d, 20, F32, 40, 30)), b = new Parameter(in(d, 21, F64, 30));
                Optimizer opt = make.apply(List.of(w, b));
                Tensor x = in(d, 22, F32, 7, 40);
                for (int step = 0; step < 3; step++) {
                    opt.zeroGrad();
                    x.matmul(w.value()).mul(b.value()).pow(2).mean().backward();
                    opt.step();
                }
                List<Tensor> out = new ArrayList<>(List.of(w.value(), b.value()));
                opt.state(w).buffers().values().forEach(out::add);
                return out;
            });
        }
    }
}
