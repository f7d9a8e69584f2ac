package dev.loadctl.launch;

import dev.loadctl.ExitCode;
import dev.loadctl.LoadctlException;
import dev.loadctl.launch.ServerCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A profile's server configured by files: templates rendered into a fresh work dir per point, no shell. */
class CommandTargetTest {

    private static final String TEMPLATE = """
            # {threads} workers on {host}:{port}; the config's own ${variable} stays
            workers {threads};
            listen {host}:{port} backlog={connections};
            pid {work_dir}/server.pid;
            """;

    @TempDir
    Path tmp;

    private CommandTarget target(List<String> command, Map<String, String> files) {
        ServerCommand server = new ServerCommand(command, Map.of("CONFIG", "{work_dir}/app.conf"), "/health", files);
        return new CommandTarget(server, Map.of("port", "18123", "host", "127.0.0.1", "connections", "300",
                "profile_dir", tmp.toString()), "127.0.0.1", 18123, "/ping/");
    }

    @Test
    void filesAreRenderedIntoAFreshWorkDirThatIsDeletedWithTheServer() throws Exception {
        Files.writeString(tmp.resolve("app.conf.template"), TEMPLATE);
        // cat reads the rendered file by the path the command was given: an argument list, no shell between.
        CommandTarget target = target(List.of("/bin/cat", "{work_dir}/app.conf"),
                Map.of("app.conf", "{profile_dir}/app.conf.template"));

        TargetSpec first = target.forThreads(2);
        TargetSpec second = target.forThreads(2);
        try {
            Path workDir = first.workDir();
            assertThat(workDir).isDirectory().isNotEqualTo(second.workDir());
            assertThat(workDir.getFileName().toString()).startsWith(WorkDir.PREFIX);
            String rendered = Files.readString(workDir.resolve("app.conf"));
            assertThat(rendered).isEqualTo("""
                    # 2 workers on 127.0.0.1:18123; the config's own ${variable} stays
                    workers 2;
                    listen 127.0.0.1:18123 backlog=300;
                    pid %s/server.pid;
                    """.formatted(workDir));
            assertThat(first.command()).endsWith("/bin/cat", workDir + "/app.conf").doesNotContain("/bin/sh", "-c");
            assertThat(first.env()).containsEntry("CONFIG", workDir + "/app.conf");
            assertThat(first.readyUrl()).hasToString("http://127.0.0.1:18123/health");
            assertThat(first.loadUrl()).hasToString("http://127.0.0.1:18123/ping/");

            TargetProcess process = TargetProcess.start(first);
            try {
                assertThat(awaitOutput(process, 4)).containsExactly(rendered.strip().split("\n"));
            } finally {
                process.close();
            }
            assertThat(workDir).doesNotExist();
        } finally {
            TargetProcess.start(second).close();
        }
        assertThat(second.workDir()).doesNotExist();
    }

    @Test
    void aMissingTemplateFailsWithTheFixAndLeavesNoWorkDir() throws Exception {
        Set<Path> before = workDirs();
        CommandTarget target = target(List.of("/bin/true"), Map.of("app.conf", "{profile_dir}/nope.template"));

        assertThatThrownBy(() -> target.forThreads(1))
                .isInstanceOf(LoadctlException.class)
                .hasMessageStartingWith("cannot read the template " + tmp.resolve("nope.template")
                        + " of server.files.app.conf")
                .hasMessageEndingWith("fix the path in the profile")
                .satisfies(e -> assertThat(((LoadctlException) e).exitCode()).isEqualTo(ExitCode.USAGE));
        assertThat(workDirs()).isSubsetOf(before);
    }

    @Test
    void anUnknownPlaceholderInATemplateNamesTheTemplate() throws Exception {
        Files.writeString(tmp.resolve("bad.template"), "workers {workers};\n");
        Set<Path> before = workDirs();
        CommandTarget target = target(List.of("/bin/true"), Map.of("app.conf", "{profile_dir}/bad.template"));

        assertThatThrownBy(() -> target.forThreads(1))
                .hasMessageStartingWith("template " + tmp.resolve("bad.template") + ": unknown placeholder {workers}")
                .hasMessageNotContaining("\n");
        assertThat(workDirs()).isSubsetOf(before);
    }

    @Test
    void aServerThatCannotStartLeavesNoWorkDir() throws Exception {
        Files.writeString(tmp.resolve("app.conf.template"), TEMPLATE);
        TargetSpec spec = new CommandTarget(new ServerCommand(List.of("/no/such/server", "-c", "{work_dir}/app.conf"),
                Map.of(), null, Map.of("app.conf", tmp.resolve("app.conf.template").toString())),
                Map.of("port", "1", "host", "127.0.0.1", "connections", "1"), "127.0.0.1", 1, "/ping/")
                .forThreads(1);
        assertThat(spec.workDir()).isDirectory();

        // Without setpriv the spawn itself fails; with it, setpriv starts and then fails to exec.
        try {
            TargetProcess.start(spec).close();
        } catch (LoadctlException e) {
            assertThat(e.exitCode()).isEqualTo(ExitCode.TARGET_FAILED);
        }
        assertThat(spec.workDir()).doesNotExist();
    }

    @Test
    void aCommandWithoutFilesOrWorkDirGetsNoFolder() {
        TargetSpec spec = new CommandTarget(new ServerCommand(List.of("/bin/true", "{threads}"), Map.of(), null),
                Map.of(), "127.0.0.1", 1, "/ping/").forThreads(3);
        assertThat(spec.workDir()).isNull();
        assertThat(spec.command()).endsWith("/bin/true", "3");
        assertThat(spec.readyUrl()).isEqualTo(spec.loadUrl());
    }

    private static List<String> awaitOutput(TargetProcess process, int lines) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (process.lastOutput().size() < lines && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        return process.lastOutput();
    }

    private static Set<Path> workDirs() throws IOException {
        try (Stream<Path> entries = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return entries.filter(path -> path.getFileName().toString().startsWith(WorkDir.PREFIX + ProcessHandle.current().pid() + "-"))
                    .collect(Collectors.toSet());
        }
    }
}
