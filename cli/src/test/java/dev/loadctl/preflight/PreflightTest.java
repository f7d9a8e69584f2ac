package dev.loadctl.preflight;

import dev.loadctl.ExitCode;
import dev.loadctl.LoadctlException;
import dev.loadctl.result.SweepResult.PreflightCheck;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PreflightTest {

    private static final String WRK = "wrk debian/4.1.0-3+b2 [epoll] Copyright (C) 2012 Will Glozer";

    @TempDir
    Path root;
    private FakeProc proc;
    private int freePort;

    @BeforeEach
    void setUp() throws Exception {
        proc = FakeProc.likeThisMachine(root);
        try (ServerSocket socket = new ServerSocket(0)) {
            freePort = socket.getLocalPort();
        }
    }

    @Test
    void readsTheMachineFromTheFakeTree() {
        MachineFacts facts = proc.facts(2);
        assertThat(facts.os()).isEqualTo("Debian GNU/Linux 12 (bookworm)");
        assertThat(facts.kernel()).isEqualTo("6.1.0-test-amd64");
        assertThat(facts.cpuModel()).isEqualTo("Test CPU @ 2.0GHz");
        assertThat(facts.hostname()).isEqualTo("loadbox");
        assertThat(facts.openFiles()).isEqualTo(new OpenFiles(1024, 20000));
        assertThat(facts.somaxconn()).isEqualTo(4096);
        assertThat(facts.tcpMaxSynBacklog()).isEqualTo(2048);
        assertThat(facts.ephemeralPorts()).hasValue(60999 - 32768 + 1);
        assertThat(facts.toEnvironment(WRK)).satisfies(environment -> {
            assertThat(environment.ephemeralPortRange()).isEqualTo("32768-60999");
            assertThat(environment.wrkVersion()).isEqualTo(WRK);
            assertThat(environment.java()).contains(System.getProperty("java.runtime.version"));
        });
    }

    @Test
    void twentyThousandConnectionsAgainstAHardLimitOfTwentyThousandIsReportedHonestly() {
        PreflightReport report = run(FakeProc.limitsOf(1024, 20000), request(20000, List.of(1, 2, 4, 8)));

        PreflightCheck openFiles = check(report, "open files");
        assertThat(openFiles.status()).isEqualTo("warn");
        // What the origin's sweep recorded: 4, 5, 7 and 11 connect errors at -t1, -t2, -t4, -t8.
        assertThat(openFiles.message())
                .contains("raised the soft limit from 1,024 to 20,000")
                .contains("wrk can open at most 19,996 (-t1) to 19,989 (-t8) of the 20,000 connections (its own"
                        + " files: 3 + 1 per thread), so expect 4 to 11 connect errors per run")
                .contains("the bundled server (its JVM raises its soft limit to the hard one) can accept 19,975 of them at"
                        + " 8 threads (its own files: 9 + 2 per thread); the rest are never answered")
                .doesNotContain("may fail outright");
        assertThat(openFiles.fix()).contains("ulimit -n").contains("/etc/security/limits.conf").contains("LimitNOFILE");
        assertThat(report.facts().openFiles()).isEqualTo(new OpenFiles(20000, 20000));

        assertThat(check(report, "listen backlog").status()).isEqualTo("warn");
        assertThat(check(report, "listen backlog").fix()).contains("sysctl -w net.core.somaxconn=20000");
        assertThat(check(report, "SYN backlog").status()).isEqualTo("warn");
        // 28,232 ports for 20,000 connections, and tcp_tw_reuse=2 lets a new run reuse TIME_WAIT ports.
        assertThat(check(report, "ephemeral ports").status()).isEqualTo("ok");
        assertThat(check(report, "cores").status()).isEqualTo("warn");
        assertThat(check(report, "cores").message()).contains("2 cores shared by wrk (up to 8 threads)");
        assertThat(report.firstFailure()).isEmpty();
    }

    @Test
    void aSoftLimitBelowTheNeedIsRaisedWhereTheHardLimitAllows() {
        PreflightReport report = run(FakeProc.limitsOf(1024, 4096), request(1000, List.of(1, 2)));

        assertThat(check(report, "open files").status()).isEqualTo("ok");
        assertThat(check(report, "open files").message()).contains("raised the soft limit from 1,024 to 1,256");
        assertThat(check(report, "listen backlog").status()).isEqualTo("ok");
        assertThat(report.facts().openFiles().soft()).isEqualTo(1256);
    }

    @Test
    void aHardLimitTooLowSaysHowToRaiseIt() {
        PreflightReport report = run(FakeProc.limitsOf(1024, 1024), request(4000, List.of(1)));
        PreflightCheck openFiles = check(report, "open files");
        assertThat(openFiles.status()).isEqualTo("warn");
        assertThat(openFiles.message()).doesNotContain("raised")
                .contains("wrk can open at most 1,020 of the 4,000 connections")
                .contains("so expect 2,980 connect errors per run")
                .contains("the bundled server (its JVM raises its soft limit to the hard one) can accept 1,013 of them at"
                        + " 1 thread");
        assertThat(openFiles.fix()).contains("raise it to 4256");
    }

    @Test
    void enoughForWrkAndTheBundledServerIsNotAWarningEvenWithoutTheGenerousMargin() {
        // 19,975 connections + wrk's 3 + 8 files fit in 20,000, and so do they + the server's 9 + 16: nothing is short.
        PreflightCheck openFiles = check(run(FakeProc.limitsOf(20000, 20000), request(19975, List.of(1, 8))),
                "open files");
        assertThat(openFiles.status()).isEqualTo("ok");
        assertThat(openFiles.message()).isEqualTo("soft 20,000 / hard 20,000: enough for 19,975 connections and"
                + " wrk's and the server's own files");
    }

    @Test
    void aProfilesServerIsJudgedWithAGenerousGuessOfItsOwnFiles() {
        PreflightRequest uvicorn = new PreflightRequest(19900, List.of(1), null, "127.0.0.1", freePort,
                List.of("/bin/true"), List.of());
        PreflightCheck openFiles = check(run(FakeProc.limitsOf(20000, 20000), uvicorn), "open files");
        assertThat(openFiles.status()).isEqualTo("warn");
        assertThat(openFiles.message()).doesNotContain("wrk can open")
                .contains("the profile's server, if it keeps the soft limit, can accept about 19,744 (guessing 256"
                        + " files of its own)");
    }

    @Test
    void wrkMayFailOutrightWhenItsFirstThreadsUseUpTheLimit() {
        // As measured: prlimit --nofile=1000 wrk -t8 -c2000 exited with "unable to create thread 7".
        PreflightCheck openFiles = check(run(FakeProc.limitsOf(1000, 1000), request(2000, List.of(8))),
                "open files");
        assertThat(openFiles.message()).contains("wrk can open at most 989 of the 2,000 connections")
                .contains("so expect 1,011 connect errors per run, or wrk -t8 may fail outright ('unable to create"
                        + " thread 7: Too many open files')");
    }

    @Test
    void oneThreadIsSingular() {
        PreflightReport report = run(FakeProc.limitsOf(20000, 20000), request(100, List.of(1)));
        assertThat(check(report, "connections").message()).isEqualTo("100 connections for up to 1 wrk thread");
        assertThat(check(report, "cores").message()).isEqualTo("2 cores shared by wrk (up to 1 thread) and the server"
                + " (up to 1 thread)");
        assertThat(run(FakeProc.limitsOf(20000, 20000), request(100, List.of(1, 2))).checks())
                .filteredOn(check -> check.name().equals("cores")).first()
                .extracting(PreflightCheck::message).asString().contains("(up to 2 threads)");
    }

    @Test
    void fewerConnectionsThanThreadsFailsAsAUsageError() {
        PreflightReport report = run(FakeProc.limitsOf(20000, 20000), request(2, List.of(1, 4)));
        assertThat(check(report, "connections").status()).isEqualTo("fail");
        assertThatThrownBy(report::requirePassed)
                .isInstanceOf(LoadctlException.class)
                .hasMessage("2 connections < 4 wrk threads: wrk needs at least one connection per thread:"
                        + " pass --connections 4 or more, or fewer --threads/--wrk-threads")
                .satisfies(e -> assertThat(((LoadctlException) e).exitCode()).isEqualTo(ExitCode.USAGE));
    }

    @Test
    void tooFewEphemeralPortsFails() throws Exception {
        proc.sysctl("net.ipv4.ip_local_port_range", "60000 60999");
        PreflightReport report = run(FakeProc.limitsOf(20000, 20000), request(5000, List.of(1)));
        PreflightCheck ports = check(report, "ephemeral ports");
        assertThat(ports.status()).isEqualTo("fail");
        assertThat(ports.message()).contains("1,000 ports").contains("cannot open 5,000 connections");
        assertThat(report.firstFailure().orElseThrow().failureCode()).isEqualTo(ExitCode.ENVIRONMENT);
    }

    @Test
    void moreConnectionsThanOneSourceAddressHasPortsFailsWithWhatCanHoldThem() throws Exception {
        proc.sysctl("net.ipv4.ip_local_port_range", "1024 65535");
        PreflightCheck ports = check(run(FakeProc.limitsOf(200000, 200000), request(100000, List.of(1))),
                "ephemeral ports");
        assertThat(ports.status()).isEqualTo("fail");
        assertThat(ports.message()).isEqualTo("100,000 connections to one address and port need more than the 64,512"
                + " source ports one source address has (1024-65535, the widest ip_local_port_range): no port range on"
                + " this machine can hold them");
        assertThat(ports.fix()).contains("several source addresses or generator hosts")
                .doesNotContain("ip_local_port_range=");
    }

    @Test
    void aNarrowRangeIsWidenedToOneThatHoldsTheConnections() {
        PreflightCheck ports = check(run(FakeProc.limitsOf(200000, 200000), request(40000, List.of(1))),
                "ephemeral ports");
        assertThat(ports.status()).isEqualTo("fail");
        assertThat(ports.fix()).isEqualTo("widen it: sysctl -w net.ipv4.ip_local_port_range=\"1024 65535\"");
    }

    @Test
    void missingWrkFailsWithTheInstallCommand() {
        PreflightReport report = new Preflight(proc.facts(2), FakeProc.limitsOf(20000, 20000), () -> {
            throw new LoadctlException(ExitCode.ENVIRONMENT, "wrk is not on PATH");
        }).run(request(100, List.of(1)));
        assertThat(report.wrkVersion()).isNull();
        assertThat(check(report, "wrk").status()).isEqualTo("fail");
        assertThatThrownBy(report::requirePassed).hasMessageContaining("wrk is not on PATH")
                .hasMessageContaining("apt-get install wrk")
                .satisfies(e -> assertThat(((LoadctlException) e).exitCode()).isEqualTo(ExitCode.ENVIRONMENT));
    }

    @Test
    void aPortInUseFailsWithTheFix() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("127.0.0.1", 0));
            PreflightRequest request = new PreflightRequest(100, List.of(1), null, "127.0.0.1",
                    taken.getLocalPort(), List.of(), List.of());
            PreflightReport report = run(FakeProc.limitsOf(20000, 20000), request);
            assertThatThrownBy(report::requirePassed).hasMessage("port " + taken.getLocalPort()
                    + " is in use: stop what listens there or pass --port");
        }
    }

    @Test
    void profileRequirementsAndServerProgramAreProbed() {
        PreflightRequest request = new PreflightRequest(100, List.of(1), null, "127.0.0.1", freePort,
                List.of("/no/such/python3", "-m", "uvicorn"),
                List.of(new Requirement("true thing", List.of("/bin/true"), "nothing"),
                        new Requirement("fastapi for a python that lacks it",
                                List.of("/bin/sh", "-c", "echo 'ModuleNotFoundError: No module named fastapi'; exit 1"),
                                "apt-get install python3-fastapi python3-uvicorn")));
        PreflightReport report = run(FakeProc.limitsOf(20000, 20000), request);

        assertThat(check(report, "server program").status()).isEqualTo("fail");
        assertThat(check(report, "server program").message()).contains("/no/such/python3");
        assertThat(check(report, "true thing").status()).isEqualTo("ok");
        PreflightCheck fastapi = check(report, "fastapi for a python that lacks it");
        assertThat(fastapi.status()).isEqualTo("fail");
        assertThat(fastapi.message()).contains("No module named fastapi");
        assertThat(fastapi.fix()).isEqualTo("apt-get install python3-fastapi python3-uvicorn");
    }

    @Test
    void readsTheRealOpenFilesLimitOfThisProcess() {
        OpenFiles limits = OpenFilesControl.ofThisProcess(ProcFs.system()).read().orElseThrow();
        assertThat(limits.soft()).isPositive().isLessThanOrEqualTo(limits.hard());
    }

    private PreflightRequest request(int connections, List<Integer> threads) {
        return new PreflightRequest(connections, threads, null, "127.0.0.1", freePort, List.of(), List.of());
    }

    private PreflightReport run(OpenFilesControl limits, PreflightRequest request) {
        return new Preflight(proc.facts(2), limits, () -> WRK).run(request);
    }

    private static PreflightCheck check(PreflightReport report, String name) {
        return report.checks().stream().filter(check -> check.name().equals(name)).findFirst().orElseThrow();
    }
}
