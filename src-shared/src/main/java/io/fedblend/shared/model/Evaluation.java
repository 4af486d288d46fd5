package io.fedblend.shared.model;

import java.util.Locale;

/** How a model did on a dataset: share of correct predictions, mean cross-entropy, examples seen. */
public record Evaluation(double accuracy, double loss, int examples) {

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "accuracy %.4f, loss %.4f on %d examples", accuracy, loss,
                examples);
    }
}
