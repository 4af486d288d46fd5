package io.fedblend.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL cluster of one test's own, on a free port, so the test can stop and start it without
 * disturbing the machine's shared PostgreSQL. Made with the installed server binaries (Debian:
 * /usr/lib/postgresql/N/bin); run as the {@code postgres} user when the tests run as root, since PostgreSQL refuses
 * to run as root.
 */
final class PrivatePostgres implements AutoCloseable {

    private final Path bin;
    private final Path base;
    private final Path data;
    private final int port;

    private PrivatePostgres(Path bin, Path base, int port) {
        this.bin = bin;
        this.base = base;
        this.data = base.resolve("data");
        this.port = port;
    }

    /** Makes an empty cluster in {@code base} (replacing what a previous run left there); not yet started. */
    static PrivatePostgres create(Path base) throws IOException, InterruptedException {
        PrivatePostgres pg = new PrivatePostgres(serverBinaries(), base.toAbsolutePath(), TestData.freePort());
        deleteTree(pg.base);
        Files.createDirectories(pg.base);
        if (runningAsRoot()) {
            pg.run(List.of("chown", "postgres:postgres", pg.base.toString()));
        }
        pg.run(pg.asPostgres(pg.bin.resolve("initdb").toString(), "-D", pg.data.toString(), "-U", "postgres",
                "--auth=trust", "--no-sync", "--locale=C", "-E", "UTF8"));
        return pg;
    }

    String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    void start() throws IOException, InterruptedException {
        run(asPostgres(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l",
                base.resolve("postgres.log").toString(), "-w", "-t", "60", "-o",
                "-p " + port + " -k " + base + " -c listen_addresses=127.0.0.1 -c fsync=off", "start"));
    }

    /** Stops at once, as a crash or a pulled network cable would look to the server using it. */
    void stop() throws IOException, InterruptedException {
        run(asPostgres(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-w", "-t", "60", "-m",
                "immediate", "stop"));
    }

    void createDatabase(String database) throws SQLException {
        try (Connection admin = connect("postgres"); Statement st = admin.createStatement()) {
            st.execute("create database " + database);
        }
    }

    Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), "postgres", "");
    }

    @Override
    public void close() throws IOException, InterruptedException {
        if (Files.exists(data.resolve("postmaster.pid"))) {
            stop();
        }
        deleteTree(base);
    }

    private List<String> asPostgres(String... command) {
        List<String> full = new ArrayList<>();
        if (runningAsRoot()) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(List.of(command));
        return full;
    }

    private void run(List<String> command) throws IOException, InterruptedException {
        Path output = Files.createTempFile("private-postgres", ".log");
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile())
                    .start();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not end within 120 s");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed with exit code "
                        + process.exitValue() + ":\n" + Files.readString(output, StandardCharsets.UTF_8)
                        + serverLog());
            }
        } finally {
            Files.deleteIfExists(output);
        }
    }

    private String serverLog() throws IOException {
        Path log = base.resolve("postgres.log");
        return Files.isReadable(log) ? "\npostgres.log:\n" + Files.readString(log, StandardCharsets.UTF_8) : "";
    }

    private static Path serverBinaries() throws IOException {
        Path versions = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(versions)) {
            try (Stream<Path> dirs = Files.list(versions)) {
                Path bin = dirs.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("initdb")))
                        .max(Comparator.comparing(Path::toString)).orElse(null);
                if (bin != null) {
                    return bin;
                }
            }
        }
        throw new IllegalStateException("this test runs a PostgreSQL cluster of its own and found no initdb under "
                + versions + "; install the PostgreSQL server package (Debian: postgresql)");
    }

    private static boolean runningAsRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
