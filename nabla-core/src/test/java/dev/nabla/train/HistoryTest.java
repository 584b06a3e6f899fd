package dev.nabla.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HistoryTest {
    @Test
    void recordsPerEpochAndExportsCsv() {
        History h = new History();
        Map<String, Double> e1 = new LinkedHashMap<>();
        e1.put("loss", 0.5);
        e1.put("accuracy", 0.75);
        h.record(e1);
        Map<String, Double> e2 = new LinkedHashMap<>();
        e2.put("loss", 0.25);
        e2.put("accuracy", 0.875);
        h.record(e2);
        assertEquals(2, h.epochs());
        assertEquals(List.of(0.5, 0.25), h.get("loss"));
        assertEquals(0.875, h.last("accuracy"));
        assertEquals("epoch,loss,accuracy\n1,0.5,0.75\n2,0.25,0.875\n", h.toCsv());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> h.get("val_loss"));
        assertTrue(e.getMessage().contains("loss") && e.getMessage().contains("accuracy"), e.getMessage());
    }
}
