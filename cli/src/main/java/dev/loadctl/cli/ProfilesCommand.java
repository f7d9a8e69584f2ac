package dev.loadctl.cli;

import dev.loadctl.profile.Profile;
import dev.loadctl.profile.ProfileCatalog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

@Command(name = "profiles", mixinStandardHelpOptions = true,
        description = "List the named scenarios (profiles/*.yaml in ./profiles and in loadctl's checkout).")
public final class ProfilesCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        ProfileCatalog catalog = ProfileCatalog.standard();
        List<Profile> profiles = catalog.list();
        String searched = catalog.folders().stream().map(Path::toString).collect(Collectors.joining(", "));
        if (profiles.isEmpty()) {
            out.println("no profiles found in " + searched);
        }
        int width = profiles.stream().mapToInt(profile -> profile.name().length()).max().orElse(0);
        for (Profile profile : profiles) {
            out.printf(Locale.ROOT, "%-" + width + "s  %s%n", profile.name(), profile.description());
        }
        out.println();
        out.println("from " + searched + "; use one with: loadctl sweep --profile NAME (flags override its values)");
        out.flush();
        return 0;
    }
}
