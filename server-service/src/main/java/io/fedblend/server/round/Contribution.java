package io.fedblend.server.round;

import io.fedblend.shared.blend.ClientUpdate;

/** An accepted update waiting for its round to be blended, with what it cost to get here. */
record Contribution(ClientUpdate update, double trainLoss, long trainMs, long transferMs, long bytes) {
}
