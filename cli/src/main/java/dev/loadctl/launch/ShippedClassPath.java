package dev.loadctl.launch;

import dev.loadctl.ExitCode;
import dev.loadctl.LoadctlException;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * What a server host needs to run the bundled server: loadctl's own class path, as jars. A jar (the shipped
 * {@code loadctl.jar}) goes as it is; a folder of classes (a build's {@code target/classes}) is packed into a
 * jar once per loadctl, deleted when it exits. The host gets copies for each point's server, in a temporary
 * folder the server's wrapper removes.
 */
final class ShippedClassPath {

    private static List<Path> files;

    private ShippedClassPath() {
    }

    static synchronized List<Path> files() {
        if (files == null) {
            List<Path> found = new ArrayList<>();
            for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
                Path path = Path.of(entry);
                if (Files.isDirectory(path)) {
                    found.add(packed(path));
                } else if (Files.isRegularFile(path)) {
                    found.add(path);
                }
            }
            files = List.copyOf(found);
        }
        return files;
    }

    private static Path packed(Path folder) {
        try {
            Path jar = Files.createTempFile("loadctl-classes-", ".jar");
            jar.toFile().deleteOnExit();
            try (OutputStream out = Files.newOutputStream(jar); ZipOutputStream zip = new ZipOutputStream(out);
                 Stream<Path> tree = Files.walk(folder)) {
                for (Path file : tree.filter(Files::isRegularFile).sorted().toList()) {
                    zip.putNextEntry(new ZipEntry(folder.relativize(file).toString().replace(File.separatorChar, '/')));
                    Files.copy(file, zip);
                    zip.closeEntry();
                }
            }
            return jar;
        } catch (IOException e) {
            throw new LoadctlException(ExitCode.ENVIRONMENT, "cannot pack " + folder + " into a jar for the server"
                    + " host: " + e.getMessage() + " (is the temp folder writable?)", e);
        }
    }
}
