package dev.loadctl.preflight;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** A fake /proc (and /etc) tree for preflight tests, and open-files limits that tests set. */
public final class FakeProc {

    private final Path root;

    public FakeProc(Path root) {
        this.root = root;
    }

    /** This machine as the brief describes it: 2 cores' worth of sysctls, hard limit 20000. */
    public static FakeProc likeThisMachine(Path root) throws IOException {
        return new FakeProc(root)
                .sysctl("net.core.somaxconn", "4096")
                .sysctl("net.ipv4.tcp_max_syn_backlog", "2048")
                .sysctl("net.ipv4.ip_local_port_range", "32768\t60999")
                .sysctl("net.ipv4.tcp_tw_reuse", "2")
                .sysctl("kernel.osrelease", "6.1.0-test-amd64")
                .sysctl("kernel.hostname", "loadbox")
                .file("etc/os-release", "NAME=\"Debian\"\nPRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\n")
                .file("proc/cpuinfo", "processor\t: 0\nmodel name\t: Test CPU @ 2.0GHz\n\nprocessor\t: 1\n"
                        + "model name\t: Test CPU @ 2.0GHz\n")
                .limits(1024, 20000);
    }

    FakeProc sysctl(String name, String value) throws IOException {
        return file("proc/sys/" + name.replace('.', '/'), value + "\n");
    }

    FakeProc limits(long soft, long hard) throws IOException {
        return file("proc/self/limits", "Limit                     Soft Limit           Hard Limit           Units     \n"
                + "Max cpu time              unlimited            unlimited            seconds   \n"
                + String.format("Max open files            %-20d %-20d files     %n", soft, hard)
                + "Max locked memory         8388608              8388608              bytes     \n");
    }

    FakeProc file(String relative, String content) throws IOException {
        Path file = root.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        return this;
    }

    public ProcFs procFs() {
        return new ProcFs(root);
    }

    MachineFacts facts(int cores) {
        return MachineFacts.read(procFs(), cores);
    }

    /** Limits held in memory; raising works up to the hard limit, as setrlimit does for an unprivileged process. */
    static OpenFilesControl limitsOf(long soft, long hard) {
        return new OpenFilesControl() {
            private long current = soft;

            @Override
            public Optional<OpenFiles> read() {
                return Optional.of(new OpenFiles(current, hard));
            }

            @Override
            public Optional<OpenFiles> raiseSoft(long target) {
                current = Math.max(current, Math.min(target, hard));
                return read();
            }
        };
    }
}
