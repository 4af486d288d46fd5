package io.fedblend.shared.model;

/** How a model trains locally: passes over the shard, batch size, Adam learning rate, shuffling seed. */
public record TrainingConfig(int epochs, int batchSize, float learningRate, long seed) {

    public static final TrainingConfig DEFAULT = new TrainingConfig(1, 32, 1e-3f, 42L);

    public TrainingConfig {
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be at least 1, got " + epochs);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        }
        if (!(learningRate > 0) || Float.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learning rate must be a positive number, got " + learningRate);
        }
    }

    /**
     * The config for one federated round: the same settings with a shuffling seed of that round's own, so a
     * client sees its shard in a new order every round rather than repeating the first round's order.
     */
    public TrainingConfig forRound(int round) {
        return new TrainingConfig(epochs, batchSize, learningRate, seed * 1_000_003L + round);
    }
}
