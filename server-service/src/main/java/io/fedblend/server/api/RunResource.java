package io.fedblend.server.api;

import io.fedblend.server.persistence.RoundResult;
import io.fedblend.server.persistence.TrainingRun;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.file.Files;
import java.util.List;

/** Read-only run history: runs, their rounds, and checkpoint downloads. */
@Path("/api/runs")
@Produces(MediaType.APPLICATION_JSON)
public class RunResource {

    @GET
    public List<RunView> runs() {
        return TrainingRun.listNewestFirst().stream().map(RunView::of).toList();
    }

    @GET
    @Path("/latest")
    public RunView latest() {
        return RunView.of(latestRun());
    }

    @GET
    @Path("/{id}")
    public RunView run(@PathParam("id") String id) {
        return RunView.of(run(id, "run"));
    }

    @GET
    @Path("/latest/rounds")
    public List<RoundView> latestRounds() {
        return rounds(latestRun());
    }

    @GET
    @Path("/{id}/rounds")
    public List<RoundView> rounds(@PathParam("id") String id) {
        return rounds(run(id, "run"));
    }

    @GET
    @Path("/{id}/models/{round}")
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    public Response model(@PathParam("id") String id, @PathParam("round") String round) {
        TrainingRun run = run(id, "run");
        String path;
        String sha256;
        String name;
        if (round.equals("final")) {
            if (run.finalCheckpointPath == null) {
                throw new NotFoundException("run " + run.id + " has no final model yet (status " + run.status + ")");
            }
            path = run.finalCheckpointPath;
            sha256 = run.finalCheckpointSha256;
            name = "final";
        } else {
            int number = parse(round, "round");
            RoundResult result = RoundResult.findRound(run.id, number).orElseThrow(() -> new NotFoundException(
                    "run " + run.id + " has no round " + number + " (" + run.roundsCompleted + " completed)"));
            path = result.checkpointPath;
            sha256 = result.checkpointSha256;
            name = "round-" + number;
        }
        java.nio.file.Path file = java.nio.file.Path.of(path);
        if (!Files.isRegularFile(file)) {
            throw new NotFoundException("the checkpoint file " + path + " of run " + run.id + " is missing");
        }
        return Response.ok(file.toFile())
                .header("Content-Disposition", "attachment; filename=\"run-" + run.id + "-" + name + ".fbm\"")
                .header("X-Checkpoint-Sha256", sha256)
                .build();
    }

    private static List<RoundView> rounds(TrainingRun run) {
        return RoundResult.listForRun(run.id).stream().map(RoundView::of).toList();
    }

    private static TrainingRun latestRun() {
        return TrainingRun.findLatest().orElseThrow(() -> new NotFoundException("no run has been recorded yet"));
    }

    private static TrainingRun run(String id, String what) {
        long runId = parse(id, what);
        return TrainingRun.<TrainingRun>findByIdOptional(runId)
                .orElseThrow(() -> new NotFoundException("no run with id " + runId));
    }

    private static int parse(String text, String what) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new NotFoundException("no " + what + " '" + text + "': expected a number"
                    + (what.equals("round") ? " or 'final'" : ""));
        }
    }
}
