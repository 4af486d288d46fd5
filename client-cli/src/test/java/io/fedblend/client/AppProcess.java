package io.fedblend.client;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A packaged FedBlend app (server or client) run as its own process, as a user would run it. */
final class AppProcess implements AutoCloseable {

    /** The reactor builds server-service before client-cli, so its package is in place for integration tests. */
    static final Path SERVER_JAR = Path.of("../server-service/target/quarkus-app/quarkus-run.jar");
    static final Path CLIENT_JAR = Path.of("target/quarkus-app/quarkus-run.jar");

    private final Process process;
    private final Path log;

    private AppProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    static AppProcess server(Map<String, String> env, Path log, String... args) throws IOException {
        return start(SERVER_JAR, env, log, args);
    }

    static AppProcess client(Map<String, String> env, Path log, String... args) throws IOException {
        return start(CLIENT_JAR, env, log, args);
    }

    private static AppProcess start(Path jar, Map<String, String> env, Path log, String... args) throws IOException {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar.toAbsolutePath().normalize()
                    + " is missing: run the integration tests from the top with ./mvnw verify");
        }
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("TF_CPP_MIN_LOG_LEVEL", "2");
        builder.environment().putAll(env);
        return new AppProcess(builder.start(), log);
    }

    /** Waits until something accepts connections on the port; fails with the log if the process ends first. */
    void awaitPort(int port, long timeoutSeconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("the process ended with " + process.exitValue() + ":\n" + output());
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return;
            } catch (IOException notYet) {
                Thread.sleep(250);
            }
        }
        throw new AssertionError("nothing listened on port " + port + " within " + timeoutSeconds + " s:\n" + output());
    }

    /** Waits until the output contains {@code text}; fails with the output when the process ends first. */
    void awaitOutput(String text, long timeoutSeconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (!output().contains(text)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("the process never printed '" + text + "':\n" + output());
            }
            Thread.sleep(100);
        }
    }

    /** Like {@code kill -9}: the process gets no chance to say goodbye to anyone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("the process outlived SIGKILL for 30 s");
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    int exitCode(long timeoutSeconds) throws InterruptedException {
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            throw new AssertionError("the process did not end within " + timeoutSeconds + " s:\n" + output());
        }
        return process.exitValue();
    }

    String output() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }
}
