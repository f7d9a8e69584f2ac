package dev.loadctl.wrk;

import dev.loadctl.ExitCode;
import dev.loadctl.LoadctlException;
import dev.loadctl.result.WrkResult;
import dev.loadctl.result.WrkResult.LatencyMs;
import dev.loadctl.result.WrkResult.SocketErrors;
import dev.loadctl.result.WrkResult.ThreadRate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads what wrk 4.x prints (stdout and stderr together, live or pasted) into a {@link WrkResult}, or
 * refuses it with {@code WRK_FAILED} and one line: never a result from something that is not a complete
 * wrk output, and never a zero result.
 *
 * <p>A complete output is wrk's own lines in the order wrk prints them, through its closing
 * {@code Requests/sec} and {@code Transfer/sec} lines; when the bundled script ran, its tail after them,
 * closed by its end line; and in any place, lines that are not wrk's (its stderr, a shell prompt), kept
 * in unknownLines. An output cut short anywhere is missing one of those closing lines, or ends in a
 * number that the script's counts contradict, so it is refused rather than read as other numbers. The
 * rules, and what each refusal says, are in docs/result-schema.md ("What a complete output is").
 */
public final class WrkOutputParser {

    /**
     * The most of a wrk output loadctl reads. wrk prints about 1 KB, the bundled script a few lines
     * more; anything near this is not one wrk run, and is refused whole rather than kept in part, so
     * that a result's rawOutput is always all of the evidence.
     */
    public static final int MAX_OUTPUT_BYTES = 4 * 1024 * 1024;

    /** No line wrk or the script prints comes near this; longer lines are not matched against them. */
    private static final int MAX_LINE = 512;
    private static final int MAX_DIGITS = 30;

    private static final Pattern HEADER = Pattern.compile("^\\s*Running (\\S+) test @ (\\S+)\\s*$");
    private static final Pattern THREADS = Pattern.compile("^\\s*(\\d+) threads and (\\d+) connections\\s*$");
    private static final Pattern STATS_HEADER =
            Pattern.compile("^\\s*Thread Stats\\s+Avg\\s+Stdev\\s+Max\\s+\\+/- Stdev\\s*$");
    /** Cells are not always space-separated: a 9-character Max ({@code 1000.00ms}) touches the Stdev. */
    private static final Pattern STATS_ROW =
            Pattern.compile("^\\s*(Latency|Req/Sec)\\s+(\\S.*?)\\s*(-?nan|\\d+(?:\\.\\d+)?)%\\s*$");
    private static final Pattern DISTRIBUTION_HEADER = Pattern.compile("^\\s*Latency Distribution\\s*$");
    private static final Pattern PERCENTILE = Pattern.compile("^\\s*(50|75|90|99)%\\s+(\\S+)\\s*$");
    // Counts take a sign so that a negative one is refused, not passed over as a line wrk did not print.
    private static final Pattern REQUESTS_IN = Pattern.compile("^\\s*(-?\\d+) requests in (\\S+), (\\S+) read\\s*$");
    private static final Pattern SOCKET_ERRORS = Pattern.compile(
            "^\\s*Socket errors: connect (-?\\d+), read (-?\\d+), write (-?\\d+), timeout (-?\\d+)\\s*$");
    private static final Pattern NON_2XX_3XX = Pattern.compile("^\\s*Non-2xx or 3xx responses: (-?\\d+)\\s*$");
    private static final Pattern REQUESTS_PER_SEC = Pattern.compile("^\\s*Requests/sec:\\s+(\\d+(?:\\.\\d+)?)\\s*$");
    private static final Pattern TRANSFER_PER_SEC = Pattern.compile("^\\s*Transfer/sec:\\s+(\\S+)\\s*$");
    /** How wrk's closing lines begin: one that does not match in full is cut mid-line or damaged. */
    private static final Pattern WRK_CLOSING_LINE = Pattern.compile(
            "^\\s*(-?\\d+ requests in |Socket errors:|Non-2xx or 3xx responses:|Requests/sec:|Transfer/sec:)");

    // The bundled script's lines (cli/src/main/resources/dev/loadctl/wrk/loadctl.lua).
    private static final Pattern SCRIPT = Pattern.compile("^\\s*loadctl-script (\\d+)\\s*$");
    private static final Pattern LUA_SUMMARY = Pattern.compile(
            "^\\s*loadctl-summary duration-us (-?\\d+) requests (-?\\d+) bytes (-?\\d+)\\s*$");
    private static final Pattern LUA_STATUS = Pattern.compile("^\\s*loadctl-status (\\d{1,3}) (-?\\d+)\\s*$");
    private static final Pattern LUA_LATENCY = Pattern.compile(
            "^\\s*loadctl-latency-us p99\\.9 (-?\\d+) p99\\.99 (-?\\d+) max (-?\\d+)\\s*$");
    private static final Pattern LUA_NO_LATENCY = Pattern.compile("^\\s*loadctl-latency-us none\\s*$");
    private static final Pattern LUA_END = Pattern.compile("^\\s*loadctl-end lines (-?\\d+)\\s*$");
    /** wrk's latency quantiles: percent:microseconds pairs, ascending, over one or more lines. */
    private static final Pattern LUA_LADDER = Pattern.compile(
            "^\\s*loadctl-latency-ladder-us((?: \\d{1,3}(?:\\.\\d{1,3})?:\\d{1,18})+)\\s*$");
    private static final Pattern LADDER_PAIR = Pattern.compile("(\\d{1,3}(?:\\.\\d{1,3})?):(\\d{1,18})");
    /** The wall clock (microseconds since 1970) when wrk's measured window began. */
    private static final Pattern LUA_CLOCK = Pattern.compile("^\\s*loadctl-clock start-us (\\d{1,18})\\s*$");
    /** This version's keywords: a line that starts with one and does not match in full is cut or damaged. */
    private static final Pattern LUA_KNOWN = Pattern.compile(
            "^\\s*loadctl-(script|summary|status|latency-us|latency-ladder-us|clock|end)(\\s|$)");
    /** A later script version's line, skipped inside the tail (its end line counts it). */
    private static final Pattern LUA_OTHER = Pattern.compile("^\\s*loadctl-[a-z0-9][a-z0-9.-]*(\\s.*)?$");
    /** The newest script format this parser reads. */
    static final int SCRIPT_VERSION = 2;

    /** wrk's usage text: printed after a command-line error, and by -v. */
    private static final Pattern USAGE_LINE = Pattern.compile(
            "^\\s*(Usage: wrk .*|Options:|-\\S, --\\S+.*|--\\S+ .*|Numeric arguments .*|Time arguments .*)\\s*$");

    /** The ways wrk 4.x says it could not run (src/wrk.c, getopt, LuaJIT). */
    private static final Pattern WRK_ERROR = Pattern.compile(
            "^(wrk: |unable to |invalid URL|PANIC: |.*\\.lua: )");

    private WrkOutputParser() {
    }

    /** Saved or live wrk output to a result; anything but a complete output throws {@code LoadctlException(WRK_FAILED)}. */
    public static WrkResult parse(String rawOutput) {
        return read(rawOutput).result();
    }

    /**
     * A complete wrk output read as {@link #parse} reads it, with what only merging several generators needs:
     * the script's latency quantiles and the wall-clock start of wrk's measured window.
     *
     * @param ladder            null when the script did not print one (no latency recorded, an older script, no
     *                          script)
     * @param windowStartMicros null when the script did not print it (no LuaJIT ffi, an older script, no script)
     */
    public record Parsed(WrkResult result, LatencyLadder ladder, Long windowStartMicros) {
    }

    /** {@link #parse}, keeping the script's ladder and clock lines. */
    public static Parsed read(String rawOutput) {
        String raw = rawOutput == null ? "" : rawOutput;
        String[] lines = raw.split("\\R", -1);
        Scan scan = new Scan(lines);
        for (int i = 0; i < lines.length; i++) {
            scan.read(i + 1, lines[i]);
        }
        if (scan.requestsInLines == 0) {
            throw failed(failureLine(raw, scan));
        }
        if (scan.requestsInLines > 1) {
            throw failed("the input holds " + scan.requestsInLines
                    + " wrk outputs ('N requests in' lines); give one wrk run per file");
        }
        if (scan.problem != null) {
            throw failed(scan.problem);
        }
        scan.requireComplete();
        scan.crossCheck();
        return new Parsed(scan.result(raw), scan.ladder(), scan.clockStartMicros);
    }

    private static LoadctlException failed(String message) {
        return new LoadctlException(ExitCode.WRK_FAILED, message);
    }

    /** What went wrong, from wrk's own words where it printed any. */
    private static String failureLine(String raw, Scan scan) {
        if (raw.isBlank()) {
            return "wrk printed nothing: it did not run or was stopped at once (check that 'wrk -v' works)";
        }
        String ownMessage = null;
        boolean usage = false;
        for (String line : raw.split("\\R")) {
            if (line.isBlank() || HEADER.matcher(line).matches() || THREADS.matcher(line).matches()
                    || line.strip().startsWith("loadctl-")) {
                continue;
            }
            if (USAGE_LINE.matcher(line).matches()) {
                usage = true;
            } else if (ownMessage == null) {
                ownMessage = line.strip();
            }
        }
        if (ownMessage != null && ownMessage.startsWith("unable to connect to")) {
            return "wrk: " + ownMessage + " (is the server running and listening at that address?)";
        }
        if (ownMessage != null && ownMessage.startsWith("number of connections must be >= threads")) {
            return "wrk: " + ownMessage + " (give at least as many connections as wrk threads)";
        }
        if (ownMessage != null && (usage || WRK_ERROR.matcher(ownMessage).find())) {
            return (ownMessage.startsWith("wrk: ") ? "" : "wrk: ") + ownMessage
                    + (usage ? " (wrk rejected its command line)" : "");
        }
        if (usage) {
            return "wrk printed only its usage text: it rejected its command line";
        }
        if (scan.header) {
            return "wrk's output stops before its 'N requests in' line: it is cut short, or wrk was killed"
                    + " before it finished (" + scan.endsAt() + ")";
        }
        return "this is not a wrk result: it has no 'N requests in' line (it begins '" + abbreviated(ownMessage) + "')";
    }

    private static String abbreviated(String line) {
        String s = line == null ? "" : line.strip();
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }

    /** The kinds of line a complete output has, in the order it has them. */
    private enum Part {
        SCRIPT_START, RUNNING, THREADS, STATS_HEADER, LATENCY_ROW, RATE_ROW, DISTRIBUTION, PERCENTILE(true),
        REQUESTS_IN, SOCKET_ERRORS, NON_2XX_3XX, REQUESTS_PER_SEC, TRANSFER_PER_SEC,
        SCRIPT_V1, SUMMARY, STATUS(true), LATENCY_US, LADDER(true), CLOCK, END;

        final boolean repeats;

        Part() {
            this(false);
        }

        Part(boolean repeats) {
            this.repeats = repeats;
        }
    }

    /** The lines seen so far, and the first thing wrong with them. */
    private static final class Scan {
        final String[] lines;
        final int lastLine;
        String problem;
        Part last;
        int lastNumber;

        String url;
        boolean header;
        int threads;
        int connections;
        StatsRow latencyRow;
        StatsRow rateRow;
        boolean distribution;
        final Map<Integer, Double> percentilesMs = new TreeMap<>();
        int requestsInLines;
        long requests;
        double durationMs;
        double durationHalfDigitMs;
        double bytesRead;
        double bytesHalfDigit;
        SocketErrors socketErrors = SocketErrors.NONE;
        long non2xx3xx;
        Double requestsPerSecond;
        Double transferBytesPerSecond;

        int scriptVersion;
        int scriptLine;
        boolean summarySeen;
        long luaDurationMicros;
        long luaRequests;
        long luaBytes;
        final Map<String, Long> statusCodes = new TreeMap<>();
        int lastStatus = -1;
        boolean latencySeen;
        Double luaP999Ms;
        Double luaP9999Ms;
        Double luaMaxMs;
        final List<Double> ladderPercents = new ArrayList<>();
        final List<Long> ladderValues = new ArrayList<>();
        int ladderLine;
        Long clockStartMicros;
        int tailLines;
        Long endCount;
        int endLine;
        final List<String> unknownLines = new ArrayList<>();

        Scan(String[] lines) {
            this.lines = lines;
            int end = lines.length;
            while (end > 0 && lines[end - 1].isBlank()) {
                end--;
            }
            lastLine = end;
        }

        void read(int number, String line) {
            Matcher m;
            if (line.isBlank()) {
                return;
            }
            if (line.length() > MAX_LINE) {
                if (WRK_CLOSING_LINE.matcher(line).find() || LUA_KNOWN.matcher(line).find()) {
                    problem("line " + number + " ('" + abbreviated(line) + "') is " + line.length() + " characters"
                            + " long, longer than any line wrk or loadctl's script prints: the output is damaged or edited");
                } else {
                    unknownLines.add(line);
                }
                return;
            }
            if ((m = HEADER.matcher(line)).matches()) {
                place(Part.RUNNING, number);
                header = true;
                url = m.group(2);
            } else if ((m = THREADS.matcher(line)).matches()) {
                place(Part.THREADS, number);
                threads = (int) count(m.group(1), Integer.MAX_VALUE, number, false);
                connections = (int) count(m.group(2), Integer.MAX_VALUE, number, false);
            } else if (STATS_HEADER.matcher(line).matches()) {
                place(Part.STATS_HEADER, number);
                header = true;
            } else if (DISTRIBUTION_HEADER.matcher(line).matches()) {
                place(Part.DISTRIBUTION, number);
                distribution = true;
            } else if ((m = STATS_ROW.matcher(line)).matches() && statsRow(m, number)) {
                header = true;
            } else if ((m = PERCENTILE.matcher(line)).matches() && WrkUnits.timeMs(m.group(2)) != null) {
                percentile(m, number);
            } else if ((m = REQUESTS_IN.matcher(line)).matches() && requestsIn(m, number)) {
                header = true;
            } else if ((m = SOCKET_ERRORS.matcher(line)).matches()) {
                place(Part.SOCKET_ERRORS, number);
                socketErrors = new SocketErrors(wrkCounter(m.group(1), number), wrkCounter(m.group(2), number),
                        wrkCounter(m.group(3), number), wrkCounter(m.group(4), number));
            } else if ((m = NON_2XX_3XX.matcher(line)).matches()) {
                place(Part.NON_2XX_3XX, number);
                non2xx3xx = wrkCounter(m.group(1), number);
            } else if ((m = REQUESTS_PER_SEC.matcher(line)).matches()) {
                place(Part.REQUESTS_PER_SEC, number);
                requestsPerSecond = finite(Double.parseDouble(m.group(1)), number);
            } else if ((m = TRANSFER_PER_SEC.matcher(line)).matches() && WrkUnits.bytes(m.group(1)) != null) {
                place(Part.TRANSFER_PER_SEC, number);
                transferBytesPerSecond = finite(WrkUnits.bytes(m.group(1)), number);
            } else if (WRK_CLOSING_LINE.matcher(line).find()) {
                malformed(number, line);
            } else if (!scriptLine(number, line)) {
                unknownLines.add(line);
            }
        }

        /** Records that line {@code number} is a {@code part}, refusing it out of wrk's order. */
        private void place(Part part, int number) {
            if (last != null && (part.ordinal() < last.ordinal() || part == last && !part.repeats)) {
                problem(part == last
                        ? "line " + number + " ('" + abbreviated(lines[number - 1]) + "') repeats line " + lastNumber
                        + ", which wrk prints once: the output is edited, or holds parts of two outputs"
                        : "line " + number + " ('" + abbreviated(lines[number - 1]) + "') is out of place: wrk prints"
                        + " it before line " + lastNumber + " ('" + abbreviated(lines[lastNumber - 1])
                        + "'): the output is edited, or holds parts of two outputs");
                return;
            }
            last = part;
            lastNumber = number;
        }

        private void problem(String message) {
            if (problem == null) {
                problem = message;
            }
        }

        /** A line that begins like one of wrk's or the script's but is not in its format. */
        private void malformed(int number, String line) {
            if (number == lines.length) {
                problem("wrk's output is cut short: it ends mid-line at line " + number + " ('" + abbreviated(line) + "')");
            } else {
                problem("line " + number + " ('" + abbreviated(line) + "') is not in the format wrk or loadctl's script"
                        + " prints it: the output is " + (number == lastLine ? "cut short or damaged" : "damaged or edited"));
            }
        }

        /**
         * A count wrk or the script printed: a negative one or one beyond {@code max} is refused.
         *
         * @param signed32 wrk prints it with %d from an unsigned 32-bit counter, so it wraps past 2^31
         */
        private long count(String digits, long max, int number, boolean signed32) {
            String line = abbreviated(lines[number - 1]);
            if (digits.startsWith("-")) {
                problem("line " + number + " ('" + line + "') has a negative count" + (signed32
                        ? ": wrk prints this counter as a signed 32-bit number, so it passed 2^31 and wrapped; its"
                        + " value is unknown" : ": the output is damaged or edited"));
                return 0;
            }
            try {
                long value = digits.length() > MAX_DIGITS ? Long.MAX_VALUE : Long.parseLong(digits);
                if (value <= max) {
                    return value;
                }
            } catch (NumberFormatException tooLarge) {
                // Reported below.
            }
            problem("line " + number + " ('" + line + "') has a number too large for loadctl (" + abbreviated(digits)
                    + "): the output is damaged or edited");
            return 0;
        }

        private long count(String digits, int number) {
            return count(digits, Long.MAX_VALUE, number, false);
        }

        private long wrkCounter(String digits, int number) {
            return count(digits, Long.MAX_VALUE, number, true);
        }

        private double finite(double value, int number) {
            if (!Double.isFinite(value)) {
                problem("line " + number + " ('" + abbreviated(lines[number - 1]) + "') has a number too large for"
                        + " loadctl: the output is damaged or edited");
                return 0;
            }
            return value;
        }

        /** A Thread Stats row: three cells (Avg, Stdev, Max) and the share within one stdev. */
        private boolean statsRow(Matcher m, int number) {
            boolean latency = m.group(1).equals("Latency");
            Matcher cell = (latency ? WrkUnits.TIME : WrkUnits.METRIC).matcher(m.group(2));
            List<Double> cells = new ArrayList<>(3);
            double maxHalfDigitMs = 0;
            int end = 0;
            while (cell.find()) {
                if (!m.group(2).substring(end, cell.start()).isBlank()) {
                    return false;
                }
                cells.add(latency ? WrkUnits.statsCellMs(cell.group(1), cell.group(2))
                        : WrkUnits.metric(cell.group(1), cell.group(2)));
                if (latency) {
                    maxHalfDigitMs = WrkUnits.statsCellHalfDigitMs(cell.group(1), cell.group(2));
                }
                end = cell.end();
            }
            if (cells.size() != 3 || end != m.group(2).length()) {
                return false;
            }
            place(latency ? Part.LATENCY_ROW : Part.RATE_ROW, number);
            cells.forEach(value -> finite(value, number));
            String within = m.group(3);
            // -nan% means nothing was recorded: the 0.00 cells beside it are not measurements.
            StatsRow row = within.endsWith("nan") ? StatsRow.NOTHING_RECORDED
                    : new StatsRow(cells.get(0), cells.get(1), cells.get(2), finite(Double.parseDouble(within), number),
                    maxHalfDigitMs);
            if (latency) {
                latencyRow = row;
            } else {
                rateRow = row;
            }
            return true;
        }

        private void percentile(Matcher m, int number) {
            int percent = Integer.parseInt(m.group(1));
            place(Part.PERCENTILE, number);
            if (percentilesMs.keySet().stream().anyMatch(p -> p >= percent)) {
                problem("line " + number + " ('" + abbreviated(lines[number - 1]) + "') is out of place: wrk prints"
                        + " the 50%, 75%, 90% and 99% lines once each, in that order: the output is edited");
            }
            percentilesMs.put(percent, finite(WrkUnits.timeMs(m.group(2)), number));
        }

        private boolean requestsIn(Matcher m, int number) {
            Double durationMs = WrkUnits.timeMs(m.group(2));
            Double bytes = WrkUnits.bytes(m.group(3));
            if (durationMs == null || bytes == null) {
                return false;
            }
            requestsInLines++;
            place(Part.REQUESTS_IN, number);
            requests = count(m.group(1), number);
            this.durationMs = finite(durationMs, number);
            durationHalfDigitMs = WrkUnits.timeHalfDigitMs(m.group(2));
            bytesRead = finite(bytes, number);
            bytesHalfDigit = WrkUnits.bytesHalfDigit(m.group(3));
            return true;
        }

        /** The bundled script's lines; false for a line that is not one. */
        private boolean scriptLine(int number, String line) {
            Matcher m;
            if ((m = SCRIPT.matcher(line)).matches()) {
                long version = count(m.group(1), Integer.MAX_VALUE, number, false);
                if (scriptVersion != 0) {
                    problem("line " + number + " ('" + abbreviated(line) + "') is a second 'loadctl-script' line (the"
                            + " first is line " + scriptLine + "): the output is edited, or holds parts of two outputs");
                } else if (version == 1) {
                    place(Part.SCRIPT_V1, number);
                } else if (version == SCRIPT_VERSION) {
                    place(Part.SCRIPT_START, number);
                    header = true;
                } else if (version > SCRIPT_VERSION) {
                    problem("line " + number + " ('" + abbreviated(line) + "'): the output is from a newer loadctl's"
                            + " script (format " + version + "); this loadctl reads formats 1 and " + SCRIPT_VERSION
                            + ": parse it with a newer loadctl");
                } else {
                    malformed(number, line);
                }
                scriptVersion = (int) version;
                scriptLine = number;
            } else if ((m = LUA_SUMMARY.matcher(line)).matches()) {
                place(Part.SUMMARY, number);
                summarySeen = true;
                luaDurationMicros = count(m.group(1), number);
                luaRequests = count(m.group(2), number);
                luaBytes = count(m.group(3), number);
                tailLines++;
            } else if ((m = LUA_STATUS.matcher(line)).matches()) {
                place(Part.STATUS, number);
                int status = Integer.parseInt(m.group(1));
                if (status <= lastStatus) {
                    problem("line " + number + " ('" + abbreviated(line) + "') is out of place: the script prints each"
                            + " status code once, ascending: the output is edited");
                }
                lastStatus = status;
                statusCodes.put(m.group(1), count(m.group(2), number));
                tailLines++;
            } else if ((m = LUA_LATENCY.matcher(line)).matches()) {
                place(Part.LATENCY_US, number);
                latencySeen = true;
                luaP999Ms = count(m.group(1), number) / 1000.0;
                luaP9999Ms = count(m.group(2), number) / 1000.0;
                luaMaxMs = count(m.group(3), number) / 1000.0;
                tailLines++;
            } else if (LUA_NO_LATENCY.matcher(line).matches()) {
                place(Part.LATENCY_US, number);
                latencySeen = true;
                tailLines++;
            } else if ((m = LUA_LADDER.matcher(line)).matches()) {
                place(Part.LADDER, number);
                ladderLine = ladderLine == 0 ? number : ladderLine;
                Matcher pair = LADDER_PAIR.matcher(m.group(1));
                while (pair.find()) {
                    double percent = Double.parseDouble(pair.group(1));
                    long micros = count(pair.group(2), number);
                    if (!ladderPercents.isEmpty() && (percent <= ladderPercents.get(ladderPercents.size() - 1)
                            || micros < ladderValues.get(ladderValues.size() - 1)) || percent > 100) {
                        problem("line " + number + " ('" + abbreviated(line) + "') is out of order: the script prints"
                                + " its latency quantiles by ascending percent, each at least the one before: the output"
                                + " is edited");
                    }
                    ladderPercents.add(percent);
                    ladderValues.add(micros);
                }
                tailLines++;
            } else if ((m = LUA_CLOCK.matcher(line)).matches()) {
                place(Part.CLOCK, number);
                clockStartMicros = count(m.group(1), number);
                tailLines++;
            } else if ((m = LUA_END.matcher(line)).matches()) {
                place(Part.END, number);
                endCount = count(m.group(1), number);
                endLine = number;
            } else if (LUA_KNOWN.matcher(line).find()) {
                malformed(number, line);
            } else if (LUA_OTHER.matcher(line).matches() && summarySeen && endCount == null && scriptVersion != 1) {
                tailLines++;
            } else {
                return false;
            }
            return true;
        }

        private boolean tailSeen() {
            return summarySeen || !statusCodes.isEmpty() || latencySeen || !ladderPercents.isEmpty()
                    || clockStartMicros != null || endCount != null;
        }

        /** Refuses an output that stops before one of the lines every complete output ends with. */
        void requireComplete() {
            if (requestsPerSecond == null) {
                throw cutShort("before wrk's closing 'Requests/sec' and 'Transfer/sec' lines");
            }
            if (transferBytesPerSecond == null) {
                throw cutShort("before wrk's closing 'Transfer/sec' line");
            }
            if (distribution && percentilesMs.size() != 4) {
                throw failed("wrk's 'Latency Distribution' has " + percentilesMs.size() + " of its 4 lines (50%, 75%,"
                        + " 90%, 99%): the output is edited");
            }
            if (scriptVersion == 1) {
                if (endCount != null) {
                    throw failed("line " + endLine + " ('" + abbreviated(lines[endLine - 1]) + "') is not a line the"
                            + " format 1 script (line " + scriptLine + ") prints: the output is edited");
                }
                if (!summarySeen) {
                    throw cutShort("before the loadctl script's 'loadctl-summary' line");
                }
                if (!latencySeen) {
                    throw cutShort("before the loadctl script's 'loadctl-latency-us' line");
                }
            } else if (scriptVersion == SCRIPT_VERSION || tailSeen()) {
                if (!tailSeen()) {
                    throw cutShort("before the loadctl script's lines, which its first line (line " + scriptLine
                            + ", 'loadctl-script " + SCRIPT_VERSION + "') announces");
                }
                if (endCount == null) {
                    throw cutShort("before the loadctl script's closing 'loadctl-end' line");
                }
                if (!summarySeen || !latencySeen) {
                    throw failed("the loadctl script's lines lack their '" + (summarySeen ? "loadctl-latency-us"
                            : "loadctl-summary") + "' line: the output is edited");
                }
                if (!ladderPercents.isEmpty() && (luaMaxMs == null || ladderPercents.get(0) != 0
                        || ladderPercents.get(ladderPercents.size() - 1) != 100)) {
                    throw failed("the loadctl script's latency quantiles (line " + ladderLine + ") "
                            + (luaMaxMs == null ? "come with no latency recorded" : "do not run from 0 to 100 percent")
                            + ": the output is cut short or edited");
                }
                if (endCount != tailLines) {
                    throw failed("the loadctl script's closing line (line " + endLine + ", '"
                            + abbreviated(lines[endLine - 1]) + "') counts " + endCount + " lines before it, but "
                            + tailLines + " came: the output is cut short or edited");
                }
            }
        }

        private LoadctlException cutShort(String where) {
            return failed("wrk's output is cut short: it " + endsAt() + ", " + where);
        }

        String endsAt() {
            return lastLine == 0 ? "is empty"
                    : "ends at line " + lastLine + " ('" + abbreviated(lines[lastLine - 1]) + "')";
        }

        /** Refuses counts that contradict each other: a failed check is an error, never a number. */
        void crossCheck() {
            if (socketErrors.timeout() > requests) {
                throw failed("wrk's counts disagree: " + socketErrors.timeout() + " timeouts but " + requests
                        + " requests, and a timeout is a response wrk counted: the output is edited");
            }
            if (non2xx3xx > requests) {
                throw failed("wrk's counts disagree: " + non2xx3xx + " Non-2xx or 3xx responses but " + requests
                        + " requests: the output is edited");
            }
            if (scriptVersion == 0 && !tailSeen()) {
                return;
            }
            String cutOrEdited = ": the output is cut short or edited";
            if (luaRequests != requests) {
                throw failed("the loadctl script counted " + luaRequests + " requests, wrk " + requests + cutOrEdited);
            }
            long sum = 0;
            long over399 = 0;
            for (Map.Entry<String, Long> e : statusCodes.entrySet()) {
                sum = saturatedAdd(sum, e.getValue());
                over399 = Integer.parseInt(e.getKey()) > 399 ? saturatedAdd(over399, e.getValue()) : over399;
            }
            if (sum != requests) {
                throw failed("the loadctl script's status counts add up to " + sum + ", not wrk's " + requests
                        + " requests" + cutOrEdited);
            }
            if (over399 != non2xx3xx) {
                throw failed("the loadctl script counted " + over399 + " responses with status >= 400, wrk's"
                        + " 'Non-2xx or 3xx responses' " + non2xx3xx + cutOrEdited);
            }
            if (!within(luaDurationMicros / 1000.0, durationMs, durationHalfDigitMs)) {
                throw failed("the loadctl script's duration (" + luaDurationMicros + " us) is not wrk's 'requests in "
                        + RunVerdict.decimal(durationMs / 1000) + " s'" + cutOrEdited);
            }
            if (!within(luaBytes, bytesRead, bytesHalfDigit)) {
                throw failed("the loadctl script's byte count (" + luaBytes + ") is not wrk's '" + Math.round(bytesRead)
                        + " bytes read'" + cutOrEdited);
            }
            if (!ladderValues.isEmpty() && ladderValues.get(ladderValues.size() - 1) / 1000.0 != luaMaxMs) {
                throw failed("the loadctl script's latency quantiles end at " + ladderValues.get(ladderValues.size()
                        - 1) + " us, not at its max latency (" + luaMaxMs + " ms)" + cutOrEdited);
            }
            if (latencyRow != null) {
                boolean wrkRecorded = latencyRow != StatsRow.NOTHING_RECORDED;
                if (wrkRecorded != (luaMaxMs != null)) {
                    throw failed(wrkRecorded ? "the loadctl script recorded no latency, but wrk's Latency row has"
                            + " figures" + cutOrEdited : "the loadctl script has latency figures, but wrk's Latency row"
                            + " says none were recorded (-nan%)" + cutOrEdited);
                }
                if (wrkRecorded && !within(luaMaxMs, latencyRow.max, latencyRow.maxHalfDigitMs)) {
                    throw failed("the loadctl script's max latency (" + luaMaxMs + " ms) is not wrk's Max ("
                            + latencyRow.max + " ms)" + cutOrEdited);
                }
            }
        }

        private static long saturatedAdd(long a, long b) {
            long sum = a + b;
            return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
        }

        /** {@code exact} is what wrk rounded to {@code printed}, to within half its last digit. */
        private static boolean within(double exact, double printed, double halfDigit) {
            return Math.abs(exact - printed) <= halfDigit * (1 + 1e-9) + 1e-9;
        }

        LatencyLadder ladder() {
            if (ladderPercents.isEmpty()) {
                return null;
            }
            return new LatencyLadder(ladderPercents.stream().mapToDouble(Double::doubleValue).toArray(),
                    ladderValues.stream().mapToLong(Long::longValue).toArray());
        }

        WrkResult result(String raw) {
            boolean luaRan = scriptVersion != 0 || tailSeen();
            double seconds = luaRan && luaDurationMicros > 0 ? luaDurationMicros / 1_000_000.0 : durationMs / 1000.0;
            long bytes = luaRan ? luaBytes : Math.round(bytesRead);
            double rps = requestsPerSecond;
            double transfer = transferBytesPerSecond;

            StatsRow latency = latencyRow == null ? StatsRow.NOTHING_RECORDED : latencyRow;
            boolean latencyRecorded = latency != StatsRow.NOTHING_RECORDED;
            LatencyMs latencyMs = new LatencyMs(latency.avg, latency.stdev,
                    luaMaxMs != null ? luaMaxMs : latency.max, latency.withinStdevPercent,
                    latencyRecorded ? percentilesMs.get(50) : null,
                    latencyRecorded ? percentilesMs.get(75) : null,
                    latencyRecorded ? percentilesMs.get(90) : null,
                    latencyRecorded ? percentilesMs.get(99) : null,
                    luaP999Ms, luaP9999Ms);
            StatsRow rate = rateRow == null ? StatsRow.NOTHING_RECORDED : rateRow;
            ThreadRate threadRate = new ThreadRate(rate.avg, rate.stdev, rate.max, rate.withinStdevPercent);

            Map<String, Long> codes = luaRan ? new TreeMap<>(statusCodes) : null;
            Goodput goodput = Goodput.of(requests, seconds, socketErrors, non2xx3xx, codes);
            return new WrkResult(WrkResult.SCHEMA_VERSION, url, threads,
                    connections, seconds, requests, bytes, rps, transfer, latencyMs, threadRate, socketErrors,
                    non2xx3xx, codes, goodput.perSecond(), goodput.estimated(), goodput.errorRate(), null,
                    List.copyOf(unknownLines), raw, null, null, null);
        }
    }

    /**
     * One Thread Stats row; all null when wrk printed -nan (nothing recorded) or no row at all.
     *
     * @param maxHalfDigitMs how far the Max cell, as printed, can be from wrk's value
     */
    private record StatsRow(Double avg, Double stdev, Double max, Double withinStdevPercent, double maxHalfDigitMs) {
        static final StatsRow NOTHING_RECORDED = new StatsRow(null, null, null, null, 0);
    }
}
