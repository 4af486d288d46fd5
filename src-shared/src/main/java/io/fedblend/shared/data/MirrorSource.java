package io.fedblend.shared.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;

/**
 * Fetches MNIST over HTTP(S) from a mirror that serves the classic compressed files as
 * {@code <base>/<name>.gz}. Content is checked against MNIST's SHA-256 by {@link MnistStore}, so a mirror
 * need not be trusted.
 */
public final class MirrorSource implements MnistSource {

    public static final String PROPERTY = "fedblend.mnist.mirrors";
    public static final String ENV = "FEDBLEND_MNIST_MIRRORS";
    /** Long-standing public copies of the original files, used when nothing is configured. */
    public static final String DEFAULT_MIRRORS =
            "https://ossci-datasets.s3.amazonaws.com/mnist,https://storage.googleapis.com/cvdf-datasets/mnist";

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration FILE_TIMEOUT = Duration.ofMinutes(5);

    private final URI base;
    private final HttpClient http;

    public MirrorSource(URI base) {
        this.base = base;
        this.http = HttpClient.newBuilder()
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    /**
     * The mirrors named by system property {@value #PROPERTY}, else env {@value #ENV}, else the defaults:
     * comma-separated http(s) base URLs; an empty setting means no mirrors.
     */
    public static List<MirrorSource> configured() {
        String setting = System.getProperty(PROPERTY);
        String key = "system property " + PROPERTY;
        if (setting == null) {
            setting = System.getenv(ENV);
            key = "env " + ENV;
        }
        if (setting == null) {
            setting = DEFAULT_MIRRORS;
            key = "the default mirrors";
        }
        return parse(setting, key).stream().map(MirrorSource::new).toList();
    }

    /** Parses a comma-separated list of base URLs; throws IllegalArgumentException naming {@code key}. */
    static List<URI> parse(String setting, String key) {
        List<URI> bases = new ArrayList<>();
        for (String part : setting.split(",")) {
            String text = part.strip().replaceAll("/+$", "");
            if (text.isEmpty()) {
                continue;
            }
            try {
                URI uri = new URI(text);
                if (!("https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme()))
                        || uri.getHost() == null) {
                    throw new URISyntaxException(text, "not an http(s) URL with a host");
                }
                bases.add(uri);
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException(key + ": '" + text + "' is not a valid mirror base URL ("
                        + e.getReason() + ")");
            }
        }
        return bases;
    }

    @Override
    public String description() {
        return "mirror " + base;
    }

    @Override
    public void fetch(Set<MnistFile> files, Path into, Consumer<String> log) throws IOException {
        for (MnistFile file : files) {
            URI uri = URI.create(base + "/" + file.gzipFileName());
            log.accept("Downloading " + uri);
            try {
                download(uri, into.resolve(file.fileName()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while downloading " + uri);
            } catch (IOException e) {
                throw new IOException(file.gzipFileName() + ": " + reason(e), e);
            }
        }
    }

    /** Saves the body uncompressed: mirrors serve gzip, but a raw copy is accepted too. */
    private void download(URI uri, Path target) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(FILE_TIMEOUT).GET().build();
        HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = new BufferedInputStream(response.body(), 1 << 16)) {
            if (response.statusCode() != 200) {
                throw new IOException("HTTP status " + response.statusCode());
            }
            body.mark(2);
            boolean gzip = body.read() == 0x1f && body.read() == 0x8b;
            body.reset();
            try (InputStream content = gzip ? new GZIPInputStream(body, 1 << 16) : body) {
                Files.copy(content, target);
            }
        }
    }

    /** Java's HTTP client often throws without a message; say what happened in words. */
    private static String reason(IOException e) {
        if (e instanceof HttpConnectTimeoutException) {
            return "no connection within " + CONNECT_TIMEOUT.toSeconds() + " s";
        }
        if (e instanceof HttpTimeoutException) {
            return "no complete answer within " + FILE_TIMEOUT.toSeconds() + " s";
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnknownHostException) {
                return "unknown host " + t.getMessage();
            }
            if (t instanceof ConnectException) {
                return "connection refused or host unreachable";
            }
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null) {
                return t.getMessage();
            }
        }
        return e.getClass().getSimpleName();
    }
}
