package io.fedblend.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Against a small HTTP server answering the way the FedBlend server's REST API does. */
@QuarkusMainTest
class HistoryCommandTest {

    static final String ROUNDS = """
            [{"runId":3,"round":0,"alpha":0.5,"accuracy":0.9612,"loss":0.1288,"clients":0,"samples":10000,\
            "trainMs":21000,"transferMs":0,"blendMs":0,"evalMs":900,"persistMs":12,"bytesIn":0,"bytesOut":0,\
            "checkpointPath":"models/run-3/baseline.fbm","checkpointSha256":"ab12cd34ef56ab12cd34ef56ab12cd34ef56ab12cd34ef56ab12cd34ef56ab12",\
            "completedAt":"2026-12-03T10:00:00Z"},
             {"runId":3,"round":1,"alpha":0.5,"accuracy":0.97815,"loss":0.0711,"clients":1,"samples":30000,\
            "trainMs":61000,"transferMs":140,"blendMs":8,"evalMs":850,"persistMs":15,"bytesIn":905123,"bytesOut":905120,\
            "checkpointPath":"models/run-3/round-1.fbm","checkpointSha256":"ffff","completedAt":"2026-12-03T10:01:10Z"}]
            """;

    HttpServer http;
    final List<String> paths = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startServer() throws IOException {
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.createContext("/api/runs", exchange -> {
            String path = exchange.getRequestURI().getPath();
            paths.add(path);
            boolean known = path.equals("/api/runs/latest/rounds") || path.equals("/api/runs/3/rounds");
            byte[] body = (known ? ROUNDS : "{\"message\":\"no run with id 9\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(known ? 200 : 404, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        http.start();
    }

    @AfterEach
    void stopServer() {
        http.stop(0);
    }

    String url() {
        return "http://127.0.0.1:" + http.getAddress().getPort();
    }

    @Test
    void latestRunIsPrintedAsATable(QuarkusMainLauncher launcher) {
        LaunchResult result = launcher.launch("history", "--url", url());

        assertEquals(0, result.exitCode(), result.getErrorOutput());
        assertEquals(List.of("/api/runs/latest/rounds"), paths);
        List<String> lines = result.getOutput().lines().toList();
        assertEquals("run 3, 2 round record(s)", lines.get(0));
        assertTrue(lines.get(1).matches("round\\s+alpha\\s+accuracy\\s+loss\\s+clients\\s+samples\\s+trainMs.*"),
                lines.get(1));
        assertTrue(lines.get(2).matches("\\s*0\\s+0\\.5000\\s+0\\.9612\\s+0\\.1288\\s+0\\s+10000\\s+21000\\s.*"),
                lines.get(2));
        assertTrue(lines.get(3).matches("\\s*1\\s+0\\.5000\\s+0\\.9782\\s+0\\.0711\\s+1\\s+30000\\s+61000\\s.*"),
                lines.get(3));
        assertTrue(lines.get(3).contains("905123") && lines.get(3).contains("models/run-3/round-1.fbm"), lines.get(3));
        assertFalse(result.getOutput().contains("ab12cd34"), "hashes belong in --json only");
    }

    @Test
    void oneRunAsRawJson(QuarkusMainLauncher launcher) {
        LaunchResult result = launcher.launch("history", "--url", url() + "/", "--run", "3", "--json");

        assertEquals(0, result.exitCode(), result.getErrorOutput());
        assertEquals(List.of("/api/runs/3/rounds"), paths);
        assertEquals(ROUNDS.strip(), result.getOutput().strip());
    }

    @Test
    void unknownRunIsAFailureNamingIt(QuarkusMainLauncher launcher) {
        LaunchResult result = launcher.launch("history", "--url", url(), "--run", "9");

        assertEquals(1, result.exitCode());
        assertTrue(result.getErrorOutput().contains("has no run 9 (HTTP 404"), result.getErrorOutput());
        assertTrue(result.getErrorOutput().contains("no run with id 9"), result.getErrorOutput());
    }

    @Test
    void refusedConnectionSaysWhatToCheck(QuarkusMainLauncher launcher) throws IOException {
        String nobody = "http://127.0.0.1:" + TestData.freePort();
        LaunchResult result = launcher.launch("history", "--url", nobody);

        assertEquals(1, result.exitCode());
        assertTrue(result.getErrorOutput().contains("cannot reach the FedBlend server at " + nobody),
                result.getErrorOutput());
        assertTrue(result.getErrorOutput().contains("is the server started"), result.getErrorOutput());
    }

    @Test
    void runMustBeANumber(QuarkusMainLauncher launcher) {
        LaunchResult result = launcher.launch("history", "--url", url(), "--run", "three");

        assertEquals(2, result.exitCode());
        assertTrue(result.getErrorOutput().contains("--run must be a run number or 'latest', got 'three'"),
                result.getErrorOutput());
    }
}
