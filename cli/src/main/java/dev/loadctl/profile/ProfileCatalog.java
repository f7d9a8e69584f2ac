package dev.loadctl.profile;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.loadctl.ExitCode;
import dev.loadctl.LoadctlException;
import dev.loadctl.preflight.Requirement;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
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
                                   List<Requirement> requires) {
    }

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
            Path file = Path.of(nameOrFile);
            if (!Files.isRegularFile(file)) {
                throw new LoadctlException(ExitCode.USAGE, "profile file " + nameOrFile + " does not exist");
            }
            return read(file);
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
        try {
            document = YAML.readValue(file.toFile(), ProfileDocument.class);
        } catch (UnrecognizedPropertyException e) {
            throw new LoadctlException(ExitCode.USAGE, "profile " + file + ": unknown key '" + keyPath(e)
                    + "'; known keys there: " + e.getKnownPropertyIds().stream().map(String::valueOf).sorted()
                    .collect(Collectors.joining(", ")), e);
        } catch (JsonMappingException e) {
            throw new LoadctlException(ExitCode.USAGE, "profile " + file + " is not valid at '" + keyPath(e) + "': "
                    + firstLine(e.getOriginalMessage()), e);
        } catch (IOException e) {
            throw new LoadctlException(ExitCode.USAGE, "cannot read profile " + file + ": " + firstLine(e.getMessage()), e);
        }
        if (document == null) {
            throw new LoadctlException(ExitCode.USAGE, "profile " + file + " is empty");
        }
        if (document.server() != null) {
            if (document.server().command().isEmpty()) {
                throw new LoadctlException(ExitCode.USAGE, "profile " + file + ": server.command is empty; "
                        + "give the program and its arguments as a list, or drop server: to use the bundled server");
            }
            document.server().command().forEach(element -> Placeholders.requireKnown(element, "profile " + file));
            document.server().env().values().forEach(value -> Placeholders.requireKnown(value, "profile " + file));
        }
        return new Profile(nameOf(file), file.toAbsolutePath().normalize(),
                document.description() == null ? "" : document.description().trim(), document.sweep(),
                document.server(), document.requires());
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

    /** Where in the YAML the problem is, as dotted keys: {@code sweep.conections}. */
    private static String keyPath(JsonMappingException e) {
        return e.getPath().stream()
                .map(reference -> reference.getFieldName() != null ? reference.getFieldName()
                        : "[" + reference.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
