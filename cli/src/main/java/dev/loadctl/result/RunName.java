package dev.loadctl.result;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What a run is called: its profile, and the flags that changed what the profile asked for. The same overrides
 * name the result folder ({@code default+t1,2+c500}), head the report ("default with --threads 1,2
 * --connections 500") and are recorded in the result's parameters, so a run with flags is never mistaken for
 * the profile's own.
 *
 * <p>A folder name stays short and needs no quoting in a shell: each override is a short code and its value
 * reduced to {@code [A-Za-z0-9.,_]}; the overrides that do not fit in {@link #MOST_OVERRIDE_CHARS} are
 * summed up as {@code +more} (the result file has them all).
 */
public final class RunName {

    /** The flags, in the order a name and a header give them, with the code each has in a folder name. */
    private static final Map<String, String> CODES = codes(
            "threads", "t", "connections", "c", "wrk-threads", "wt", "duration", "d", "warmup", "w",
            "iterations", "n", "target-rps", "rps", "sla-p99", "sla", "delay", "delay", "timeout", "to",
            "path", "path", "lua", "lua", "stagger", "stagger", "generators", "g", "generator-hosts", "gh",
            "server-host", "host",
            "max-connections", "maxc", "max-error-rate", "err", "probe-duration", "pd", "probe-warmup", "pw",
            "server-warmup", "sw", "confirm-duration", "cd", "confirm-iterations", "ci", "resolution", "res",
            "growth", "grow", "headroom", "head");

    /** Flags that change where or how patiently, not what is measured: recorded, but left out of the name. */
    private static final List<String> NOT_NAMED = List.of("port", "ready-timeout", "server-address", "ssh-config",
            "ssh-options");

    static final int MOST_PROFILE_CHARS = 40;
    static final int MOST_VALUE_CHARS = 24;
    static final int MOST_OVERRIDE_CHARS = 60;
    static final String MORE = "+more";

    private RunName() {
    }

    /** The overrides in the order names and headers give them: the table's flags first, any other after by name. */
    public static Map<String, String> ordered(Map<String, String> overrides) {
        Map<String, String> ordered = new LinkedHashMap<>();
        CODES.keySet().stream().filter(overrides::containsKey).forEach(flag -> ordered.put(flag, overrides.get(flag)));
        overrides.keySet().stream().filter(flag -> !ordered.containsKey(flag)).sorted()
                .forEach(flag -> ordered.put(flag, overrides.get(flag)));
        return ordered;
    }

    /**
     * The result folder's name after its time stamp: {@code default}, {@code default-capacity},
     * {@code default+t1,2+c500}.
     *
     * @param suffix added to the profile's name before the overrides ({@code capacity}); null for none
     */
    public static String folder(String profile, String suffix, Map<String, String> overrides) {
        String base = safe(profile == null || profile.isBlank() ? "run" : profile, "-");
        base = base.length() > MOST_PROFILE_CHARS ? base.substring(0, MOST_PROFILE_CHARS) : base;
        StringBuilder name = new StringBuilder(suffix == null ? base : base + "-" + suffix);
        StringBuilder named = new StringBuilder();
        for (Map.Entry<String, String> override : ordered(overrides).entrySet()) {
            if (NOT_NAMED.contains(override.getKey())) {
                continue;
            }
            String part = "+" + code(override.getKey()) + value(override.getKey(), override.getValue());
            if (named.length() + part.length() > MOST_OVERRIDE_CHARS - MORE.length()) {
                named.append(MORE);
                break;
            }
            named.append(part);
        }
        return name.append(named).toString();
    }

    /** The overrides as flags, for a header or a console line: {@code --threads 1,2 --connections 500}. */
    public static String flags(Map<String, String> overrides) {
        return ordered(overrides).entrySet().stream().map(o -> "--" + o.getKey() + " " + o.getValue())
                .collect(Collectors.joining(" "));
    }

    /** "default", or "default with --threads 1,2 --connections 500" when flags changed it. */
    public static String describe(String profile, Map<String, String> overrides) {
        return overrides == null || overrides.isEmpty() ? profile : profile + " with " + flags(overrides);
    }

    private static String code(String flag) {
        return CODES.getOrDefault(flag, safe(flag, ""));
    }

    /** A host list is named by its length: host names carry '@' and ':' and run long. */
    private static String value(String flag, String value) {
        String text = flag.equals("generator-hosts") ? String.valueOf(value.split(",").length)
                : safe(value.replace("%", "pct"), "_");
        return text.length() > MOST_VALUE_CHARS ? text.substring(0, MOST_VALUE_CHARS) : text;
    }

    /** Letters, digits and {@code . , _ -} stay; anything else (a shell would need quotes for it) is replaced. */
    private static String safe(String text, String replacement) {
        String safe = text.replaceAll("[^A-Za-z0-9.,_-]", replacement);
        // A leading '-' would read as an option to the commands a user types the name into.
        return safe.startsWith("-") ? "_" + safe.substring(1) : safe;
    }

    private static Map<String, String> codes(String... flagsAndCodes) {
        Map<String, String> codes = new LinkedHashMap<>();
        for (int i = 0; i < flagsAndCodes.length; i += 2) {
            codes.put(flagsAndCodes[i], flagsAndCodes[i + 1]);
        }
        return codes;
    }
}
