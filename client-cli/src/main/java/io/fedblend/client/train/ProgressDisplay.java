package io.fedblend.client.train;

import io.fedblend.shared.model.TrainingProgress;
import java.io.PrintStream;
import java.util.Locale;

/**
 * Shows local training as it runs: on a terminal one line redrawn in place with a bar, images per second, loss and
 * time left; elsewhere (logs, pipes) a plain line every few seconds and at the end of each epoch.
 */
public final class ProgressDisplay implements TrainingProgress {

    private static final long REDRAW_NANOS = 200_000_000L;
    private static final long PLAIN_LINE_NANOS = 10_000_000_000L;
    private static final int BAR_WIDTH = 24;

    private final PrintStream out;
    private final boolean terminal;
    private final String label;
    private final long start = System.nanoTime();
    private long lastShown;
    private boolean shownOnce;
    private int lastLineLength;

    public ProgressDisplay(PrintStream out, boolean terminal, String label) {
        this.out = out;
        this.terminal = terminal;
        this.label = label;
    }

    /** Whether output goes to a person at a terminal rather than a log or pipe. */
    public static boolean onTerminal() {
        return System.console() != null;
    }

    @Override
    public void onBatch(int epoch, int epochs, long seenInEpoch, long epochSize, double meanLossSoFar) {
        long now = System.nanoTime();
        boolean epochDone = seenInEpoch >= epochSize;
        if (shownOnce && !epochDone && now - lastShown < (terminal ? REDRAW_NANOS : PLAIN_LINE_NANOS)) {
            return;
        }
        lastShown = now;
        shownOnce = true;
        // epochs are counted from 1 in the callback
        long seenTotal = (long) (epoch - 1) * epochSize + seenInEpoch;
        long allImages = (long) epochs * epochSize;
        double seconds = Math.max((now - start) / 1e9, 1e-3);
        double rate = seenTotal / seconds;
        double percent = 100.0 * seenInEpoch / Math.max(epochSize, 1);
        String eta = rate > 0 ? clock((allImages - seenTotal) / rate) : "?";
        if (terminal) {
            int filled = (int) Math.round(BAR_WIDTH * seenInEpoch / (double) Math.max(epochSize, 1));
            String line = String.format(Locale.ROOT, "%s epoch %d/%d [%s%s] %3.0f%% %6.0f img/s loss %.4f ETA %s",
                    label, epoch, epochs, "#".repeat(filled), "-".repeat(BAR_WIDTH - filled), percent, rate,
                    meanLossSoFar, eta);
            out.print("\r" + line + " ".repeat(Math.max(0, lastLineLength - line.length())));
            lastLineLength = line.length();
            out.flush();
        } else {
            out.printf(Locale.ROOT, "%s epoch %d/%d: %.0f%% (%d/%d images), %.0f img/s, loss %.4f, ETA %s%n",
                    label, epoch, epochs, percent, seenInEpoch, epochSize, rate, meanLossSoFar, eta);
        }
    }

    /** Ends the redrawn line so that what follows starts on its own line. */
    public void finish() {
        if (terminal && lastLineLength > 0) {
            out.print("\r" + " ".repeat(lastLineLength) + "\r");
            out.flush();
            lastLineLength = 0;
        }
    }

    static String clock(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
