package dev.loadctl.cli;

import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * nginx as the nginx-echo profile runs it, for tests: is it installed, and did a test leave any of it
 * behind. Other people may run nginx on this machine, so only what appeared during the test and is
 * loadctl's counts: a master whose command line names a loadctl work folder, or a worker whose master
 * is such a master or is gone (an orphaned worker).
 */
final class NginxProcesses {

    static final Path NGINX = Path.of("/usr/sbin/nginx");
    static final Path ECHO_MODULE = Path.of("/usr/lib/nginx/modules/ngx_http_echo_module.so");
    private static final String WORK_DIR_PREFIX = "loadctl-work-";

    private NginxProcesses() {
    }

    private static boolean installed() {
        return Files.isExecutable(NGINX) && Files.isRegularFile(ECHO_MODULE);
    }

    /**
     * For a test that runs nginx: skips it where nginx or its echo module is missing, and is a
     * {@link LoadctlSandbox} that asserts nothing is left on its port; after the test it also checks that
     * no nginx of loadctl's and no work folder is left (waiting up to 10 s for each).
     */
    static final class Guard extends LoadctlSandbox {
        private Set<Long> pidsBefore;
        private Set<Path> workDirsBefore;

        Guard() {
            super(true);
        }

        @Override
        public void beforeEach(ExtensionContext context) throws IOException {
            assumeTrue(installed(), "skipped: nginx with the echo module is not installed"
                    + " (apt-get install nginx-light libnginx-mod-http-echo)");
            super.beforeEach(context);
            pidsBefore = ProcessHandle.allProcesses().map(ProcessHandle::pid).collect(Collectors.toSet());
            workDirsBefore = workDirs();
        }

        @Override
        public void afterEach(ExtensionContext context) throws Exception {
            super.afterEach(context);
            if (pidsBefore == null) {
                return;
            }
            assertThat(leftSince(pidsBefore, Duration.ofSeconds(10))).as("nginx processes left").isEmpty();
            assertThat(workDirs()).as("work folders left").isSubsetOf(workDirsBefore);
        }
    }

    /** loadctl's nginx processes that appeared since {@code before} and are still alive after {@code limit}. */
    private static List<String> leftSince(Set<Long> before, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        List<String> left = ours(before);
        while (!left.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(100);
            left = ours(before);
        }
        return left;
    }

    /** This JVM's loadctl work folders in the temp folder now (other test runs on the machine have their own). */
    private static Set<Path> workDirs() throws IOException {
        String ours = WORK_DIR_PREFIX + ProcessHandle.current().pid() + "-";
        try (Stream<Path> entries = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return entries.filter(path -> path.getFileName().toString().startsWith(ours))
                    .collect(Collectors.toSet());
        }
    }

    private static List<String> ours(Set<Long> before) {
        return ProcessHandle.allProcesses().filter(ProcessHandle::isAlive)
                .filter(process -> !before.contains(process.pid()))
                .filter(NginxProcesses::isOurs)
                .map(process -> process.pid() + " " + commandLine(process)).toList();
    }

    private static boolean isOurs(ProcessHandle process) {
        String commandLine = commandLine(process);
        if (commandLine.startsWith("nginx: master") || commandLine.startsWith(NGINX.toString())) {
            return commandLine.contains(WORK_DIR_PREFIX);
        }
        if (commandLine.startsWith("nginx: worker")) {
            Optional<ProcessHandle> master = process.parent().filter(ProcessHandle::isAlive);
            return master.isEmpty() || master.get().pid() == 1 || commandLine(master.get()).contains(WORK_DIR_PREFIX);
        }
        return false;
    }

    private static String commandLine(ProcessHandle process) {
        return process.info().commandLine().or(() -> process.info().command()).orElse("");
    }
}
