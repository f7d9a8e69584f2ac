package dev.loadctl.wrk;

import dev.loadctl.ExitCode;
import dev.loadctl.LoadctlException;
import dev.loadctl.result.WrkResult;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The prefix property of {@link WrkOutputParser}: a wrk output cut anywhere is either refused, or read
 * to the numbers of the whole output. A cut that reads to other numbers is a wrong answer given as a
 * right one, which is worse than no answer.
 */
final class Prefixes {

    private Prefixes() {
    }

    /**
     * The cuts of {@code raw} (every character position) that read to other numbers than the whole,
     * or fail other than as WRK_FAILED with one line; empty when the property holds.
     *
     * @param plainTail cuts at or after this position that read as plain wrk output (no status codes,
     *                  estimated goodput) are let pass: -1 for none. A version 1 script output cut
     *                  between wrk's last line and its script's first is plain wrk output, byte for byte.
     */
    static List<String> violations(String raw, int plainTail) {
        WrkResult whole = WrkOutputParser.parse(raw);
        List<String> violations = new ArrayList<>();
        for (int cut = 0; cut < raw.length(); cut++) {
            String prefix = raw.substring(0, cut);
            WrkResult r;
            try {
                r = WrkOutputParser.parse(prefix);
            } catch (LoadctlException refused) {
                if (refused.exitCode() != ExitCode.WRK_FAILED || refused.getMessage().contains("\n")) {
                    violations.add(where(raw, cut) + ": refused as " + refused.exitCode() + ": " + refused.getMessage());
                }
                continue;
            } catch (RuntimeException e) {
                violations.add(where(raw, cut) + ": " + e);
                continue;
            }
            if (plainTail >= 0 && cut >= plainTail && r.statusCodes() == null && r.goodputEstimated()) {
                continue;
            }
            String differs = differences(whole, r);
            if (!differs.isEmpty()) {
                violations.add(where(raw, cut) + ": read as " + differs);
            }
        }
        return violations;
    }

    /** Where a version 1 script's output may be cut and read as plain wrk output; -1 for other outputs. */
    static int plainTailOfVersion1(String raw) {
        int script = raw.indexOf("loadctl-script 1");
        if (script < 0) {
            return -1;
        }
        // From the end of Transfer/sec's unit up to the script's first line, complete or not.
        return raw.lastIndexOf('B', script) + 1;
    }

    private static String differences(WrkResult whole, WrkResult cut) {
        StringBuilder out = new StringBuilder();
        compare(out, "goodput", whole.goodputPerSecond(), cut.goodputPerSecond());
        compare(out, "errorRate", whole.errorRate(), cut.errorRate());
        compare(out, "socketErrors", whole.socketErrors(), cut.socketErrors());
        compare(out, "statusCodes", whole.statusCodes(), cut.statusCodes());
        compare(out, "maxLatency", whole.latencyMs().max(), cut.latencyMs().max());
        compare(out, "requests", whole.requests(), cut.requests());
        compare(out, "non2xx3xx", whole.non2xx3xxResponses(), cut.non2xx3xxResponses());
        compare(out, "durationSeconds", whole.durationSeconds(), cut.durationSeconds());
        compare(out, "bytesRead", whole.bytesRead(), cut.bytesRead());
        return out.toString();
    }

    private static void compare(StringBuilder out, String name, Object whole, Object cut) {
        if (!Objects.equals(whole, cut)) {
            out.append(name).append(' ').append(cut).append(" (whole: ").append(whole).append(") ");
        }
    }

    private static String where(String raw, int cut) {
        String before = raw.substring(Math.max(0, cut - 40), cut).replace("\n", "\\n");
        return "cut at " + cut + " ('..." + before + "')";
    }
}
