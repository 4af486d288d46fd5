package io.fedblend.client.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgressDisplayTest {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    private String output() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void onATerminalOneLineIsRedrawnAndClearedAtTheEnd() {
        ProgressDisplay display = new ProgressDisplay(out, true, "round 2");
        display.onBatch(1, 2, 500, 1000, 0.25);
        display.onBatch(1, 2, 1000, 1000, 0.125);
        display.finish();

        String text = output();
        assertTrue(text.startsWith("\rround 2 epoch 1/2 [############------------]  50%"), text);
        assertTrue(text.contains("\rround 2 epoch 1/2 [########################] 100%"), text);
        assertTrue(text.contains("loss 0.1250"), text);
        assertTrue(text.endsWith("\r"), "the line is cleared for what follows");
        assertTrue(!text.contains("\n"), "a terminal line is redrawn, never scrolled");
    }

    @Test
    void inALogEachEpochEndsWithAPlainLine() {
        ProgressDisplay display = new ProgressDisplay(out, false, "round 1");
        display.onBatch(1, 1, 32, 64, 0.5);
        display.onBatch(1, 1, 64, 64, 0.4);
        display.finish();

        List<String> lines = output().lines().toList();
        assertEquals(2, lines.size(), output());
        assertTrue(lines.get(0).startsWith("round 1 epoch 1/1: 50% (32/64 images), "), lines.get(0));
        assertTrue(lines.get(1).startsWith("round 1 epoch 1/1: 100% (64/64 images), "), lines.get(1));
        assertTrue(lines.get(1).contains("loss 0.4000, ETA 0:00"), lines.get(1));
    }
}
