package dev.loadctl.launch;

import dev.loadctl.ExitCode;
import dev.loadctl.LoadctlException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What the user adds to every ssh that loadctl runs: {@code -F FILE} and {@code -o KEY=VALUE} options.
 * Everything else (keys, known hosts, proxies) is the user's ssh configuration, untouched.
 *
 * @param configFile {@code --ssh-config}: ssh's {@code -F}; null for ssh's own default
 * @param options    {@code --ssh-option KEY=VALUE}, each given to ssh as {@code -o KEY=VALUE}
 */
public record SshSettings(Path configFile, List<String> options) {

    public static final SshSettings DEFAULT = new SshSettings(null, List.of());

    private static final Pattern OPTION = Pattern.compile("^[A-Za-z][A-Za-z0-9]*=\\S.*$");

    public SshSettings {
        options = options == null ? List.of() : List.copyOf(options);
        for (String option : options) {
            if (!OPTION.matcher(option).matches()) {
                throw new LoadctlException(ExitCode.USAGE, "--ssh-option '" + option + "': expected KEY=VALUE as ssh's"
                        + " -o takes it, for example IdentityFile=~/.ssh/loadgen or ConnectTimeout=5");
            }
        }
        if (configFile != null && !Files.isReadable(configFile)) {
            throw new LoadctlException(ExitCode.USAGE, "--ssh-config " + configFile + ": no such readable file");
        }
    }
}
