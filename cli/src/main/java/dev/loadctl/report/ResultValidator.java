package dev.loadctl.report;

import dev.loadctl.Numbers;
import com.fasterxml.jackson.databind.JsonNode;
import dev.loadctl.ExitCode;
import dev.loadctl.LoadctlException;
import dev.loadctl.result.SweepResult;
import dev.loadctl.result.WrkResult;

import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Checks a saved result before the report believes it: a file written by another schema version, an
 * impossible number (a negative count or rate, NaN or infinity, goodput above the responses per second,
 * an error rate outside 0..1, a target of 0) or a null where the report needs a value is refused with
 * one line naming the file and the field as a JSON path ({@code points[0].iterations[1].goodputPerSecond}).
 * Jackson alone would read a null count as 0 and a {@code [null]} point as a crash later.
 */
final class ResultValidator {

    private static final Pattern STATUS_CODE = Pattern.compile("\\d{3}");
    /** Goodput is timely 2xx ÷ duration and 2xx ≤ requests: only floating-point rounding may exceed it. */
    private static final double ROUNDING = 1e-9;
    private static final List<String> LATENCY_FIELDS = List.of("avg", "stdev", "max", "p50", "p75", "p90", "p99",
            "p99_9", "p99_99");
    private static final List<String> THREAD_RATE_FIELDS = List.of("avg", "stdev", "max");
    private static final List<String> SOCKET_ERRORS = List.of("connect", "read", "write", "timeout");

    private final Path file;

    private ResultValidator(Path file) {
        this.file = file;
    }

    /** A sweep's result.json: its schema version, parameters, and every point and iteration. */
    static void checkSweep(Path file, JsonNode tree) {
        ResultValidator check = new ResultValidator(file);
        check.schemaVersion(tree, "", SweepResult.READABLE_SCHEMA_VERSIONS);
        check.bool(tree, "", "complete");
        JsonNode parameters = check.object(tree, "", "parameters");
        check.positiveIntegers(parameters, "parameters", "threads");
        check.count(parameters, "parameters", "connections", 1);
        check.rate(parameters, "parameters", "durationSeconds");
        check.rate(parameters, "parameters", "warmupSeconds");
        check.count(parameters, "parameters", "iterations", 0);
        check.optionalCount(parameters, "parameters", "wrkThreads", 1);
        check.positive(parameters, "parameters", "targetRps");
        check.positive(parameters, "parameters", "slaP99Ms");
        check.rate(parameters, "parameters", "delayMs");
        check.rate(parameters, "parameters", "timeoutSeconds");
        check.bool(parameters, "parameters", "lua");
        check.optionalBool(parameters, "parameters", "stagger");
        JsonNode preflight = check.optionalArray(tree, "", "preflight");
        for (int i = 0; preflight != null && i < preflight.size(); i++) {
            check.element(preflight, "preflight", i);
        }
        JsonNode points = check.array(tree, "", "points");
        for (int i = 0; i < points.size(); i++) {
            check.point(check.element(points, "points", i), "points[" + i + "]");
        }
    }

    /** A single run from {@code loadctl parse} or {@code loadctl run}. */
    static void checkRun(Path file, JsonNode tree) {
        new ResultValidator(file).run(tree, "");
    }

    private void point(JsonNode point, String path) {
        count(point, path, "threads", 1);
        count(point, path, "wrkThreads", 0);
        JsonNode warnings = optionalArray(point, path, "warnings");
        for (int i = 0; warnings != null && i < warnings.size(); i++) {
            if (!warnings.get(i).isTextual()) {
                throw bad(join(path, "warnings") + "[" + i + "]", "is " + shown(warnings.get(i)) + "; a warning is text");
            }
        }
        JsonNode startUp = optionalObject(point, path, "startUp");
        if (startUp != null) {
            rate(startUp, join(path, "startUp"), "readyMs");
            optionalRate(startUp, join(path, "startUp"), "first2xxMs");
        }
        JsonNode iterations = array(point, path, "iterations");
        for (int i = 0; i < iterations.size(); i++) {
            String where = join(path, "iterations") + "[" + i + "]";
            run(element(iterations, join(path, "iterations"), i), where);
        }
    }

    private void run(JsonNode run, String path) {
        schemaVersion(run, path, List.of(WrkResult.SCHEMA_VERSION));
        count(run, path, "threads", 0);
        count(run, path, "connections", 0);
        optionalCount(run, path, "serverThreads", 1);
        double seconds = rate(run, path, "durationSeconds");
        long requests = count(run, path, "requests", 0);
        count(run, path, "bytesRead", 0);
        rate(run, path, "requestsPerSecond");
        rate(run, path, "transferBytesPerSecond");
        JsonNode latency = optionalObject(run, path, "latencyMs");
        if (latency != null) {
            LATENCY_FIELDS.forEach(field -> optionalRate(latency, join(path, "latencyMs"), field));
            optionalPercent(latency, join(path, "latencyMs"), "withinStdevPercent");
        }
        JsonNode perThread = optionalObject(run, path, "requestsPerSecondPerThread");
        if (perThread != null) {
            THREAD_RATE_FIELDS.forEach(field -> optionalRate(perThread, join(path, "requestsPerSecondPerThread"), field));
            optionalPercent(perThread, join(path, "requestsPerSecondPerThread"), "withinStdevPercent");
        }
        JsonNode errors = optionalObject(run, path, "socketErrors");
        if (errors != null) {
            SOCKET_ERRORS.forEach(field -> count(errors, join(path, "socketErrors"), field, 0));
        }
        count(run, path, "non2xx3xxResponses", 0);
        JsonNode codes = optionalObject(run, path, "statusCodes");
        if (codes != null) {
            for (Iterator<Map.Entry<String, JsonNode>> it = codes.fields(); it.hasNext(); ) {
                String code = it.next().getKey();
                if (!STATUS_CODE.matcher(code).matches()) {
                    throw bad(join(path, "statusCodes"), "has the key '" + clip(code) + "'; keys are HTTP status codes"
                            + " such as \"200\"");
                }
                count(codes, join(path, "statusCodes"), code, 0);
            }
        }
        double goodput = rate(run, path, "goodputPerSecond");
        double most = seconds > 0 ? requests / seconds : 0;
        if (goodput > most * (1 + ROUNDING)) {
            throw bad(join(path, "goodputPerSecond"), "is " + shown(run.get("goodputPerSecond")) + ", above the "
                    + requests + " requests in " + shown(run.get("durationSeconds")) + " s (" + Numbers.perSecond(most)
                    + "): goodput counts only some of those responses");
        }
        bool(run, path, "goodputEstimated");
        double errorRate = rate(run, path, "errorRate");
        if (errorRate > 1) {
            throw bad(join(path, "errorRate"), "is " + shown(run.get("errorRate")) + "; a share of requests is 0 to 1");
        }
        JsonNode cpu = optionalObject(run, path, "cpu");
        if (cpu != null) {
            String at = join(path, "cpu");
            optionalRate(cpu, at, "serverCores");
            rate(cpu, at, "wrkCores");
            rate(cpu, at, "loadctlCores");
            count(cpu, at, "wrkThreads", 0);
            count(cpu, at, "machineCores", 0);
            bool(cpu, at, "wrkSaturated");
        }
    }

    // ------------------------------------------------------------------------------------------ fields

    private void schemaVersion(JsonNode node, String path, List<Integer> known) {
        JsonNode version = present(node, path, "schemaVersion");
        if (!version.isIntegralNumber() || !known.contains(version.asInt()) || !version.canConvertToInt()) {
            throw bad(join(path, "schemaVersion"), "is " + shown(version) + "; this loadctl reads schema version "
                    + known.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(" or "))
                    + " (a newer loadctl wrote it, or it is not a loadctl result)");
        }
    }

    private long count(JsonNode node, String path, String field, long least) {
        JsonNode value = present(node, path, field);
        if (!value.isIntegralNumber()) {
            throw bad(join(path, field), "is " + shown(value) + "; expected a whole number");
        }
        if (!value.canConvertToLong()) {
            throw bad(join(path, field), "is " + shown(value) + ", more than any count loadctl writes");
        }
        if (value.asLong() < least) {
            throw bad(join(path, field), "is " + value.asLong() + "; it is never below " + least);
        }
        return value.asLong();
    }

    private void optionalCount(JsonNode node, String path, String field, long least) {
        if (!isNull(node.get(field))) {
            count(node, path, field, least);
        }
    }

    /** An optional list of thread counts, each 1 or more. */
    private void positiveIntegers(JsonNode node, String path, String field) {
        JsonNode list = optionalArray(node, path, field);
        for (int i = 0; list != null && i < list.size(); i++) {
            JsonNode value = element(list, join(path, field), i);
            if (!value.isIntegralNumber() || !value.canConvertToInt() || value.asInt() < 1) {
                throw bad(join(path, field) + "[" + i + "]", "is " + shown(value) + "; expected a whole number of"
                        + " at least 1");
            }
        }
    }

    /** A finite number of 0 or more: rates, durations, cores. */
    private double rate(JsonNode node, String path, String field) {
        JsonNode value = present(node, path, field);
        if (!value.isNumber() || !Double.isFinite(value.asDouble())) {
            throw bad(join(path, field), "is " + shown(value) + "; expected a finite number");
        }
        if (value.asDouble() < 0) {
            throw bad(join(path, field), "is " + shown(value) + "; it is never negative");
        }
        return value.asDouble();
    }

    private void optionalRate(JsonNode node, String path, String field) {
        if (!isNull(node.get(field))) {
            rate(node, path, field);
        }
    }

    private void optionalPercent(JsonNode node, String path, String field) {
        if (!isNull(node.get(field)) && rate(node, path, field) > 100) {
            throw bad(join(path, field), "is " + shown(node.get(field)) + "; a percentage is 0 to 100");
        }
    }

    /** A target or SLA: 0 or less asks nothing. */
    private void positive(JsonNode node, String path, String field) {
        JsonNode value = present(node, path, field);
        if (value.isNumber() && value.asDouble() <= 0) {
            throw bad(join(path, field), "is " + shown(value) + "; it must be above 0");
        }
        rate(node, path, field);
    }

    private void bool(JsonNode node, String path, String field) {
        kind(node, path, field, JsonNode::isBoolean, "true or false");
    }

    /** Absent in files written before it was recorded. */
    private void optionalBool(JsonNode node, String path, String field) {
        if (!isNull(node.get(field))) {
            bool(node, path, field);
        }
    }

    private JsonNode object(JsonNode node, String path, String field) {
        return kind(node, path, field, JsonNode::isObject, "an object");
    }

    private JsonNode optionalObject(JsonNode node, String path, String field) {
        return isNull(node.get(field)) ? null : object(node, path, field);
    }

    private JsonNode array(JsonNode node, String path, String field) {
        return kind(node, path, field, JsonNode::isArray, "a list");
    }

    private JsonNode optionalArray(JsonNode node, String path, String field) {
        return isNull(node.get(field)) ? null : array(node, path, field);
    }

    private JsonNode kind(JsonNode node, String path, String field, Predicate<JsonNode> is, String expected) {
        JsonNode value = present(node, path, field);
        if (!is.test(value)) {
            throw bad(join(path, field), "is " + shown(value) + "; expected " + expected);
        }
        return value;
    }

    /** A list's element that must be there: {@code points: [null]} is not a point. */
    private JsonNode element(JsonNode list, String path, int index) {
        JsonNode value = list.get(index);
        if (isNull(value)) {
            throw bad(path + "[" + index + "]", "is null; expected a value");
        }
        return value;
    }

    private JsonNode present(JsonNode node, String path, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isMissingNode()) {
            throw bad(join(path, field), "is missing");
        }
        if (value.isNull()) {
            throw bad(join(path, field), "is null; a value is required");
        }
        return value;
    }

    private static boolean isNull(JsonNode value) {
        return value == null || value.isNull() || value.isMissingNode();
    }

    private static String join(String path, String field) {
        return path.isEmpty() ? field : path + "." + field;
    }

    /** A value as the message shows it: numbers as written, anything else by kind (never a file's long text). */
    private static String shown(JsonNode value) {
        if (value.isNumber() || value.isBoolean()) {
            return value.asText();
        }
        if (value.isTextual()) {
            return "the text \"" + clip(value.asText()) + "\"";
        }
        return value.isArray() ? "a list" : value.isObject() ? "an object" : value.getNodeType().toString().toLowerCase(Locale.ROOT);
    }

    private static String clip(String text) {
        String line = text.lines().findFirst().orElse("");
        return line.length() > 20 ? line.substring(0, 20) + "..." : line;
    }

    private LoadctlException bad(String path, String problem) {
        return new LoadctlException(ExitCode.BAD_INPUT, file + ": " + path + " " + problem);
    }
}
