package io.fedblend.server.round;

import io.fedblend.shared.model.ModelSpec;
import io.fedblend.shared.model.Weights;
import java.util.function.Function;

/**
 * One client update as the coordinator sees it. The weights are decoded only after the session and round checks
 * pass, by {@code decode}, which throws {@code InvalidUpdateException} for weights that do not fit the model.
 */
public record UpdateSubmission(String sessionId, long runId, int round, long samples, double trainLoss,
                               double trainSeconds, long bytes, Function<ModelSpec, Weights> decode) {
}
