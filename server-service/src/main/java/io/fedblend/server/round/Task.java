package io.fedblend.server.round;

import io.fedblend.shared.model.ModelSpec;
import io.fedblend.shared.model.TrainingConfig;
import io.fedblend.shared.model.Weights;

/** What a client is told to do next. */
public sealed interface Task {

    /** Train {@code round} (1-based) starting from {@code weights}, the model after round {@code round - 1}. */
    record Train(long runId, int round, ModelSpec spec, Weights weights, TrainingConfig config) implements Task {
    }

    record Wait(long retryAfterMs, String reason) implements Task {
    }

    record Done(long runId, int roundsCompleted, double finalAccuracy) implements Task {
    }
}
