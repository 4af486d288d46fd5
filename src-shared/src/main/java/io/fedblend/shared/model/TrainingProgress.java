package io.fedblend.shared.model;

/** Told after every training batch, so a caller can show progress; keep it cheap. */
@FunctionalInterface
public interface TrainingProgress {

    TrainingProgress NONE = (epoch, epochs, seenInEpoch, epochSize, meanLossSoFar) -> {
    };

    /**
     * @param epoch         1-based epoch number
     * @param epochs        epochs in this training call
     * @param seenInEpoch   examples trained on so far in this epoch
     * @param epochSize     examples in one epoch
     * @param meanLossSoFar mean training loss over the examples seen so far in this epoch
     */
    void onBatch(int epoch, int epochs, long seenInEpoch, long epochSize, double meanLossSoFar);
}
