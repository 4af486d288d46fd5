package io.fedblend.shared.data;

import java.io.IOException;
import java.nio.file.Path;

/** An IDX file that cannot be read as FedBlend's image or label data; the message names the file and the fault. */
public class IdxFormatException extends IOException {

    private final transient Path file;

    public IdxFormatException(Path file, String fault) {
        super(file + ": " + fault);
        this.file = file;
    }

    public IdxFormatException(Path file, String fault, Throwable cause) {
        super(file + ": " + fault, cause);
        this.file = file;
    }

    /** The file at fault. */
    public Path file() {
        return file;
    }
}
