package io.fedblend.shared.model;

/** A model's weights as read back from a checkpoint file, with the file's SHA-256 (hex). */
public record Checkpoint(ModelSpec spec, Weights weights, String sha256) {
}
