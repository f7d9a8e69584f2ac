package dev.loadctl.report;

/**
 * One way to write a {@link Report} (as JMH has one ResultFormat per output). Every format renders the
 * same computed model, so they cannot disagree; none of them computes anything of its own.
 */
public interface ReportFormat {

    /** The file written beside the result, or null (the default) when the format goes to standard output. */
    default String fileName(Report report) {
        return null;
    }

    String render(Report report);
}
