package dev.loadctl.launch;

import dev.loadctl.ExitCode;
import dev.loadctl.LoadctlException;

import java.util.regex.Pattern;

/**
 * A generator host as given: {@code [user@]host[:port]}, an IPv6 address in brackets when it has a port
 * ({@code root@[fd00::5]:2222}). The user and port, when left out, are whatever ssh and the user's ssh
 * config say.
 *
 * @param given as written, for messages and results
 */
public record SshHost(String user, String host, Integer port, String given) {

    private static final Pattern USER = Pattern.compile("[A-Za-z0-9._][A-Za-z0-9._-]*");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._%-]+");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+(%[A-Za-z0-9._-]+)?");

    /** Parses {@code [user@]host[:port]}; a bad value is a usage error naming {@code --generator-host}. */
    public static SshHost parse(String text) {
        return parse(text, "--generator-host");
    }

    /** Parses {@code [user@]host[:port]}; a bad value is a usage error naming {@code flag}. */
    public static SshHost parse(String text, String flag) {
        String value = text == null ? "" : text.strip();
        String user = null;
        String rest = value;
        int at = value.lastIndexOf('@');
        if (at >= 0) {
            user = value.substring(0, at);
            rest = value.substring(at + 1);
        }
        String host = rest;
        String port = null;
        if (rest.startsWith("[")) {
            int close = rest.indexOf(']');
            host = close < 0 ? "" : rest.substring(1, close);
            String after = close < 0 ? "" : rest.substring(close + 1);
            if (close < 0 || !host.contains(":") || !IPV6.matcher(host).matches()
                    || !(after.isEmpty() || after.matches(":\\d{1,5}"))) {
                throw bad(flag, value, "expected [user@][IPv6 address]:port, for example root@[fd00::5]:2222");
            }
            port = after.isEmpty() ? null : after.substring(1);
        } else if (rest.indexOf(':') >= 0 && rest.indexOf(':') == rest.lastIndexOf(':')) {
            host = rest.substring(0, rest.indexOf(':'));
            port = rest.substring(rest.indexOf(':') + 1);
            if (!port.matches("\\d{1,5}")) {
                throw bad(flag, value, "the port after ':' must be a number");
            }
        } else if (rest.indexOf(':') >= 0 && !IPV6.matcher(rest).matches()) {
            throw bad(flag, value, "expected [user@]host[:port]; an IPv6 address with a port goes in brackets: [fd00::5]:2222");
        }
        if (value.isEmpty()) {
            throw bad(flag, value, "it is empty");
        }
        if (value.startsWith("-") || host.startsWith("-") || (user != null && user.startsWith("-"))) {
            throw bad(flag, value, "it starts with '-', which ssh would read as an option");
        }
        if (user != null && !USER.matcher(user).matches()) {
            throw bad(flag, value, "the user before '@' must be a plain user name");
        }
        if (host.isEmpty() || !(NAME.matcher(host).matches() || IPV6.matcher(host).matches())) {
            throw bad(flag, value, "expected [user@]host[:port], for example root@10.0.0.5 or gen1:2222");
        }
        if (port != null && (Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65_535)) {
            throw bad(flag, value, "the port must be 1-65535");
        }
        return new SshHost(user, host, port == null ? null : Integer.valueOf(port), value);
    }

    private static LoadctlException bad(String flag, String value, String why) {
        return new LoadctlException(ExitCode.USAGE, flag + " '" + value + "': " + why);
    }

    /** Whether this is this machine's loopback, where a loopback server address is reachable. */
    public boolean isLoopback() {
        return host.equals("localhost") || host.startsWith("127.") || host.equals("::1");
    }

    @Override
    public String toString() {
        return given;
    }
}
