package io.fedblend.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fedblend.client.history.RoundTable;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "history",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Prints a run's round history (alpha, accuracy, loss, clients, timings, bytes) from the "
                + "server's REST API as a table.")
public class HistoryCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--url", paramLabel = "URL", defaultValue = "http://localhost:8080",
            description = "The server's HTTP address (default: ${DEFAULT-VALUE}).")
    String url;

    @Option(names = "--run", paramLabel = "ID", defaultValue = "latest",
            description = "The run's number (default: ${DEFAULT-VALUE}).")
    String run;

    @Option(names = "--json", description = "Print the server's JSON as it came instead of a table.")
    boolean json;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "10s", converter = DurationConverter.class,
            description = "How long to wait for the server (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Override
    public Integer call() throws InterruptedException {
        URI uri = roundsUri();
        String body = fetch(uri);
        if (json) {
            System.out.println(body);
            return 0;
        }
        JsonNode rounds;
        try {
            rounds = new ObjectMapper().readTree(body);
            System.out.print(RoundTable.render(rounds));
        } catch (IOException | IllegalArgumentException e) {
            throw new CommandFailure(uri + " did not answer with round records (" + e.getMessage()
                    + "); is " + url + " a FedBlend server?", e);
        }
        return 0;
    }

    private URI roundsUri() {
        if (!run.equals("latest") && !run.matches("\\d+")) {
            throw new ParameterException(spec.commandLine(),
                    "--run must be a run number or 'latest', got '" + run + "'");
        }
        String base = url.trim().replaceAll("/+$", "");
        if (!base.contains("://")) {
            base = "http://" + base;
        }
        try {
            URI uri = URI.create(base + "/api/runs/" + run + "/rounds");
            if (uri.getHost() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
                throw new IllegalArgumentException("needs http:// or https:// and a host");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--url '" + url + "' is not an HTTP address: "
                    + e.getMessage());
        }
    }

    private String fetch(URI uri) throws InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(timeout).build();
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/json").GET()
                .build();
        HttpResponse<String> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException | HttpConnectTimeoutException e) {
            throw new CommandFailure("cannot reach the FedBlend server at " + url + " (" + describe(e)
                    + "): is the server started, and are host and port right?", e);
        } catch (HttpTimeoutException e) {
            throw new CommandFailure("the server at " + url + " did not answer within " + timeout.toSeconds() + "s", e);
        } catch (IOException e) {
            throw new CommandFailure("cannot read round history from " + uri + ": " + describe(e), e);
        }
        int status = response.statusCode();
        if (status == 404) {
            throw new CommandFailure((run.equals("latest") ? "the server at " + url + " has no run yet"
                    : "the server at " + url + " has no run " + run) + " (HTTP 404 from " + uri + ")"
                    + detail(response.body()));
        }
        if (status / 100 != 2) {
            throw new CommandFailure("HTTP " + status + " from " + uri + detail(response.body()));
        }
        return response.body();
    }

    private static String describe(Exception e) {
        if (e.getMessage() == null || e.getMessage().isBlank()) {
            return e instanceof ConnectException ? "connection refused" : e.getClass().getSimpleName();
        }
        return e.getMessage();
    }

    /** The server's own words about the failure, if it said something short. */
    private static String detail(String body) {
        String text = body == null ? "" : body.strip();
        try {
            JsonNode node = new ObjectMapper().readTree(text);
            for (String field : new String[] {"message", "error", "detail"}) {
                if (node != null && node.hasNonNull(field)) {
                    return ": " + node.get(field).asText();
                }
            }
        } catch (IOException e) {
            // not JSON; show it if it is short
        }
        return text.isEmpty() || text.length() > 300 ? "" : ": " + text;
    }
}
