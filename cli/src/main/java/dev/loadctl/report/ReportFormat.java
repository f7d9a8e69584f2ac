package dev.loadctl.report;

import java.util.List;

/**
 * One way to write a {@link Report} (as JMH has one ResultFormat per output). Every format renders the
 * same computed model, so they cannot disagree; none of them computes anything of its own. A format prints
 * to standard output, or writes files beside the result (one, or several: the charts), or both.
 */
public interface ReportFormat {

    /** Text for standard output; null (the default) for a format that writes files. */
    default String printed(Report report) {
        return null;
    }

    /** The files written beside the result, in order; none (the default) for a format that prints. */
    default List<File> files(Report report) {
        return List.of();
    }

    /** A file by name, as the format made it. */
    record File(String name, byte[] content) {
    }
}
