package dev.nabla.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Devices are named as PyTorch names them; CPU tensors stay where they are, with their arrays. */
class DeviceTest {

    @Test
    void namesAsPyTorchWritesThem() {
        assertEquals("cpu", Device.CPU.toString());
        assertEquals("cuda:0", new Device("cuda", 0).toString());
        assertEquals(new Device("cuda", 1), Device.of("cuda:1"));
        assertEquals(new Device("cuda", 0), Device.of("cuda"));
        assertEquals(Device.CPU, Device.of("cpu"));
        assertThrows(IllegalArgumentException.class, () -> new Device("Cuda", 0));
        assertThrows(IllegalArgumentException.class, () -> new Device("cuda", -1));
        assertThrows(IllegalArgumentException.class, () -> new Device("cpu", 1));
        assertThrows(IllegalArgumentException.class, () -> Device.of("cuda:x"));
    }

    @Test
    void aCpuTensorIsOnTheCpuAndMovingItThereIsNoCopy() {
        Tensor t = Tensor.ones(2, 3);
        assertEquals(Device.CPU, t.device());
        assertSame(t, t.to(Device.CPU));
        assertSame(Backend.cpu(), Backend.forDevice(Device.CPU));
        assertSame(Backend.cpu(), t.storage().backend());
        assertTrue(t.storage().toString().endsWith(" on cpu)"), t.storage().toString());
        assertEquals(Device.CPU, Tensor.zerosLike(t).device());
    }
}
