package io.fedblend.shared.blend;

import io.fedblend.shared.model.Weights;

/** Weights a client trained for one round, and how many samples it trained on. */
public record ClientUpdate(String clientId, Weights weights, long samples) {

    public ClientUpdate {
        if (samples < 1) {
            throw new IllegalArgumentException("client " + clientId + " reported " + samples + " samples");
        }
    }
}
