package dev.loadctl.profile;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.loadctl.launch.Placeholders;
import dev.loadctl.launch.ServerCommand;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.loadctl.Durations;
import dev.loadctl.ExitCode;
import dev.loadctl.LoadctlException;
import dev.loadctl.Messages;
import dev.loadctl.preflight.Requirement;
import dev.loadctl.result.BenchSetup;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Finds and reads profiles. A name is looked up in {@code ./profiles/} first, then in the
 * {@code profiles/} of loadctl's checkout; a path ending in {@code .yaml} is read as it is.
 */
public final class ProfileCatalog {

    public static final String DEFAULT_PROFILE = "default";

    private static final ObjectMapper YAML = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    /** What a profile file holds; its name comes from the file name. */
    private record ProfileDocument(String description, SweepValues sweep, ServerCommand server,
                                   List<Requirement> requires, BenchValues bench, CapacityValues capacity) {
    }

    /** A profile is a few hundred bytes of YAML; anything this big was named by mistake. */
    static final int MAX_PROFILE_BYTES = 64 * 1024;
    /** Keys as profiles spell them: an unknown one is echoed only when it looks like this. */
    private static final Pattern PLAIN_KEY_PATH = Pattern.compile("[A-Za-z0-9_.\\[\\]-]{1,60}");

    /** Target names become folder names ({@code <target>-c<connections>}). */
    private static final Pattern TARGET_NAME = Pattern.compile("[A-Za-z0-9._-]+");

    private final List<Path> folders;

    public ProfileCatalog(List<Path> folders) {
        this.folders = List.copyOf(folders);
    }

    /** {@code ./profiles} and the checkout's {@code profiles}, without duplicates. */
    public static ProfileCatalog standard() {
        LinkedHashSet<Path> folders = new LinkedHashSet<>();
        folders.add(Path.of("profiles").toAbsolutePath().normalize());
        LoadctlHome.find().ifPresent(home -> folders.add(home.resolve("profiles").toAbsolutePath().normalize()));
        return new ProfileCatalog(new ArrayList<>(folders));
    }

    public List<Path> folders() {
        return folders;
    }

    /** A profile by name, or by file when the argument ends in .yaml/.yml. */
    public Profile load(String nameOrFile) {
        if (isFile(nameOrFile)) {
            return read(Path.of(nameOrFile));
        }
        return find(nameOrFile).map(ProfileCatalog::read).orElseThrow(() -> unknown(nameOrFile));
    }

    /** Every profile, by name; a name in an earlier folder hides the same name in a later one. */
    public List<Profile> list() {
        Map<String, Path> byName = new LinkedHashMap<>();
        for (Path folder : folders) {
            for (Path file : yamlFiles(folder)) {
                byName.putIfAbsent(nameOf(file), file);
            }
        }
        return byName.values().stream().map(ProfileCatalog::read).toList();
    }

    private Optional<Path> find(String name) {
        for (Path folder : folders) {
            for (String extension : List.of(".yaml", ".yml")) {
                Path file = folder.resolve(name + extension);
                if (Files.isRegularFile(file)) {
                    return Optional.of(file);
                }
            }
        }
        return Optional.empty();
    }

    private LoadctlException unknown(String name) {
        List<String> known = new ArrayList<>(new LinkedHashSet<>(
                folders.stream().flatMap(folder -> yamlFiles(folder).stream()).map(ProfileCatalog::nameOf).sorted()
                        .toList()));
        String where = String.join(", ", folders.stream().map(Path::toString).toList());
        return new LoadctlException(ExitCode.USAGE, "unknown profile '" + name + "': "
                + (known.isEmpty() ? "no profiles found in " + where
                : "known profiles are " + String.join(", ", known) + " (in " + where + ")")
                + "; or pass --profile FILE.yaml");
    }

    static Profile read(Path file) {
        ProfileDocument document;
        byte[] bytes = contents(file);
        try {
            document = YAML.readValue(bytes, ProfileDocument.class);
        } catch (UnrecognizedPropertyException e) {
            String key = keyPath(e);
            // Any file can be named with --profile: a key is echoed only when it looks like one, never a
            // line of /etc/shadow.
            throw new LoadctlException(ExitCode.USAGE, "profile " + file + " " + lineOf(e.getPropertyName(), bytes, e)
                    + ": "
                    + (PLAIN_KEY_PATH.matcher(key).matches() ? "unknown key '" + key + "'" : "a key loadctl does not know")
                    + "; known keys there: " + e.getKnownPropertyIds().stream().map(String::valueOf).sorted()
                    .collect(Collectors.joining(", ")), e);
        } catch (MismatchedInputException e) {
            String key = keyPath(e);
            throw new LoadctlException(ExitCode.USAGE, "profile " + file + " is not valid "
                    + (key.isEmpty() ? "" : "at '" + key + "' ") + at(e) + ": expected " + expected(e, key), e);
        } catch (JsonMappingException e) {
            throw new LoadctlException(ExitCode.USAGE, "profile " + file + " is not valid at '" + keyPath(e) + "' "
                    + at(e), e);
        } catch (JsonProcessingException e) {
            throw new LoadctlException(ExitCode.USAGE, "profile " + file + " is not valid YAML " + at(e)
                    + ": a profile is a YAML mapping such as 'sweep: {threads: [1, 2]}' (see profiles/)", e);
        } catch (IOException e) {
            throw new LoadctlException(ExitCode.USAGE, "cannot read profile " + file + ": "
                    + Messages.firstLineOfError(e.getMessage()), e);
        }
        if (document == null) {
            throw new LoadctlException(ExitCode.USAGE, "profile " + file + " is empty");
        }
        if (document.server() != null) {
            checkServer(file, document.server());
        }
        if (document.sweep() != null && document.sweep().serverHost() != null) {
            throw invalid(file, "sweep.server-host: a profile names its server's host as server.host");
        }
        if (document.bench() != null) {
            checkBench(file, document);
        }
        return new Profile(nameOf(file), file.toAbsolutePath().normalize(),
                document.description() == null ? "" : document.description().trim(), document.sweep(),
                document.server(), document.requires(), document.bench(), document.capacity());
    }

    private static void checkServer(Path file, ServerCommand server) {
        if (server.host() != null && server.command().isEmpty() && server.env().isEmpty() && server.files().isEmpty()
                && server.readyPath() == null) {
            return; // the bundled server, on that host
        }
        if (server.command().isEmpty()) {
            throw invalid(file, "server.command is empty; give the program and its arguments as a list, or drop"
                    + " server: to use the bundled server (server: with host: alone runs it on that host)");
        }
        server.command().forEach(element -> Placeholders.requireKnown(element, "profile " + file));
        server.env().values().forEach(value -> Placeholders.requireKnown(value, "profile " + file));
        server.files().forEach((name, template) -> {
            if (!TARGET_NAME.matcher(name).matches() || name.equals(".") || name.equals("..")) {
                throw invalid(file, "server.files: '" + name + "' must be a plain file name (letters, digits, . _ -),"
                        + " written into the point's {work_dir}");
            }
            if (template == null || template.isBlank()) {
                throw invalid(file, "server.files." + name + " names no template file");
            }
            Placeholders.requireKnown(template, "profile " + file);
        });
    }

    /** A bench profile names targets and shares wrk settings; thread counts and -c belong to bench:. */
    private static void checkBench(Path file, ProfileDocument document) {
        BenchValues bench = document.bench();
        SweepValues sweep = document.sweep() == null ? SweepValues.NONE : document.sweep();
        if (document.server() != null || document.requires() != null) {
            throw invalid(file, "a bench profile names sweep profiles as bench.targets; put server: and requires:"
                    + " in those profiles");
        }
        if (sweep.threads() != null) {
            throw invalid(file, "sweep.threads: in a bench profile each target lists its own"
                    + " (bench.targets[].threads)");
        }
        if (sweep.connections() != null) {
            throw invalid(file, "sweep.connections: in a bench profile write bench.connections, a list such as"
                    + " [1000, 5000, 10000]");
        }
        if (bench.connections().isEmpty() || bench.connections().stream().anyMatch(c -> c == null || c < 1)) {
            throw invalid(file, "bench.connections must list connection counts of 1 or more, e.g. [1000, 5000]");
        }
        if (bench.targets().isEmpty()) {
            throw invalid(file, "bench.targets is empty: list targets such as {name: bundled, profile: default,"
                    + " threads: [1, 2]}");
        }
        Set<String> names = new LinkedHashSet<>();
        for (int i = 0; i < bench.targets().size(); i++) {
            BenchValues.Target target = bench.targets().get(i);
            String where = "bench.targets[" + i + "]";
            if (target.profile() == null || target.profile().isBlank()) {
                throw invalid(file, where + ".profile is missing: name the sweep profile to run");
            }
            if (!TARGET_NAME.matcher(target.name()).matches()) {
                throw invalid(file, where + ".name '" + target.name() + "' may hold only letters, digits, . _ -"
                        + " (it names the result folders)");
            }
            if (!names.add(target.name())) {
                throw invalid(file, where + ": the name '" + target.name() + "' is used twice; give each a name:");
            }
            if (target.threads().isEmpty() || target.threads().stream().anyMatch(t -> t == null || t < 1)) {
                throw invalid(file, where + ".threads must list thread counts of 1 or more, e.g. [1, 2]");
            }
        }
        if (!names.contains(bench.subjectName())) {
            throw invalid(file, "bench.subject '" + bench.subject() + "' is not a target; targets are "
                    + String.join(", ", names));
        }
        for (int i = 0; i < bench.goals().size(); i++) {
            BenchSetup.Goal goal = bench.goals().get(i);
            String where = "bench.goals[" + i + "]";
            if (goal.name() == null || goal.name().isBlank()) {
                throw invalid(file, where + ".name is missing: the line printed for it");
            }
            if (!goal.hasCriterion()) {
                throw invalid(file, where + " (" + goal.name() + ") sets no criterion: min-goodput-ratio, max-p99-ratio,"
                        + " min-goodput, max-p99, min-efficiency, max-first-2xx or max-loadctl-cores");
            }
            if ((goal.minGoodputRatio() != null || goal.maxP99Ratio() != null) && goal.peer() == null) {
                throw invalid(file, where + " (" + goal.name() + "): a ratio needs peer: the target to compare with");
            }
            if (goal.peer() != null && (!names.contains(goal.peer()) || goal.peer().equals(bench.subjectName()))) {
                throw invalid(file, where + ".peer '" + goal.peer() + "' must be another target than the subject "
                        + bench.subjectName() + "; targets are " + String.join(", ", names));
            }
            for (String duration : Arrays.asList(goal.maxP99(), goal.maxFirst2xx())) {
                if (duration != null) {
                    try {
                        Durations.parse(duration);
                    } catch (LoadctlException e) {
                        throw invalid(file, where + " (" + goal.name() + "): " + e.getMessage());
                    }
                }
            }
        }
    }

    private static LoadctlException invalid(Path file, String message) {
        return new LoadctlException(ExitCode.USAGE, "profile " + file + ": " + message);
    }

    private static List<Path> yamlFiles(Path folder) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(ProfileCatalog::isYaml).filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static boolean isFile(String nameOrFile) {
        return isYaml(Path.of(nameOrFile)) || nameOrFile.contains("/");
    }

    private static boolean isYaml(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".yaml") || name.endsWith(".yml");
    }

    private static String nameOf(Path file) {
        String name = file.getFileName().toString();
        return name.substring(0, name.lastIndexOf('.'));
    }

    /**
     * The file's bytes, once it is known to be a profile-sized regular file: {@code --profile} takes any
     * path, and a device, a FIFO or a 20 MB file would otherwise be read (or parsed for a minute) first.
     */
    private static byte[] contents(Path file) {
        if (!Files.exists(file)) {
            throw new LoadctlException(ExitCode.USAGE, "profile file " + file + " does not exist");
        }
        if (Files.isDirectory(file)) {
            throw new LoadctlException(ExitCode.USAGE, "profile file " + file + " is a folder: name a .yaml file");
        }
        if (!Files.isRegularFile(file)) {
            throw new LoadctlException(ExitCode.USAGE, "profile file " + file + " is not a regular file (a device,"
                    + " FIFO or socket): name a .yaml file");
        }
        try (InputStream in = Files.newInputStream(file)) {
            // Read one byte past the limit rather than trusting the size: the file may still be growing.
            byte[] bytes = in.readNBytes(MAX_PROFILE_BYTES + 1);
            if (bytes.length > MAX_PROFILE_BYTES) {
                throw new LoadctlException(ExitCode.USAGE, "profile file " + file + " is "
                        + String.format(Locale.ROOT, "%.1f", Files.size(file) / 1024.0) + " KB; a profile is a few KB"
                        + " of YAML and loadctl reads at most " + MAX_PROFILE_BYTES / 1024 + " KB: is it the"
                        + " right file?");
            }
            if (bytes.length == 0 || new String(bytes, StandardCharsets.UTF_8).isBlank()) {
                throw new LoadctlException(ExitCode.USAGE, "profile " + file + " is empty");
            }
            return bytes;
        } catch (IOException e) {
            throw new LoadctlException(ExitCode.USAGE, "cannot read profile " + file + ": "
                    + Messages.firstLineOfError(e.getMessage()), e);
        }
    }

    /** "(line 3, column 5)": where the parser was, so the message never needs to quote the file. */
    private static String at(JsonProcessingException e) {
        // The token being read (the unknown key, the wrong value), not where the YAML parser has read ahead to.
        JsonLocation location = e instanceof JsonMappingException && e.getProcessor() instanceof JsonParser parser
                ? parser.currentTokenLocation() : e.getLocation();
        if (location == null || location.getLineNr() < 1) {
            return "(line unknown)";
        }
        return "(line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }

    /**
     * The line holding an unknown key. Jackson reads a record's keys before it can refuse one, so its
     * location is past the key (the end of the mapping); the first line that starts with the key is it.
     */
    private static String lineOf(String key, byte[] bytes, JsonProcessingException e) {
        List<String> lines = new String(bytes, StandardCharsets.UTF_8).lines().toList();
        for (int i = 0; key != null && i < lines.size(); i++) {
            String line = lines.get(i).stripLeading();
            if (line.startsWith("- ")) {
                line = line.substring(2).stripLeading();
            }
            if (line.startsWith(key) && line.substring(key.length()).stripLeading().startsWith(":")) {
                return "(line " + (i + 1) + ")";
            }
        }
        return at(e);
    }

    /** What the key takes, in the profile's words rather than Java's. */
    private static String expected(MismatchedInputException e, String key) {
        Class<?> type = e.getTargetType();
        if (type == null) {
            return "another kind of value";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "a whole number";
        }
        if (type == Double.class || type == double.class || type == Float.class || type == float.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "text";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "a list";
        }
        if (key.isEmpty()) {
            return "a mapping of keys (" + Arrays.stream(ProfileDocument.class.getRecordComponents())
                    .map(component -> component.getName()).sorted().collect(Collectors.joining(", ")) + ")";
        }
        return "a mapping of keys";
    }

    /** Where in the YAML the problem is, as dotted keys: {@code sweep.conections}. */
    private static String keyPath(JsonMappingException e) {
        return e.getPath().stream()
                .map(reference -> reference.getFieldName() != null ? reference.getFieldName()
                        : "[" + reference.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }
}
