package dev.loadctl.report;

import dev.loadctl.result.SweepResult;

import java.nio.file.Path;
import java.util.List;

/**
 * A sweep read from disk (or assembled from single wrk runs), with where its report files go.
 *
 * @param source    what was read, as the user named it
 * @param kind      {@link SweepReport#KIND_SWEEP} or {@link SweepReport#KIND_SINGLE_RUNS}
 * @param threadsAre what the points' thread counts are: {@link SweepReport#SERVER_THREADS} or
 *                  {@link SweepReport#WRK_THREADS} (single runs that did not record the server's)
 * @param outputDir the folder the result lives in: report files are written beside it
 * @param notes     facts about how it was read (single runs: how points were keyed, which defaults apply)
 */
record LoadedSweep(SweepResult sweep, String source, String kind, String threadsAre, Path outputDir,
                   List<String> notes) {
}
