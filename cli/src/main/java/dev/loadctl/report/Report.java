package dev.loadctl.report;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;

/**
 * What a report says, computed once from saved results ({@link ReportBuilder}) so that every format
 * (text, Markdown, CSV, JSON, HTML, charts) says the same thing. Serialised as-is by {@code --json}.
 *
 * @param sweeps     one sweep, or two when comparing (baseline first)
 * @param comparison null unless two sweeps are compared
 */
@JsonPropertyOrder({"reportVersion", "loadctlVersion", "sweeps", "comparison"})
public record Report(int reportVersion, String loadctlVersion, List<SweepReport> sweeps, Comparison comparison) {

    /** Bumped when a field of the JSON form changes meaning or disappears. */
    public static final int REPORT_VERSION = 1;

    @JsonIgnore
    public boolean isComparison() {
        return comparison != null;
    }

    /** The single sweep, or the candidate (B) of a comparison. */
    public SweepReport main() {
        return sweeps.get(sweeps.size() - 1);
    }
}
