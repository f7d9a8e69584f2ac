package dev.loadctl.launch;

import dev.loadctl.ExitCode;
import dev.loadctl.LoadctlException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fills {@code {name}} placeholders in a server command template and in the config files a profile
 * renders. Each template element stays one argument, whatever the value holds, because the result is
 * handed to the OS as an argument list.
 *
 * <p>Placeholders: {@code {threads}} server threads (or workers) of this point, {@code {port}},
 * {@code {host}}, {@code {delay_ms}} handler delay in whole milliseconds, {@code {delay_seconds}} the same
 * in seconds with three decimals ({@code 0.200}, for nginx's echo_sleep), {@code {connections}},
 * {@code {server_dir}} the {@code target-server} folder of loadctl's checkout, {@code {profile_dir}}
 * the folder holding the profile file, {@code {work_dir}} a fresh folder for this point (holding the
 * rendered files), deleted when the point's server has stopped.
 *
 * <p>{@code ${name}} is not a placeholder: config files use it for their own variables (nginx, shells).
 */
public final class Placeholders {

    public static final List<String> NAMES =
            List.of("threads", "port", "host", "delay_ms", "delay_seconds", "connections", "server_dir", "profile_dir",
                    "work_dir");

    private static final Pattern PLACEHOLDER = Pattern.compile("(?<!\\$)\\{([A-Za-z_]+)}");

    private final Map<String, String> values;

    public Placeholders(Map<String, String> values) {
        this.values = new TreeMap<>(values);
    }

    public List<String> fill(List<String> template) {
        List<String> filled = new ArrayList<>(template.size());
        for (String element : template) {
            filled.add(fill(element));
        }
        return filled;
    }

    public String fill(String template) {
        return fill(template, "'" + template + "'");
    }

    /** Fills a longer text (a config file); {@code where} names it in errors instead of quoting it whole. */
    public String fill(String template, String where) {
        requireKnown(template, where);
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String value = values.get(name);
            if (value == null) {
                throw new LoadctlException(ExitCode.USAGE, "cannot fill {" + name + "} in " + where + ": "
                        + (name.equals("server_dir") ? "loadctl is not running from its checkout" : "no value"));
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    /**
     * The template with every placeholder that has a value filled, and the rest ({@code {threads}}, which
     * each point sets) left as written: how a result describes the command that ran.
     */
    public String fillKnown(String template) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = values.get(m.group(1));
            m.appendReplacement(out, Matcher.quoteReplacement(value != null ? value : m.group(0)));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** Whether the template uses {@code {name}}. */
    public static boolean uses(String template, String name) {
        Matcher m = PLACEHOLDER.matcher(template);
        while (m.find()) {
            if (m.group(1).equals(name)) {
                return true;
            }
        }
        return false;
    }

    /** Template check at load time: every placeholder must be a known name. */
    public static void requireKnown(String template, String where) {
        Matcher m = PLACEHOLDER.matcher(template);
        while (m.find()) {
            if (!NAMES.contains(m.group(1))) {
                throw new LoadctlException(ExitCode.USAGE, where + ": unknown placeholder {" + m.group(1)
                        + "}: use one of " + String.join(", ", NAMES.stream().map(n -> "{" + n + "}").toList()));
            }
        }
    }
}
