package dev.loadctl.wrk;

import dev.loadctl.ExitCode;
import dev.loadctl.LoadctlException;
import dev.loadctl.result.WrkResult;
import dev.loadctl.result.WrkResult.LatencyMs;
import dev.loadctl.result.WrkResult.SocketErrors;
import dev.loadctl.result.WrkResult.ThreadRate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads what wrk 4.x prints (stdout and stderr together, live or pasted) into a {@link WrkResult}.
 * Every line wrk's src/wrk.c can print is understood; any other line is kept in unknownLines.
 * An output with no "N requests in" line is not a result: it is a {@code WRK_FAILED} error with wrk's
 * own message, never a zero result.
 */
public final class WrkOutputParser {

    private static final Pattern HEADER = Pattern.compile("^\\s*Running (\\S+) test @ (\\S+)\\s*$");
    private static final Pattern THREADS = Pattern.compile("^\\s*(\\d+) threads and (\\d+) connections\\s*$");
    private static final Pattern STATS_HEADER =
            Pattern.compile("^\\s*Thread Stats\\s+Avg\\s+Stdev\\s+Max\\s+\\+/- Stdev\\s*$");
    /** Cells are not always space-separated: a 9-character Max ({@code 1000.00ms}) touches the Stdev. */
    private static final Pattern STATS_ROW =
            Pattern.compile("^\\s*(Latency|Req/Sec)\\s+(\\S.*?)\\s*(-?nan|\\d+(?:\\.\\d+)?)%\\s*$");
    private static final Pattern DISTRIBUTION_HEADER = Pattern.compile("^\\s*Latency Distribution\\s*$");
    private static final Pattern PERCENTILE = Pattern.compile("^\\s*(50|75|90|99)%\\s+(\\S+)\\s*$");
    private static final Pattern REQUESTS_IN = Pattern.compile("^\\s*(\\d+) requests in (\\S+), (\\S+) read\\s*$");
    private static final Pattern SOCKET_ERRORS = Pattern.compile(
            "^\\s*Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)\\s*$");
    private static final Pattern NON_2XX_3XX = Pattern.compile("^\\s*Non-2xx or 3xx responses: (\\d+)\\s*$");
    private static final Pattern REQUESTS_PER_SEC = Pattern.compile("^\\s*Requests/sec:\\s+(\\d+(?:\\.\\d+)?)\\s*$");
    private static final Pattern TRANSFER_PER_SEC = Pattern.compile("^\\s*Transfer/sec:\\s+(\\S+)\\s*$");

    // The bundled script's lines (cli/src/main/resources/dev/loadctl/wrk/loadctl.lua).
    private static final Pattern LUA_MARKER = Pattern.compile("^loadctl-script 1\\s*$");
    private static final Pattern LUA_SUMMARY =
            Pattern.compile("^loadctl-summary duration-us (\\d+) requests (\\d+) bytes (\\d+)\\s*$");
    private static final Pattern LUA_STATUS = Pattern.compile("^loadctl-status (\\d{1,3}) (\\d+)\\s*$");
    private static final Pattern LUA_LATENCY =
            Pattern.compile("^loadctl-latency-us p99\\.9 (\\d+) p99\\.99 (\\d+) max (\\d+)\\s*$");
    private static final Pattern LUA_NO_LATENCY = Pattern.compile("^loadctl-latency-us none\\s*$");

    /** wrk's usage text: printed after a command-line error, and by -v. */
    private static final Pattern USAGE_LINE = Pattern.compile(
            "^\\s*(Usage: wrk .*|Options:|-\\S, --\\S+.*|--\\S+ .*|Numeric arguments .*|Time arguments .*)\\s*$");

    /** The ways wrk 4.x says it could not run (src/wrk.c, getopt, LuaJIT). */
    private static final Pattern WRK_ERROR = Pattern.compile(
            "^(wrk: |unable to |invalid URL|PANIC: |.*\\.lua: )");

    private WrkOutputParser() {
    }

    /** Saved or live wrk output to a result; wrk's failure outputs throw {@code LoadctlException(WRK_FAILED)}. */
    public static WrkResult parse(String rawOutput) {
        String raw = rawOutput == null ? "" : rawOutput;
        Scan scan = new Scan();
        for (String line : raw.split("\\R", -1)) {
            scan.read(line);
        }
        if (scan.requestsInLines == 0) {
            throw new LoadctlException(ExitCode.WRK_FAILED, failureLine(raw, scan));
        }
        if (scan.requestsInLines > 1) {
            throw new LoadctlException(ExitCode.WRK_FAILED, "the input holds " + scan.requestsInLines
                    + " wrk outputs ('N requests in' lines); give one wrk run per file");
        }
        return scan.result(raw);
    }

    /** What went wrong, from wrk's own words where it printed any. */
    private static String failureLine(String raw, Scan scan) {
        if (raw.isBlank()) {
            return "wrk printed nothing: it did not run or was stopped at once (check that 'wrk -v' works)";
        }
        String ownMessage = null;
        boolean usage = false;
        for (String line : raw.split("\\R")) {
            if (line.isBlank() || HEADER.matcher(line).matches() || THREADS.matcher(line).matches()) {
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
                    + " before it finished";
        }
        return "this is not a wrk result: it has no 'N requests in' line (it begins '" + ownMessage + "')";
    }

    /** The lines seen so far. */
    private static final class Scan {
        String url;
        boolean header;
        int threads;
        int connections;
        StatsRow latencyRow;
        StatsRow rateRow;
        final Map<Integer, Double> percentilesMs = new TreeMap<>();
        int requestsInLines;
        long requests;
        double durationSeconds;
        double bytesRead;
        SocketErrors socketErrors = SocketErrors.NONE;
        long non2xx3xx;
        Double requestsPerSecond;
        Double transferBytesPerSecond;
        boolean luaRan;
        Long luaDurationMicros;
        Long luaBytes;
        final Map<String, Long> statusCodes = new LinkedHashMap<>();
        Double luaP999Ms;
        Double luaP9999Ms;
        Double luaMaxMs;
        final List<String> unknownLines = new ArrayList<>();

        void read(String line) {
            Matcher m;
            if (line.isBlank()) {
                return;
            }
            if ((m = HEADER.matcher(line)).matches()) {
                header = true;
                url = m.group(2);
            } else if ((m = THREADS.matcher(line)).matches()) {
                threads = Integer.parseInt(m.group(1));
                connections = Integer.parseInt(m.group(2));
            } else if (STATS_HEADER.matcher(line).matches() || DISTRIBUTION_HEADER.matcher(line).matches()) {
                return;
            } else if ((m = STATS_ROW.matcher(line)).matches() && statsRow(m)) {
                return;
            } else if ((m = PERCENTILE.matcher(line)).matches() && WrkUnits.timeMs(m.group(2)) != null) {
                percentilesMs.put(Integer.parseInt(m.group(1)), WrkUnits.timeMs(m.group(2)));
            } else if ((m = REQUESTS_IN.matcher(line)).matches() && requestsIn(m)) {
                return;
            } else if ((m = SOCKET_ERRORS.matcher(line)).matches()) {
                socketErrors = new SocketErrors(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)),
                        Long.parseLong(m.group(3)), Long.parseLong(m.group(4)));
            } else if ((m = NON_2XX_3XX.matcher(line)).matches()) {
                non2xx3xx = Long.parseLong(m.group(1));
            } else if ((m = REQUESTS_PER_SEC.matcher(line)).matches()) {
                requestsPerSecond = Double.parseDouble(m.group(1));
            } else if ((m = TRANSFER_PER_SEC.matcher(line)).matches() && WrkUnits.bytes(m.group(1)) != null) {
                transferBytesPerSecond = WrkUnits.bytes(m.group(1));
            } else if (!readLuaLine(line)) {
                unknownLines.add(line);
            }
        }

        /** A Thread Stats row: three cells (Avg, Stdev, Max) and the share within one stdev. */
        private boolean statsRow(Matcher m) {
            boolean latency = m.group(1).equals("Latency");
            Matcher cell = (latency ? WrkUnits.TIME : WrkUnits.METRIC).matcher(m.group(2));
            List<Double> cells = new ArrayList<>(3);
            int end = 0;
            while (cell.find()) {
                if (!m.group(2).substring(end, cell.start()).isBlank()) {
                    return false;
                }
                cells.add(latency ? WrkUnits.statsCellMs(cell.group(1), cell.group(2))
                        : WrkUnits.metric(cell.group(1), cell.group(2)));
                end = cell.end();
            }
            if (cells.size() != 3 || end != m.group(2).length()) {
                return false;
            }
            String within = m.group(3);
            // -nan% means nothing was recorded: the 0.00 cells beside it are not measurements.
            StatsRow row = within.endsWith("nan") ? StatsRow.NOTHING_RECORDED
                    : new StatsRow(cells.get(0), cells.get(1), cells.get(2), Double.parseDouble(within));
            if (latency) {
                latencyRow = row;
            } else {
                rateRow = row;
            }
            return true;
        }

        private boolean requestsIn(Matcher m) {
            Double durationMs = WrkUnits.timeMs(m.group(2));
            Double bytes = WrkUnits.bytes(m.group(3));
            if (durationMs == null || bytes == null) {
                return false;
            }
            requestsInLines++;
            requests = Long.parseLong(m.group(1));
            durationSeconds = durationMs / 1000.0;
            bytesRead = bytes;
            return true;
        }

        private boolean readLuaLine(String line) {
            Matcher m;
            if (LUA_MARKER.matcher(line).matches()) {
                luaRan = true;
            } else if ((m = LUA_SUMMARY.matcher(line)).matches()) {
                luaDurationMicros = Long.parseLong(m.group(1));
                luaBytes = Long.parseLong(m.group(3));
            } else if ((m = LUA_STATUS.matcher(line)).matches()) {
                statusCodes.merge(m.group(1), Long.parseLong(m.group(2)), Long::sum);
            } else if ((m = LUA_LATENCY.matcher(line)).matches()) {
                luaP999Ms = microsToMs(m.group(1));
                luaP9999Ms = microsToMs(m.group(2));
                luaMaxMs = microsToMs(m.group(3));
            } else {
                return LUA_NO_LATENCY.matcher(line).matches();
            }
            return true;
        }

        WrkResult result(String raw) {
            double seconds = luaDurationMicros != null && luaDurationMicros > 0
                    ? luaDurationMicros / 1_000_000.0 : durationSeconds;
            long bytes = luaBytes != null ? luaBytes : Math.round(bytesRead);
            double rps = requestsPerSecond != null ? requestsPerSecond : perSecond(requests, seconds);
            double transfer = transferBytesPerSecond != null ? transferBytesPerSecond : perSecond(bytes, seconds);

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
                    List.copyOf(unknownLines), raw, null);
        }

        private static Double microsToMs(String micros) {
            return Long.parseLong(micros) / 1000.0;
        }

        private static double perSecond(double count, double seconds) {
            return seconds > 0 ? count / seconds : 0.0;
        }
    }

    /** One Thread Stats row; all null when wrk printed -nan (nothing recorded) or no row at all. */
    private record StatsRow(Double avg, Double stdev, Double max, Double withinStdevPercent) {
        static final StatsRow NOTHING_RECORDED = new StatsRow(null, null, null, null);
    }
}
